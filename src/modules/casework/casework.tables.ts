// Casework's tables (see casework.migrations.ts for what each holds).
import type { ColumnType, Generated } from 'kysely';
import type { AppliedRule, LocalOverride, RulebookCode } from './casework.rules.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A calendar date, read and written as YYYY-MM-DD (the database's `date`; see the type parser in platform/db). */
type Day = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;
type Versioned = {
  createdAt: ColumnType<Date, Date | string | undefined, never>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
};

/** Someone at a strategy discussion, conference or core group: their agency, name and role. */
export interface Participant {
  agencyId: string | null;
  agencyName: string;
  name: string;
  role: string;
  /** For conferences: invited, attended, sent apologies, submitted a report. */
  invited?: boolean;
  attended?: boolean;
  reportSubmitted?: boolean;
}

/** A stuck-case rule as a board configures it. */
export interface StuckRuleSetting {
  code: string;
  enabled: boolean;
  /** The rule's figures (months, count, years), by name. */
  params: Record<string, number>;
}

export interface CaseworkSettingsTable {
  laCode: string;
  rulebook: RulebookCode;
  overrides: Json<LocalOverride[]>;
  stuckRules: Json<StuckRuleSetting[]>;
  updatedAt: Timestamp;
  updatedBy: string | null;
  version: Generated<number>;
}

export interface CaseEpisodesTable extends Versioned {
  id: string;
  personId: string;
  laCode: string;
  contactId: string | null;
  externalReference: string | null;
  rulebook: RulebookCode;
  referralOn: Day;
  referralSource: string;
  primaryNeed: string | null;
  isNfa: boolean;
  isUnborn: boolean;
  expectedBirthOn: Day | null;
  workerUserId: string | null;
  teamId: string | null;
  status: 'open' | 'closed';
  closedOn: Day | null;
  closureReason: string | null;
}

export interface CaseAssessmentsTable extends Versioned {
  id: string;
  episodeId: string;
  kind: 'initial' | 'core' | 'single';
  startedOn: Day;
  completedOn: Day | null;
  outcome: string | null;
  factors: string[];
  summary: string | null;
}

export interface StrategyDiscussionsTable extends Versioned {
  id: string;
  episodeId: string;
  heldOn: Day;
  participants: Json<Participant[]>;
  initiatedS47: boolean;
  decisions: string | null;
}

export interface S47EnquiriesTable extends Versioned {
  id: string;
  episodeId: string;
  strategyDiscussionId: string;
  startedOn: Day;
  completedOn: Day | null;
  outcome: string | null;
  icpcRequired: boolean | null;
}

export interface ConferencesTable extends Versioned {
  id: string;
  episodeId: string;
  kind: 'initial' | 'pre-birth' | 'review';
  s47Id: string | null;
  cpPlanId: string | null;
  heldOn: Day;
  attendance: Json<Participant[]>;
  outcome: string | null;
  category: string | null;
  continuePlan: boolean | null;
  decisions: string | null;
}

export interface CpPlansTable extends Versioned {
  id: string;
  episodeId: string;
  personId: string;
  icpcId: string;
  startOn: Day;
  initialCategory: string;
  latestCategory: string;
  previousPlans: number;
  endOn: Day | null;
  endReason: string | null;
}

export interface CoreGroupsTable extends Versioned {
  id: string;
  cpPlanId: string;
  heldOn: Day;
  attendance: Json<Participant[]>;
  notes: string | null;
}

export interface CinPlansTable extends Versioned {
  id: string;
  episodeId: string;
  personId: string;
  startOn: Day;
  endOn: Day | null;
}

export interface EarlyHelpEpisodesTable extends Versioned {
  id: string;
  personId: string;
  laCode: string;
  contactId: string | null;
  episodeId: string | null;
  externalReference: string | null;
  startOn: Day;
  cafOn: Day | null;
  leadProfessional: string | null;
  leadAgencyId: string | null;
  endOn: Day | null;
  endReason: string | null;
}

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'cancelled';

export interface CaseDeadlinesTable {
  id: Generated<string>;
  episodeId: string;
  laCode: string;
  step: string;
  /** The row the deadline belongs to (the assessment, the ICPC's s47 enquiry, the plan). */
  subjectId: string | null;
  dueOn: Day;
  rule: Json<AppliedRule>;
  status: DeadlineStatus;
  doneOn: Day | null;
  alertedAt: Timestamp | null;
  createdAt: Generated<Date>;
}

export interface CaseEventsTable {
  id: Generated<string>;
  episodeId: string | null;
  personId: string;
  laCode: string;
  kind: string;
  occurredOn: Day;
  recordedAt: Timestamp;
  actorUserId: string | null;
  subjectId: string | null;
  details: Json<Record<string, unknown>>;
  isSignificant: boolean;
}

export interface CaseAlertsTable {
  id: Generated<string>;
  deadlineId: string;
  episodeId: string;
  laCode: string;
  teamId: string | null;
  raisedAt: Timestamp;
  acknowledgedAt: Timestamp | null;
  acknowledgedBy: string | null;
}

export interface StuckCaseFlagsTable {
  id: Generated<string>;
  personId: string;
  laCode: string;
  rule: string;
  reasons: Json<string[]>;
  raisedAt: Timestamp;
  status: 'open' | 'consulted' | 'dismissed' | 'resolved';
  dismissedReason: string | null;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface ConsultationsTable extends Versioned {
  id: string;
  personId: string;
  laCode: string;
  flagId: string | null;
  requestedBy: string | null;
  requestedAgencyId: string | null;
  reason: string;
  panelOn: Day | null;
  status: 'requested' | 'scheduled' | 'held' | 'reviewed' | 'withdrawn';
  discussion: string | null;
  recommendations: string | null;
  followUpOn: Day | null;
  caseMoved: boolean | null;
  followUpNotes: string | null;
}

export interface ConsultationAgenciesTable {
  consultationId: string;
  agencyId: string;
  invitedAt: Timestamp;
  attended: boolean | null;
  representative: string | null;
}

export interface ConsultationActionsTable extends Versioned {
  id: Generated<string>;
  consultationId: string;
  description: string;
  ownerAgencyId: string | null;
  ownerName: string;
  dueOn: Day;
  status: 'open' | 'done' | 'dropped';
  completedOn: Day | null;
  notes: string | null;
}

export type CaseworkTables = {
  caseworkSettings: CaseworkSettingsTable;
  caseEpisodes: CaseEpisodesTable;
  caseAssessments: CaseAssessmentsTable;
  strategyDiscussions: StrategyDiscussionsTable;
  s47Enquiries: S47EnquiriesTable;
  conferences: ConferencesTable;
  cpPlans: CpPlansTable;
  coreGroups: CoreGroupsTable;
  cinPlans: CinPlansTable;
  earlyHelpEpisodes: EarlyHelpEpisodesTable;
  caseDeadlines: CaseDeadlinesTable;
  caseEvents: CaseEventsTable;
  caseAlerts: CaseAlertsTable;
  stuckCaseFlags: StuckCaseFlagsTable;
  consultations: ConsultationsTable;
  consultationAgencies: ConsultationAgenciesTable;
  consultationActions: ConsultationActionsTable;
};
