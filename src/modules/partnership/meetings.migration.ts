// Boards' business meetings: the monthly meeting (date, title, place, planned or held), its agenda with the paper
// taken under each item (optionally about a work programme item), attendance by agency, minutes and decisions,
// actions with owners and due dates, and the gaps the board identified (each becomes a work item or an action).
// Runs after the work programme (0510): agenda items, actions and gaps may point at work items.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  `create table meetings (
    id uuid primary key default gen_random_uuid(),
    board_code text not null references boards (code),
    meeting_on date not null,
    title text not null,
    location text,
    status text not null default 'planned' check (status in ('planned', 'held')),
    minutes text,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1
  )`,
  `create index meetings_board on meetings (board_code, meeting_on)`,
  // The agenda in order; a paper (title and a short description of what it asks the board) goes with its item.
  `create table meeting_agenda_items (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings (id) on delete cascade,
    position integer not null,
    title text not null,
    paper_title text,
    paper_summary text,
    presenter text,
    work_item_id uuid references work_items (id) on delete set null,
    unique (meeting_id, position)
  )`,
  `create index meeting_agenda_items_work_item on meeting_agenda_items (work_item_id) where work_item_id is not null`,
  `create table meeting_attendance (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings (id) on delete cascade,
    position integer not null,
    agency_id uuid references agencies (id),
    organisation text,
    representative text not null,
    role text,
    attendance text not null check (attendance in ('present', 'apologies')),
    check (agency_id is not null or organisation is not null)
  )`,
  `create index meeting_attendance_meeting on meeting_attendance (meeting_id, position)`,
  `create table meeting_decisions (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings (id) on delete cascade,
    position integer not null,
    text text not null,
    unique (meeting_id, position)
  )`,
  // Actions carry the board's code so the board's action log is one query across its meetings.
  `create table meeting_actions (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings (id) on delete cascade,
    board_code text not null references boards (code),
    description text not null,
    owner_name text not null,
    owner_agency_id uuid references agencies (id),
    due_on date not null,
    status text not null default 'open' check (status in ('open', 'done', 'dropped')),
    completed_on date,
    note text,
    work_item_id uuid references work_items (id) on delete set null,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1,
    check ((status = 'open') = (completed_on is null))
  )`,
  `create index meeting_actions_board on meeting_actions (board_code, status, due_on)`,
  `create index meeting_actions_meeting on meeting_actions (meeting_id)`,
  // A gap the board identified, and what it became: a new work item or an action (the link is kept here).
  `create table meeting_gaps (
    id uuid primary key default gen_random_uuid(),
    meeting_id uuid not null references meetings (id) on delete cascade,
    description text not null,
    theme text,
    work_item_id uuid references work_items (id) on delete set null,
    action_id uuid references meeting_actions (id) on delete set null,
    created_at timestamptz not null default now(),
    created_by uuid
  )`,
  `create index meeting_gaps_meeting on meeting_gaps (meeting_id)`,
];

export const meetingsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['meeting_gaps', 'meeting_actions', 'meeting_decisions', 'meeting_attendance', 'meeting_agenda_items', 'meetings']) {
      await sql.raw(`drop table ${table}`).execute(db);
    }
  },
};
