// The identity module's public surface: other modules reach identity only through this file.
export { bulkLoadSourceRecords, type BulkLoadResult, type BulkSourceRecord, type ClusterAssignment, type Clusterer } from './bulk-load.ts';
export { sourceRecordSchema, personFieldsSchema, type SourceRecordInput, type PersonFields } from './identity.forms.ts';
export type { MatchBands, MatchQuery, PersonMatcher, RecordCandidate } from './identity.matcher.ts';
export type { IdentityTables, FieldEvidence } from './identity.tables.ts';
export { RegistryService, isValidNhsNumber, type RegistrationResult, type PersonCandidate } from './registry.service.ts';
