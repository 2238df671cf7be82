// Boards' members, and the pledge with its versions, commitments, signatories and partners' commitments to
// continue to prioritise investment in safeguarding.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  // Membership by agency, with the representative and their role on the board. `user_id` links a member who uses
  // Safehub, which is what lets them see the board's business (partnership.support.ts). `organisation` names a body
  // that is not in the agencies list (Government Office for London, London Councils); a lay member needs neither.
  `create table board_members (
    id uuid primary key default gen_random_uuid(),
    board_code text not null references boards (code),
    agency_id uuid references agencies (id),
    organisation text,
    user_id uuid references users (id),
    name text not null,
    title text,
    role text not null check (role in ('independent-chair', 'vice-chair', 'business-manager', 'statutory-partner', 'lay-member', 'member', 'adviser', 'observer')),
    joined_on date not null,
    left_on date,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1,
    check (left_on is null or left_on >= joined_on)
  )`,
  `create index board_members_board on board_members (board_code)`,
  `create index board_members_user on board_members (user_id) where user_id is not null`,
  // The pledge: numbered versions; the newest published one is the current pledge. Only drafts are edited.
  `create table pledge_versions (
    id uuid primary key default gen_random_uuid(),
    number integer not null unique,
    title text not null,
    introduction text not null,
    status text not null check (status in ('draft', 'published')),
    published_on date,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1,
    check ((status = 'published') = (published_on is not null))
  )`,
  `create table pledge_commitments (
    id uuid primary key default gen_random_uuid(),
    pledge_version_id uuid not null references pledge_versions (id) on delete cascade,
    position integer not null,
    text text not null,
    unique (pledge_version_id, position)
  )`,
  `create table pledge_signatories (
    id uuid primary key default gen_random_uuid(),
    pledge_version_id uuid not null references pledge_versions (id),
    name text not null,
    title text not null,
    organisation text not null,
    agency_id uuid references agencies (id),
    signed_on date not null,
    created_at timestamptz not null default now(),
    created_by uuid
  )`,
  `create index pledge_signatories_version on pledge_signatories (pledge_version_id)`,
  // Each partner's commitment to continue to prioritise investment in safeguarding: by a signatory or an agency;
  // `organisation` keeps the partner's name as it was when the commitment was made.
  `create table pledge_investment_commitments (
    id uuid primary key default gen_random_uuid(),
    signatory_id uuid references pledge_signatories (id) on delete set null,
    agency_id uuid references agencies (id),
    organisation text not null,
    committed_on date not null,
    statement text not null,
    created_at timestamptz not null default now(),
    created_by uuid
  )`,
];

export const boardsPledgeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['pledge_investment_commitments', 'pledge_signatories', 'pledge_commitments', 'pledge_versions', 'board_members']) {
      await sql.raw(`drop table ${table}`).execute(db);
    }
  },
};
