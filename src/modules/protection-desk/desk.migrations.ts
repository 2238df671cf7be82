// The protection desk's migrations (joined to the others by the composition root).
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  `create table desk_import_batches (
    id uuid primary key default gen_random_uuid(),
    agency_id uuid not null references agencies (id),
    file_name text,
    format text not null check (format in ('csv', 'json', 'api')),
    received integer not null,
    accepted integer not null,
    updated integer not null,
    unchanged integer not null,
    rejected integer not null,
    results jsonb not null default '[]',
    created_at timestamptz not null default now(),
    created_by uuid,
    created_by_api_key_id uuid
  )`,
  `create index desk_import_batches_agency on desk_import_batches (agency_id, created_at desc)`,
  `create table police_notifications (
    id uuid primary key default gen_random_uuid(),
    agency_id uuid not null references agencies (id),
    police_reference text not null,
    la_code text not null references local_authorities (code),
    occurred_at timestamptz not null,
    received_at timestamptz not null,
    incident_type text not null check (incident_type in ('domestic-abuse', 'child-missing', 'child-arrested', 'exploitation-concern', 'child-at-risk', 'other')),
    summary text not null,
    children jsonb not null default '[]',
    adults jsonb not null default '[]',
    factors text[] not null default '{}',
    child_keys text[] not null default '{}',
    content_hash text not null,
    score integer not null,
    brag text not null check (brag in ('blue', 'green', 'amber', 'red')),
    score_breakdown jsonb not null default '[]',
    status text not null default 'new' check (status in ('new', 'in-review', 'forwarded', 'closed')),
    assigned_to uuid references users (id),
    due_at timestamptz not null,
    closed_reason text check (closed_reason in ('no-child-concern', 'already-known-open-case', 'duplicate', 'information-only', 'other')),
    closed_reason_detail text,
    closed_at timestamptz,
    closed_by uuid,
    forwarded_at timestamptz,
    forwarded_by uuid,
    contact_id uuid,
    import_batch_id uuid references desk_import_batches (id),
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null,
    version integer not null default 1,
    unique (agency_id, police_reference)
  )`,
  // The queue: open notifications in priority order (score, then age), and by due time. Partial, so the
  // default view reads the index in order and stops after one page however many notifications are closed.
  `create index police_notifications_queue_priority on police_notifications (agency_id, score desc, received_at, id) where status in ('new', 'in-review')`,
  `create index police_notifications_queue_due on police_notifications (agency_id, due_at, id) where status in ('new', 'in-review')`,
  // Every other view (forwarded, closed) and the counts by status.
  `create index police_notifications_status on police_notifications (agency_id, status, received_at)`,
  // Repeat victims: the same child (normalised surname and date of birth) named in an earlier notification.
  `create index police_notifications_child_keys on police_notifications using gin (child_keys)`,
  `create table desk_risk_factors (
    agency_id uuid not null references agencies (id),
    code text not null,
    label text not null,
    weight integer not null check (weight between 0 and 100),
    is_active boolean not null default true,
    description text not null default '',
    sort_order integer not null default 0,
    updated_at timestamptz not null,
    updated_by uuid,
    version integer not null default 1,
    primary key (agency_id, code)
  )`,
  `create table desk_settings (
    agency_id uuid primary key references agencies (id),
    red_from integer not null,
    amber_from integer not null,
    green_from integer not null,
    red_due_hours integer not null,
    amber_due_hours integer not null,
    green_due_hours integer not null,
    blue_due_hours integer not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
];

export const deskMigrations: Record<string, Migration> = {
  '2026-11-22-0300-protection-desk': {
    async up(db: Kysely<unknown>) {
      for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['desk_settings', 'desk_risk_factors', 'police_notifications', 'desk_import_batches']) await sql.raw(`drop table ${table}`).execute(db);
    },
  },
};
