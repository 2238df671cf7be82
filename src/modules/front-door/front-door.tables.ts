// The front door's tables: contacts and the people they name, drafts, screenings (RAG history), agency checks
// with their sharing decisions, alerts, allocations of children to workers, settings per local authority, and
// the contact's event history (which feeds the chronology).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type ContactStatus = 'screening' | 'awaiting-checks' | 'awaiting-decision' | 'awaiting-sign-off' | 'decided' | 'with-allocated-worker' | 'transferred';

export interface ContactsTable {
  id: string;
  reference: string;
  laCode: string;
  transferredFromLaCode: string | null;
  status: ContactStatus;
  source: string;
  /** The person who raised the concern: a signed-in user, or named by a partner system. */
  referrerUserId: string | null;
  referrerAgencyId: string | null;
  referrerName: string;
  referrerRole: string | null;
  referrerPhone: string | null;
  referrerEmail: string | null;
  apiKeyId: string | null;
  externalReference: string | null;
  policeNotificationId: string | null;
  concern: string;
  indicators: string[];
  consent: string;
  consentIsChildsOwn: boolean;
  consentException: string | null;
  consentReason: string | null;
  consentAuthorisedBy: string | null;
  /** A recorded strategy decision puts the contact on the section 47 track. */
  onStrategyTrack: boolean;
  strategyRecordedAt: Timestamp | null;
  strategyRecordedBy: string | null;
  receivedAt: Timestamp;
  rag: string | null;
  thresholdLevel: number | null;
  screeningDueAt: Timestamp | null;
  decisionDueAt: Timestamp;
  assignedTo: string | null;
  outcome: string | null;
  rationale: string | null;
  decidedAt: Timestamp | null;
  decidedBy: string | null;
  isReferral: boolean | null;
  signOffRequired: boolean;
  signedOffAt: Timestamp | null;
  signedOffBy: string | null;
  referrerToldAt: Timestamp | null;
  createdAt: CreatedAt;
  createdBy: string | null;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface ContactPersonsTable {
  id: Generated<string>;
  contactId: string;
  position: number;
  role: 'child' | 'adult';
  relationship: string | null;
  personId: string;
  sourceRecordId: string;
  matchOutcome: string;
  matchProbability: number | null;
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  isUnborn: boolean;
  sex: string | null;
  nhsNumber: string | null;
  postcode: string | null;
  address: string | null;
}

export interface ContactDraftsTable {
  id: Generated<string>;
  userId: string;
  data: Json<Record<string, unknown>>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface ScreeningsTable {
  id: Generated<string>;
  contactId: string;
  rag: string;
  thresholdLevel: number | null;
  reason: string;
  dueAt: Timestamp | null;
  ratedAt: Timestamp;
  ratedBy: string | null;
}

export type CheckStatus = 'requested' | 'responded' | 'no-information' | 'declined';

export interface AgencyChecksTable {
  id: Generated<string>;
  contactId: string;
  agencyId: string;
  basis: string;
  question: string | null;
  requestedAt: Timestamp;
  requestedBy: string | null;
  dueAt: Timestamp;
  status: CheckStatus;
  escalatedAt: Timestamp | null;
  respondedAt: Timestamp | null;
  respondedBy: string | null;
  disclosure: string | null;
  sharingWhat: string | null;
  sharingWhy: string | null;
  lawfulBasis: string | null;
  decidedByName: string | null;
  declineReason: string | null;
  version: Generated<number>;
}

export interface ContactAlertsTable {
  id: Generated<string>;
  contactId: string;
  personId: string | null;
  kind: string;
  details: Json<Record<string, string | number | boolean | null | string[]>>;
  raisedAt: Timestamp;
}

export interface ChildAllocationsTable {
  id: Generated<string>;
  personId: string;
  laCode: string;
  workerUserId: string;
  contactId: string | null;
  allocatedAt: Timestamp;
  allocatedBy: string | null;
  endedAt: Timestamp | null;
}

export interface ContactEventsTable {
  id: Generated<string>;
  contactId: string;
  kind: string;
  occurredAt: Timestamp;
  actorUserId: string | null;
  actorAgencyId: string | null;
  details: Json<Record<string, string | number | boolean | null | string[]>>;
  isSignificant: boolean;
}

export interface FrontDoorSettingsTable {
  laCode: string;
  presetCode: string;
  opensAt: string;
  closesAt: string;
  signOffOutcomes: string[];
  lowLevelThreshold: number;
  updatedAt: Timestamp;
  updatedBy: string | null;
  version: Generated<number>;
}

export type FrontDoorTables = {
  contacts: ContactsTable;
  contactPersons: ContactPersonsTable;
  contactDrafts: ContactDraftsTable;
  screenings: ScreeningsTable;
  agencyChecks: AgencyChecksTable;
  contactAlerts: ContactAlertsTable;
  childAllocations: ChildAllocationsTable;
  contactEvents: ContactEventsTable;
  frontDoorSettings: FrontDoorSettingsTable;
};
