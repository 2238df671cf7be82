// The identity module's tables: Safehub's people, what each agency holds about them, the links
// between the two, identity events (merge and unmerge) and the clerical review queue.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface PreviousAddress {
  address: string | null;
  postcode: string | null;
}

export interface FieldEvidence {
  field: string;
  /** The comparison level reached, e.g. 'exact', 'nickname', 'day-month-swapped', 'missing'. */
  level: string;
  /** The field's contribution to the match weight (log2 Bayes factor). */
  weight: number;
}

export interface PersonsTable {
  id: Generated<string>;
  status: Generated<'active' | 'merged'>;
  mergedIntoId: string | null;
  isRestricted: Generated<boolean>;
  restrictedTeamId: string | null;
  createdAt: CreatedAt;
  createdBy: string | null;
  version: Generated<number>;
}

export interface SourceRecordsTable {
  id: Generated<string>;
  agencyId: string;
  localId: string;
  recordKind: string | null;
  forenames: string;
  surname: string;
  aliases: Generated<string[]>;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U' | null;
  nhsNumber: string | null;
  upn: string | null;
  postcode: string | null;
  address: string | null;
  previousAddresses: Json<PreviousAddress[]>;
  laCode: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
  createdBy: string | null;
  version: Generated<number>;
}

export interface PersonLinksTable {
  id: Generated<string>;
  sourceRecordId: string;
  personId: string;
  matchProbability: number | null;
  evidence: Json<FieldEvidence[]>;
  method: 'new-person' | 'automatic' | 'clerical' | 'merge' | 'unmerge';
  confirmedBy: string | null;
  createdAt: CreatedAt;
  endedAt: Timestamp | null;
  endReason: string | null;
}

export interface IdentityEventsTable {
  id: Generated<string>;
  kind: 'merge' | 'unmerge';
  /** For a merge: the person kept. */
  personId: string;
  /** For a merge: the person merged into `personId`. */
  otherPersonId: string;
  reversesEventId: string | null;
  /** Links ended by the event, and links it created (so an unmerge can restore exactly). */
  endedLinkIds: string[];
  createdLinkIds: string[];
  reason: string;
  actorUserId: string | null;
  createdAt: CreatedAt;
}

export interface MatchReviewsTable {
  id: Generated<string>;
  sourceRecordId: string;
  /** The person the record was provisionally given. */
  provisionalPersonId: string;
  candidatePersonId: string;
  probability: number;
  evidence: Json<FieldEvidence[]>;
  status: Generated<'open' | 'linked' | 'separate'>;
  laCode: string | null;
  createdAt: CreatedAt;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  decisionReason: string | null;
}

export type RelationshipKind = 'parent-of' | 'step-parent-of' | 'carer-of' | 'sibling-of' | 'partner-of' | 'household-member';
export type RelationshipSource = 'contact' | 'agency-record' | 'practitioner';

/**
 * One recorded fact: `personId` is `kind` of `relatedPersonId` ("A parent-of B"). Symmetric kinds (sibling-of,
 * partner-of, household-member) are stored once, with the lower id first, and read both ways. Rows hold the
 * person ids current when the fact was recorded; readers follow merges (see family.repository.ts).
 */
export interface RelationshipsTable {
  id: Generated<string>;
  personId: string;
  relatedPersonId: string;
  kind: RelationshipKind;
  source: RelationshipSource;
  /** Where the fact came from, e.g. a contact id. */
  sourceRef: string | null;
  recordedAt: CreatedAt;
  recordedBy: string | null;
  endedAt: Timestamp | null;
  endedReason: string | null;
  endedBy: string | null;
  version: Generated<number>;
}

// A type alias (not an interface) so Kysely's withTables<IdentityTables>() accepts it.
export type IdentityTables = {
  persons: PersonsTable;
  sourceRecords: SourceRecordsTable;
  personLinks: PersonLinksTable;
  identityEvents: IdentityEventsTable;
  matchReviews: MatchReviewsTable;
  relationships: RelationshipsTable;
};
