// The tables of the work programme (work-programme.migration.ts).
import type { ColumnType, Generated } from 'kysely';

export type WorkItemRag = 'red' | 'amber' | 'green' | 'blue';
export type WorkItemStatus = 'active' | 'completed' | 'closed';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;
/** int8 is parsed as a number (database.ts); amounts in pence stay far below 2^53. */
type Money = ColumnType<number | null, number | null | undefined, number | null>;

export interface WorkItemsTable {
  id: Generated<string>;
  boardCode: string;
  reference: string;
  title: string;
  description: Generated<string>;
  theme: string;
  leadAgencyId: string | null;
  ownerName: string | null;
  ownerUserId: string | null;
  fundingSource: string | null;
  fundingAmountPence: Money;
  rag: WorkItemRag | null;
  status: Generated<WorkItemStatus>;
  nextReviewOn: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Instant;
  version: Generated<number>;
}

export interface WorkItemMilestonesTable {
  id: Generated<string>;
  itemId: string;
  title: string;
  dueOn: string;
  completedOn: string | null;
  completedBy: string | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  version: Generated<number>;
}

export interface WorkItemUpdatesTable {
  id: Generated<string>;
  itemId: string;
  rag: WorkItemRag;
  summary: string;
  evidence: string | null;
  recordedOn: string;
  recordedBy: string | null;
  createdAt: Generated<Date>;
}

export type WorkProgrammeTables = {
  workItems: WorkItemsTable;
  workItemMilestones: WorkItemMilestonesTable;
  workItemUpdates: WorkItemUpdatesTable;
};
