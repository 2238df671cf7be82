// The identity module's public surface: other modules reach identity only through this file.
export { bulkLoadSourceRecords, type BulkLoadResult, type BulkSourceRecord, type ClusterAssignment, type Clusterer } from './bulk-load.ts';
export { sourceRecordSchema, personFieldsSchema, type SourceRecordInput, type PersonFields } from './identity.forms.ts';
export type { MatchBands, MatchQuery, PersonMatcher, RecordCandidate } from './identity.matcher.ts';
export type { IdentityTables, FieldEvidence } from './identity.tables.ts';
export { RegistryService, isValidNhsNumber, type RegistrationResult, type PersonCandidate } from './registry.service.ts';
export {
  ADULT_AGE,
  RELATIONSHIP_KINDS,
  RELATIONSHIP_SOURCES,
  THINK_FAMILY_FLAGS,
  contactHouseholdFacts,
  flagWords,
  thinkFamilyPromptText,
  type RelationshipFact,
  type ThinkFamilyFlag,
} from './family.domain.ts';
export {
  asFamilyDb,
  householdOf,
  knownToAdultServices,
  thinkFamilyPrompts,
  MAX_HOUSEHOLD_MEMBERS,
  type AgencyTypeRef,
  type FamilyDb,
  type FamilyExecutor,
  type FamilyTables,
  type FamilyMember,
  type FamilyView,
  type HouseholdOptions,
  type MemberRelationship,
  type SharedAddress,
  type ThinkFamilyPrompt,
} from './family.repository.ts';
export { FamilyService, type PersonFamily, type RecordedRelationship, type RecordRelationshipsResult } from './family.service.ts';
export type { RelationshipKind, RelationshipSource } from './identity.tables.ts';
