// Who may see the access history of front-door records: a privacy officer for the region sees any; one for an
// agency sees a contact held by their agency's hub (its local authority) or sent by their agency, and the checks
// asked of their agency.
import type { AccessHistoryService } from '../../platform/audit/access-history.service.ts';
import type { FrontDoorTables } from './front-door.tables.ts';

export function registerFrontDoorHistories(histories: AccessHistoryService): void {
  histories.register('contact', 'Front-door contact', async (db, actor, recordId) => {
    if (actor.scopeKind === 'region') return true;
    const contact = await db
      .withTables<FrontDoorTables>()
      .selectFrom('contacts as c')
      .leftJoin('agencies as hub', (join) => join.onRef('hub.localAuthorityCode', '=', 'c.laCode').on('hub.typeCode', '=', 'childrens-social-care'))
      .select(['hub.id as hubAgencyId', 'c.referrerAgencyId'])
      .where('c.id', '=', recordId)
      .executeTakeFirst();
    return Boolean(contact && (contact.hubAgencyId === actor.agencyId || contact.referrerAgencyId === actor.agencyId));
  });
  histories.register('agency-check', 'Agency check', async (db, actor, recordId) => {
    if (actor.scopeKind === 'region') return true;
    const check = await db.withTables<FrontDoorTables>().selectFrom('agencyChecks').select('agencyId').where('id', '=', recordId).executeTakeFirst();
    return check?.agencyId === actor.agencyId;
  });
}
