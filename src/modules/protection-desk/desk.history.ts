// Who may see the access history of a police notification: a privacy officer for the region sees any; one for
// an agency sees only the notifications of that agency (the police force that sent them).
import type { AccessHistoryService } from '../../platform/audit/access-history.service.ts';
import type { DeskTables } from './desk.tables.ts';
import { RECORD_TYPE } from './notifications.service.ts';

export function registerDeskHistories(histories: AccessHistoryService): void {
  histories.register(RECORD_TYPE, 'Police notification', async (db, actor, recordId) => {
    if (actor.scopeKind === 'region') return true;
    const notification = await db.withTables<DeskTables>().selectFrom('policeNotifications').select('agencyId').where('id', '=', recordId).executeTakeFirst();
    return notification?.agencyId === actor.agencyId;
  });
}
