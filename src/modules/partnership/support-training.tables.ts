// The tables of regional advisers' leads, support requests and training.
import type { ColumnType, Generated } from 'kysely';

type Day = ColumnType<string, string, string>;
type Instant = ColumnType<Date, Date | string, Date | string>;

export interface AdviserLeadsTable {
  id: Generated<string>;
  userId: string;
  kind: 'theme' | 'agency-type';
  code: string;
  createdAt: Generated<Date>;
  createdBy: string | null;
}

export interface SupportRequestsTable {
  id: Generated<string>;
  boardCode: string;
  topic: string;
  detail: string;
  urgency: 'routine' | 'urgent' | 'rapid-response';
  status: Generated<'new' | 'assigned' | 'in-progress' | 'closed'>;
  /** Null when the regional team recorded a request from someone without an account. */
  requestedBy: string | null;
  requesterName: string;
  requesterAgencyId: string | null;
  requestedAt: Instant;
  assignedTo: string | null;
  assignedAt: Instant | null;
  closedAt: Instant | null;
  closedBy: string | null;
  outcome: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface SupportRequestLogTable {
  id: Generated<string>;
  requestId: string;
  entryOn: Day;
  entry: string;
  createdAt: Generated<Date>;
  createdBy: string | null;
}

export interface TrainingCoursesTable {
  id: Generated<string>;
  title: string;
  description: string;
  audiences: string[];
  provider: string;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface TrainingSessionsTable {
  id: Generated<string>;
  courseId: string;
  heldOn: Day;
  venue: string;
  /** The hosting board; the regional board's code means a pan-London session. */
  boardCode: string;
  capacity: number;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface TrainingBookingsTable {
  id: Generated<string>;
  sessionId: string;
  attendeeName: string;
  audience: string;
  boardCode: string;
  agencyName: string | null;
  userId: string | null;
  status: Generated<'booked' | 'attended' | 'did-not-attend' | 'cancelled'>;
  isCompleted: Generated<boolean>;
  completedOn: Day | null;
  evaluationScore: number | null;
  evaluationComment: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface TrainingAudienceCountsTable {
  boardCode: string;
  audience: string;
  year: number;
  count: number;
  updatedAt: Generated<Date>;
  updatedBy: string | null;
  version: Generated<number>;
}

export type SupportTrainingTables = {
  adviserLeads: AdviserLeadsTable;
  supportRequests: SupportRequestsTable;
  supportRequestLog: SupportRequestLogTable;
  trainingCourses: TrainingCoursesTable;
  trainingSessions: TrainingSessionsTable;
  trainingBookings: TrainingBookingsTable;
  trainingAudienceCounts: TrainingAudienceCountsTable;
};
