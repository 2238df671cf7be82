// The tables of boards' membership and the pledge.
import type { ColumnType, Generated } from 'kysely';

type Day = ColumnType<string, string, string>;

export type BoardMemberRole = 'independent-chair' | 'vice-chair' | 'business-manager' | 'statutory-partner' | 'lay-member' | 'member' | 'adviser' | 'observer';

export interface BoardMembersTable {
  id: Generated<string>;
  boardCode: string;
  agencyId: string | null;
  /** A body not in the agencies list (Government Office for London, London Councils). */
  organisation: string | null;
  userId: string | null;
  name: string;
  title: string | null;
  role: BoardMemberRole;
  joinedOn: Day;
  leftOn: Day | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface PledgeVersionsTable {
  id: Generated<string>;
  number: number;
  title: string;
  introduction: string;
  status: 'draft' | 'published';
  publishedOn: Day | null;
  createdAt: Generated<Date>;
  createdBy: string | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface PledgeCommitmentsTable {
  id: Generated<string>;
  pledgeVersionId: string;
  position: number;
  text: string;
}

export interface PledgeSignatoriesTable {
  id: Generated<string>;
  pledgeVersionId: string;
  name: string;
  title: string;
  organisation: string;
  agencyId: string | null;
  signedOn: Day;
  createdAt: Generated<Date>;
  createdBy: string | null;
}

export interface PledgeInvestmentCommitmentsTable {
  id: Generated<string>;
  signatoryId: string | null;
  agencyId: string | null;
  organisation: string;
  committedOn: Day;
  statement: string;
  createdAt: Generated<Date>;
  createdBy: string | null;
}

export type BoardsPledgeTables = {
  boardMembers: BoardMembersTable;
  pledgeVersions: PledgeVersionsTable;
  pledgeCommitments: PledgeCommitmentsTable;
  pledgeSignatories: PledgeSignatoriesTable;
  pledgeInvestmentCommitments: PledgeInvestmentCommitmentsTable;
};
