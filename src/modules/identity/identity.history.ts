// Who may see the access history of identity records: a privacy officer for the region sees any; one for an
// agency sees a person only while the agency holds a record of them, and only the agency's own source records.
import type { AccessHistoryService } from '../../platform/audit/access-history.service.ts';
import type { IdentityTables } from './identity.tables.ts';

export function registerIdentityHistories(histories: AccessHistoryService): void {
  histories.register('person', 'Person', async (db, actor, recordId) => {
    if (actor.scopeKind === 'region') return true;
    const held = await db
      .withTables<IdentityTables>()
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select('r.id')
      .where('l.personId', '=', recordId)
      .where('l.endedAt', 'is', null)
      .where('r.agencyId', '=', actor.agencyId)
      .executeTakeFirst();
    return Boolean(held);
  });
  histories.register('source-record', 'Agency source record', async (db, actor, recordId) => {
    if (actor.scopeKind === 'region') return true;
    const record = await db.withTables<IdentityTables>().selectFrom('sourceRecords').select('agencyId').where('id', '=', recordId).executeTakeFirst();
    return record?.agencyId === actor.agencyId;
  });
}
