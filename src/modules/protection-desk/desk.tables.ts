// The protection desk's tables: police notifications, the desk's risk factors and thresholds (per police
// agency), and the record of each bulk load.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export const INCIDENT_TYPES = ['domestic-abuse', 'child-missing', 'child-arrested', 'exploitation-concern', 'child-at-risk', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const BRAGS = ['red', 'amber', 'green', 'blue'] as const;
export type Brag = (typeof BRAGS)[number];

export const NOTIFICATION_STATUSES = ['new', 'in-review', 'forwarded', 'closed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
/** The statuses still on the desk: the queue shows these unless asked otherwise. */
export const OPEN_STATUSES: readonly NotificationStatus[] = ['new', 'in-review'];

export const CLOSE_REASONS = ['no-child-concern', 'already-known-open-case', 'duplicate', 'information-only', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const ADULT_ROLES = ['parent', 'carer', 'suspect', 'victim', 'witness', 'other'] as const;
export type AdultRole = (typeof ADULT_ROLES)[number];

/** A child or adult named in a notification, as the police recorded them. */
export interface NotificationPerson {
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U' | null;
  /** The police system's own person reference. */
  localId: string | null;
  /** Adults only: how they were involved. */
  role?: AdultRole | null;
}

/** One line of a notification's score: every active factor, applied or not, with the weight it carried. */
export interface ScoreLine {
  code: string;
  label: string;
  weight: number;
  applied: boolean;
  /** Why it applied: 'reported' by the police, 'incident-type', 'dates-of-birth' or 'earlier-notification'. */
  basis: string | null;
}

export interface PoliceNotificationsTable {
  id: Generated<string>;
  agencyId: string;
  policeReference: string;
  laCode: string;
  occurredAt: Timestamp;
  receivedAt: Timestamp;
  incidentType: IncidentType;
  /** The officer's words: personal data, never logged or audited as text. */
  summary: string;
  children: Json<NotificationPerson[]>;
  adults: Json<NotificationPerson[]>;
  /** Factor codes as reported by the police (normalised, sorted). */
  factors: string[];
  /** Normalised surname + date of birth of each child, to find repeat victims. */
  childKeys: string[];
  /** SHA-256 of the notification's content, so a re-sent notification is recognised as unchanged. */
  contentHash: string;
  score: number;
  brag: Brag;
  scoreBreakdown: Json<ScoreLine[]>;
  status: Generated<NotificationStatus>;
  assignedTo: string | null;
  dueAt: Timestamp;
  closedReason: CloseReason | null;
  closedReasonDetail: string | null;
  closedAt: Timestamp | null;
  closedBy: string | null;
  forwardedAt: Timestamp | null;
  forwardedBy: string | null;
  contactId: string | null;
  importBatchId: string | null;
  createdAt: CreatedAt;
  createdBy: string | null;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface DeskRiskFactorsTable {
  agencyId: string;
  code: string;
  label: string;
  weight: number;
  isActive: Generated<boolean>;
  description: string;
  sortOrder: number;
  updatedAt: Timestamp;
  updatedBy: string | null;
  version: Generated<number>;
}

export interface DeskSettingsTable {
  agencyId: string;
  redFrom: number;
  amberFrom: number;
  greenFrom: number;
  redDueHours: number;
  amberDueHours: number;
  greenDueHours: number;
  blueDueHours: number;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface ImportRowResult {
  row: number;
  policeReference: string | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  notificationId?: string;
  errors?: Record<string, string>;
}

export type StoredRowResult = Omit<ImportRowResult, 'errors'> & { problems?: { field: string; message: string }[] };

export interface DeskImportBatchesTable {
  id: Generated<string>;
  agencyId: string;
  fileName: string | null;
  format: 'csv' | 'json' | 'api';
  received: number;
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /**
   * Row outcomes: row numbers, police references, notification ids and field messages; never names or text.
   * Problems are a list, not an object keyed by field: the CamelCasePlugin would rename keys like child_1_dob.
   */
  results: Json<StoredRowResult[]>;
  createdAt: CreatedAt;
  createdBy: string | null;
  createdByApiKeyId: string | null;
}

// A type alias (not an interface) so Kysely's withTables<DeskTables>() accepts it.
export type DeskTables = {
  policeNotifications: PoliceNotificationsTable;
  deskRiskFactors: DeskRiskFactorsTable;
  deskSettings: DeskSettingsTable;
  deskImportBatches: DeskImportBatchesTable;
};
