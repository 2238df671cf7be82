// The protection desk's public surface: other modules reach the desk only through this file.
export { ProtectionDeskService, type ForwardedNotification, type HubForwarder, type ImportResult, type RejectedRow, type SubmitResult } from './notifications.service.ts';
export type { DeskTables, NotificationPerson, Brag, IncidentType, ScoreLine } from './desk.tables.ts';
export { deskMigrations } from './desk.migrations.ts';
export { registerDeskHistories } from './desk.history.ts';
export { scoreNotification, bragOf, DEFAULT_FACTORS, DEFAULT_SETTINGS } from './risk.domain.ts';
