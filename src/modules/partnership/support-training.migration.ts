// Regional advisers' leads, support requests from boroughs and partners with their rapid-response log, and
// training: courses, sessions, bookings (attendance, completion, evaluation) and the audience counts that give
// coverage reports their denominator.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  // What each regional adviser leads on: a work-programme theme or a type of agency.
  `create table adviser_leads (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    kind text not null check (kind in ('theme', 'agency-type')),
    code text not null,
    created_at timestamptz not null default now(),
    created_by uuid,
    unique (user_id, kind, code)
  )`,
  // A request for the regional team's help from a borough or partner. The requester's name and agency are kept as
  // they were when asked (a later change of name or move does not rewrite history). `requested_by` is the requester's
  // account; it is null for a request taken by telephone or email from someone without one (`created_by` recorded it).
  `create table support_requests (
    id uuid primary key default gen_random_uuid(),
    board_code text not null references boards (code),
    topic text not null,
    detail text not null,
    urgency text not null check (urgency in ('routine', 'urgent', 'rapid-response')),
    status text not null default 'new' check (status in ('new', 'assigned', 'in-progress', 'closed')),
    requested_by uuid references users (id),
    requester_name text not null,
    requester_agency_id uuid references agencies (id),
    requested_at timestamptz not null,
    assigned_to uuid references users (id),
    assigned_at timestamptz,
    closed_at timestamptz,
    closed_by uuid references users (id),
    outcome text,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1
  )`,
  `create index support_requests_board on support_requests (board_code)`,
  `create index support_requests_requester on support_requests (requested_by)`,
  `create table support_request_log (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references support_requests (id),
    entry_on date not null,
    entry text not null,
    created_at timestamptz not null default now(),
    created_by uuid references users (id)
  )`,
  `create index support_request_log_request on support_request_log (request_id)`,
  `create table training_courses (
    id uuid primary key default gen_random_uuid(),
    title text not null unique,
    description text not null,
    audiences text[] not null,
    provider text not null,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1
  )`,
  // A session is hosted by a local board, or by the regional board (pan-London).
  `create table training_sessions (
    id uuid primary key default gen_random_uuid(),
    course_id uuid not null references training_courses (id),
    held_on date not null,
    venue text not null,
    board_code text not null references boards (code),
    capacity integer not null check (capacity > 0),
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1
  )`,
  `create index training_sessions_held on training_sessions (held_on)`,
  `create table training_bookings (
    id uuid primary key default gen_random_uuid(),
    session_id uuid not null references training_sessions (id),
    attendee_name text not null,
    audience text not null,
    board_code text not null references boards (code),
    agency_name text,
    user_id uuid references users (id),
    status text not null default 'booked' check (status in ('booked', 'attended', 'did-not-attend', 'cancelled')),
    is_completed boolean not null default false,
    completed_on date,
    evaluation_score integer check (evaluation_score between 1 and 5),
    evaluation_comment text,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1,
    check (not is_completed or (status = 'attended' and completed_on is not null))
  )`,
  `create index training_bookings_session on training_bookings (session_id)`,
  `create index training_bookings_board on training_bookings (board_code, audience)`,
  // How many people a board has in an audience in a year: the denominator of coverage reports.
  `create table training_audience_counts (
    board_code text not null references boards (code),
    audience text not null,
    year integer not null,
    count integer not null check (count >= 0),
    updated_at timestamptz not null default now(),
    updated_by uuid,
    version integer not null default 1,
    primary key (board_code, audience, year)
  )`,
];

const TABLES = ['training_audience_counts', 'training_bookings', 'training_sessions', 'training_courses', 'support_request_log', 'support_requests', 'adviser_leads'];

export const supportTrainingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of TABLES) await sql.raw(`drop table ${table}`).execute(db);
  },
};
