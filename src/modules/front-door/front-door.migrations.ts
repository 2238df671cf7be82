// The front door's migrations (joined to the platform's by the composition root).
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  `create sequence contact_reference_seq`,
  `create table contacts (
    id uuid primary key,
    reference text not null unique,
    la_code text not null references local_authorities (code),
    transferred_from_la_code text references local_authorities (code),
    status text not null check (status in ('screening', 'awaiting-checks', 'awaiting-decision', 'awaiting-sign-off', 'decided', 'with-allocated-worker', 'transferred')),
    source text not null,
    referrer_user_id uuid references users (id),
    referrer_agency_id uuid references agencies (id),
    referrer_name text not null,
    referrer_role text,
    referrer_phone text,
    referrer_email text,
    api_key_id uuid references api_keys (id),
    external_reference text,
    police_notification_id uuid unique,
    concern text not null,
    indicators text[] not null default '{}',
    consent text not null check (consent in ('given', 'refused', 'not-sought', 'overridden')),
    consent_is_childs_own boolean not null default false,
    consent_exception text,
    consent_reason text,
    consent_authorised_by text,
    on_strategy_track boolean not null default false,
    strategy_recorded_at timestamptz,
    strategy_recorded_by uuid,
    received_at timestamptz not null,
    rag text check (rag in ('red', 'amber', 'green', 'blue')),
    threshold_level integer check (threshold_level between 1 and 4),
    screening_due_at timestamptz,
    decision_due_at timestamptz not null,
    assigned_to uuid references users (id),
    outcome text,
    rationale text,
    decided_at timestamptz,
    decided_by uuid,
    is_referral boolean,
    sign_off_required boolean not null default false,
    signed_off_at timestamptz,
    signed_off_by uuid,
    referrer_told_at timestamptz,
    created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null,
    version integer not null default 1,
    unique (referrer_agency_id, external_reference)
  )`,
  // The hub queue: open contacts of one authority by due time; the referrer's own contacts; transfers.
  `create index contacts_queue on contacts (la_code, status, screening_due_at, received_at) where status <> 'decided'`,
  `create index contacts_open_rag on contacts (la_code, rag, received_at) where status <> 'decided'`,
  `create index contacts_received on contacts (la_code, received_at desc)`,
  `create index contacts_referrer on contacts (referrer_user_id, received_at desc)`,
  `create index contacts_transferred_from on contacts (transferred_from_la_code) where transferred_from_la_code is not null`,
  `create index contacts_assigned on contacts (assigned_to) where assigned_to is not null`,
  `create table contact_persons (
    id uuid primary key default gen_random_uuid(),
    contact_id uuid not null references contacts (id),
    position integer not null,
    role text not null check (role in ('child', 'adult')),
    relationship text,
    person_id uuid not null,
    source_record_id uuid not null,
    match_outcome text not null,
    match_probability double precision,
    forenames text not null,
    surname text not null,
    date_of_birth date,
    is_unborn boolean not null default false,
    sex text,
    nhs_number text,
    postcode text,
    address text,
    unique (contact_id, position)
  )`,
  `create index contact_persons_person on contact_persons (person_id)`,
  `create index contact_persons_record on contact_persons (source_record_id)`,
  `create table contact_drafts (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    data jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index contact_drafts_user on contact_drafts (user_id, updated_at desc)`,
  `create table screenings (
    id uuid primary key default gen_random_uuid(),
    contact_id uuid not null references contacts (id),
    rag text not null check (rag in ('red', 'amber', 'green', 'blue')),
    threshold_level integer,
    reason text not null,
    due_at timestamptz,
    rated_at timestamptz not null,
    rated_by uuid
  )`,
  `create index screenings_contact on screenings (contact_id, rated_at)`,
  `create table agency_checks (
    id uuid primary key default gen_random_uuid(),
    contact_id uuid not null references contacts (id),
    agency_id uuid not null references agencies (id),
    basis text not null check (basis in ('consent', 'section-47', 'recorded-exception')),
    question text,
    requested_at timestamptz not null,
    requested_by uuid,
    due_at timestamptz not null,
    status text not null check (status in ('requested', 'responded', 'no-information', 'declined')),
    escalated_at timestamptz,
    responded_at timestamptz,
    responded_by uuid,
    disclosure text,
    sharing_what text,
    sharing_why text,
    lawful_basis text,
    decided_by_name text,
    decline_reason text,
    version integer not null default 1,
    unique (contact_id, agency_id)
  )`,
  `create index agency_checks_queue on agency_checks (agency_id, status, due_at)`,
  `create index agency_checks_overdue on agency_checks (due_at) where status = 'requested' and escalated_at is null`,
  `create table contact_alerts (
    id uuid primary key default gen_random_uuid(),
    contact_id uuid not null references contacts (id),
    person_id uuid,
    kind text not null,
    details jsonb not null default '{}',
    raised_at timestamptz not null
  )`,
  `create index contact_alerts_contact on contact_alerts (contact_id)`,
  `create table child_allocations (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null,
    la_code text not null references local_authorities (code),
    worker_user_id uuid not null references users (id),
    contact_id uuid references contacts (id),
    allocated_at timestamptz not null,
    allocated_by uuid,
    ended_at timestamptz
  )`,
  `create unique index child_allocations_open on child_allocations (person_id, la_code) where ended_at is null`,
  `create index child_allocations_worker on child_allocations (worker_user_id) where ended_at is null`,
  `create table contact_events (
    id uuid primary key default gen_random_uuid(),
    contact_id uuid not null references contacts (id),
    kind text not null,
    occurred_at timestamptz not null,
    actor_user_id uuid,
    actor_agency_id uuid,
    details jsonb not null default '{}',
    is_significant boolean not null default false
  )`,
  `create index contact_events_contact on contact_events (contact_id, occurred_at)`,
  `create table front_door_settings (
    la_code text primary key references local_authorities (code),
    preset_code text not null,
    opens_at text not null,
    closes_at text not null,
    sign_off_outcomes text[] not null,
    low_level_threshold integer not null check (low_level_threshold between 2 and 20),
    updated_at timestamptz not null,
    updated_by uuid,
    version integer not null default 1
  )`,
];

export const frontDoorMigrations: Record<string, Migration> = {
  '2026-11-22-0200-front-door': {
    async up(db: Kysely<unknown>) {
      for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['front_door_settings', 'contact_events', 'child_allocations', 'contact_alerts', 'agency_checks', 'screenings', 'contact_drafts', 'contact_persons', 'contacts']) {
        await sql.raw(`drop table ${table}`).execute(db);
      }
      await sql.raw('drop sequence contact_reference_seq').execute(db);
    },
  },
};
