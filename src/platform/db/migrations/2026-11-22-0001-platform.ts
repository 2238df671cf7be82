// The platform's tables: reference data (authorities, boards, agencies, teams), users and roles,
// sessions, API keys, the append-only audit trail and scheduled-job runs.
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `create table boards (
    code text primary key,
    name text not null,
    kind text not null check (kind in ('regional', 'local'))
  )`,
  `create table local_authorities (
    code text primary key,
    ons_code text not null unique,
    name text not null,
    board_code text not null references boards (code),
    child_population integer not null check (child_population >= 0)
  )`,
  `create table agency_types (
    code text primary key,
    name text not null
  )`,
  `create table agencies (
    id uuid primary key default gen_random_uuid(),
    code text not null unique,
    name text not null,
    type_code text not null references agency_types (code),
    local_authority_code text references local_authorities (code),
    created_at timestamptz not null default now(),
    created_by uuid,
    version integer not null default 1
  )`,
  `create table teams (
    id uuid primary key default gen_random_uuid(),
    agency_id uuid not null references agencies (id),
    code text not null,
    name text not null,
    local_authority_code text references local_authorities (code),
    created_at timestamptz not null default now(),
    created_by uuid,
    version integer not null default 1,
    unique (agency_id, code)
  )`,
  `create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null,
    display_name text not null,
    agency_id uuid not null references agencies (id),
    password_hash text,
    oidc_issuer text,
    oidc_subject text,
    is_disabled boolean not null default false,
    disabled_at timestamptz,
    last_sign_in_at timestamptz,
    created_at timestamptz not null default now(),
    created_by uuid,
    version integer not null default 1,
    unique (oidc_issuer, oidc_subject)
  )`,
  `create unique index users_email_lower_unique on users (lower(email))`,
  `create table team_memberships (
    user_id uuid not null references users (id),
    team_id uuid not null references teams (id),
    created_at timestamptz not null default now(),
    created_by uuid,
    primary key (user_id, team_id)
  )`,
  `create table role_assignments (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    role_code text not null,
    scope_kind text not null check (scope_kind in ('agency', 'local-authority', 'board', 'region')),
    scope_code text not null,
    created_at timestamptz not null default now(),
    created_by uuid,
    revoked_at timestamptz,
    revoked_by uuid
  )`,
  `create index role_assignments_user on role_assignments (user_id)`,
  `create table sessions (
    id uuid primary key default gen_random_uuid(),
    token_hash text not null unique,
    user_id uuid not null references users (id),
    role_assignment_id uuid references role_assignments (id),
    auth_method text not null check (auth_method in ('password', 'oidc')),
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    ended_at timestamptz,
    end_reason text
  )`,
  `create index sessions_user on sessions (user_id)`,
  `create table api_keys (
    id uuid primary key default gen_random_uuid(),
    agency_id uuid not null references agencies (id),
    name text not null,
    prefix text not null unique,
    key_hash text not null,
    scopes text[] not null,
    created_at timestamptz not null default now(),
    created_by uuid,
    revoked_at timestamptz,
    revoked_by uuid,
    last_used_at timestamptz
  )`,
  `create table audit_events (
    seq bigint primary key,
    id uuid not null unique,
    occurred_at timestamptz not null,
    actor_user_id uuid,
    actor_api_key_id uuid,
    actor_role text,
    actor_agency_id uuid,
    session_id uuid,
    action text not null,
    record_type text,
    record_id text,
    purpose text,
    fields text[] not null default '{}',
    outcome text not null check (outcome in ('success', 'denied', 'failure')),
    correlation_id text,
    details jsonb not null default '{}',
    prev_hash text not null,
    hash text not null
  )`,
  `create index audit_events_record on audit_events (record_type, record_id, seq)`,
  `create index audit_events_actor on audit_events (actor_user_id, seq)`,
  `create function audit_events_append_only() returns trigger language plpgsql as $$
  begin
    raise exception 'audit_events is append-only' using errcode = '42501';
  end
  $$`,
  `create trigger audit_events_no_update_or_delete before update or delete on audit_events
    for each row execute function audit_events_append_only()`,
  `create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`,
  `create table job_runs (
    id bigint generated always as identity primary key,
    job_name text not null,
    tick bigint not null,
    node_id text not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    outcome text
  )`,
  `create index job_runs_job_tick on job_runs (job_name, tick)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement at a time: both drivers prepare statements, which may not hold several commands.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = ['job_runs', 'audit_events', 'api_keys', 'sessions', 'role_assignments', 'team_memberships', 'users', 'teams', 'agencies', 'agency_types', 'local_authorities', 'boards'];
  for (const table of tables) await sql.raw(`drop table ${table}`).execute(db);
  await sql.raw('drop function audit_events_append_only').execute(db);
}
