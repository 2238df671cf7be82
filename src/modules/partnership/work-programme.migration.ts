// The work programme: board work items (priority theme, lead agency, owner, funding), their milestones and dated
// progress updates with a RAG status. The regional board's programme is held under 'LSCB-LONDON'; local boards keep
// their own work plans the same way under their own board code.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  `create table work_items (
    id uuid primary key default gen_random_uuid(),
    board_code text not null references boards (code),
    reference text not null,
    title text not null,
    description text not null default '',
    theme text not null,
    lead_agency_id uuid references agencies (id),
    owner_name text,
    owner_user_id uuid references users (id),
    funding_source text,
    funding_amount_pence bigint check (funding_amount_pence is null or funding_amount_pence >= 0),
    rag text check (rag in ('red', 'amber', 'green', 'blue')),
    status text not null default 'active' check (status in ('active', 'completed', 'closed')),
    next_review_on date,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1,
    unique (board_code, reference)
  )`,
  `create index work_items_board on work_items (board_code, status)`,
  `create table work_item_milestones (
    id uuid primary key default gen_random_uuid(),
    item_id uuid not null references work_items (id) on delete cascade,
    title text not null,
    due_on date not null,
    completed_on date,
    completed_by uuid,
    created_at timestamptz not null default now(),
    created_by uuid,
    version integer not null default 1
  )`,
  `create index work_item_milestones_item on work_item_milestones (item_id, due_on)`,
  `create table work_item_updates (
    id uuid primary key default gen_random_uuid(),
    item_id uuid not null references work_items (id) on delete cascade,
    rag text not null check (rag in ('red', 'amber', 'green', 'blue')),
    summary text not null,
    evidence text,
    recorded_on date not null,
    recorded_by uuid,
    created_at timestamptz not null default now()
  )`,
  `create index work_item_updates_item on work_item_updates (item_id, recorded_on desc, created_at desc)`,
];

export const workProgrammeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['work_item_updates', 'work_item_milestones', 'work_items']) {
      await sql.raw(`drop table ${table}`).execute(db);
    }
  },
};
