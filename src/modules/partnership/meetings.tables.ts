// The tables of boards' business meetings (meetings.migration.ts).
import type { ColumnType, Generated } from 'kysely';

export type MeetingStatus = 'planned' | 'held';
export type MeetingActionStatus = 'open' | 'done' | 'dropped';
export type Attendance = 'present' | 'apologies';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MeetingsTable {
  id: Generated<string>;
  boardCode: string;
  meetingOn: string;
  title: string;
  location: string | null;
  status: Generated<MeetingStatus>;
  minutes: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Instant;
  version: Generated<number>;
}

export interface MeetingAgendaItemsTable {
  id: Generated<string>;
  meetingId: string;
  position: number;
  title: string;
  paperTitle: string | null;
  paperSummary: string | null;
  presenter: string | null;
  workItemId: string | null;
}

export interface MeetingAttendanceTable {
  id: Generated<string>;
  meetingId: string;
  position: number;
  agencyId: string | null;
  organisation: string | null;
  representative: string;
  role: string | null;
  attendance: Attendance;
}

export interface MeetingDecisionsTable {
  id: Generated<string>;
  meetingId: string;
  position: number;
  text: string;
}

export interface MeetingActionsTable {
  id: Generated<string>;
  meetingId: string;
  boardCode: string;
  description: string;
  ownerName: string;
  ownerAgencyId: string | null;
  dueOn: string;
  status: Generated<MeetingActionStatus>;
  completedOn: string | null;
  note: string | null;
  workItemId: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Instant;
  version: Generated<number>;
}

export interface MeetingGapsTable {
  id: Generated<string>;
  meetingId: string;
  description: string;
  theme: string | null;
  workItemId: string | null;
  actionId: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
}

export type MeetingsTables = {
  meetings: MeetingsTable;
  meetingAgendaItems: MeetingAgendaItemsTable;
  meetingAttendance: MeetingAttendanceTable;
  meetingDecisions: MeetingDecisionsTable;
  meetingActions: MeetingActionsTable;
  meetingGaps: MeetingGapsTable;
};
