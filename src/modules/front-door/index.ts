// The front door's public surface: other modules reach it only through this file.
export { ContactsService, type ContactAccess, type FamilyHooks, type ForwardedNotificationInput, type QueueFilters } from './contacts.service.ts';
export type { FrontDoorTables } from './front-door.tables.ts';
export {
  OUTCOMES,
  INDICATORS,
  REFERRAL_SOURCES,
  REFERRAL_SOURCE_ENTRIES,
  RAG_PRESETS,
  DEFAULT_SETTINGS,
  alertsFor,
  decisionDueAt,
  levelForRag,
  screeningDueAt,
  type AlertKind,
  type Outcome,
  type Rag,
} from './front-door.domain.ts';
export type { ContactStatus } from './front-door.tables.ts';
export { contactInputSchema, type ContactInput } from './front-door.forms.ts';
export { importContactsCsv, importContactBatch, contactRowsFromCsv, contactCsvColumns, type ContactImportResult, type ContactRowResult } from './contacts.import.ts';
export { DraftsService, DRAFT_RETENTION_DAYS, type Draft, type DraftData } from './drafts.service.ts';
export { ChronologyService, CHRONOLOGY_KINDS, type ChronologyEntry, type ChronologySource, type ChronologyKind } from './chronology.service.ts';
export { familyHooks, householdMembers } from './family-hooks.ts';
export { registerFrontDoorHistories } from './front-door.history.ts';
