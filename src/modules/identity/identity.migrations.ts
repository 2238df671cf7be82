// The identity module's migrations (joined to the platform's by the composition root).
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATEMENTS = [
  `create table persons (
    id uuid primary key default gen_random_uuid(),
    status text not null default 'active' check (status in ('active', 'merged')),
    merged_into_id uuid references persons (id),
    is_restricted boolean not null default false,
    restricted_team_id uuid references teams (id),
    created_at timestamptz not null default now(),
    created_by uuid,
    version integer not null default 1
  )`,
  `create table source_records (
    id uuid primary key default gen_random_uuid(),
    agency_id uuid not null references agencies (id),
    local_id text not null,
    record_kind text,
    forenames text not null,
    surname text not null,
    aliases text[] not null default '{}',
    date_of_birth date,
    sex text check (sex in ('M', 'F', 'U')),
    nhs_number text,
    upn text,
    postcode text,
    address text,
    previous_addresses jsonb not null default '[]',
    la_code text references local_authorities (code),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null,
    created_by uuid,
    version integer not null default 1,
    unique (agency_id, local_id)
  )`,
  `create index source_records_nhs on source_records (nhs_number) where nhs_number is not null`,
  `create table person_links (
    id uuid primary key default gen_random_uuid(),
    source_record_id uuid not null references source_records (id),
    person_id uuid not null references persons (id),
    match_probability double precision,
    evidence jsonb not null default '[]',
    method text not null check (method in ('new-person', 'automatic', 'clerical', 'merge', 'unmerge')),
    confirmed_by uuid,
    created_at timestamptz not null default now(),
    ended_at timestamptz,
    end_reason text
  )`,
  // A source record belongs to exactly one person at a time; ended links are history.
  `create unique index person_links_one_active on person_links (source_record_id) where ended_at is null`,
  `create index person_links_person on person_links (person_id) where ended_at is null`,
  `create table identity_events (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('merge', 'unmerge')),
    person_id uuid not null references persons (id),
    other_person_id uuid not null references persons (id),
    reverses_event_id uuid references identity_events (id),
    ended_link_ids uuid[] not null default '{}',
    created_link_ids uuid[] not null default '{}',
    reason text not null,
    actor_user_id uuid,
    created_at timestamptz not null default now()
  )`,
  `create index identity_events_person on identity_events (person_id)`,
  `create index identity_events_other on identity_events (other_person_id)`,
  `create table match_reviews (
    id uuid primary key default gen_random_uuid(),
    source_record_id uuid not null references source_records (id),
    provisional_person_id uuid not null references persons (id),
    candidate_person_id uuid not null references persons (id),
    probability double precision not null,
    evidence jsonb not null default '[]',
    status text not null default 'open' check (status in ('open', 'linked', 'separate')),
    la_code text references local_authorities (code),
    created_at timestamptz not null default now(),
    decided_by uuid,
    decided_at timestamptz,
    decision_reason text
  )`,
  `create index match_reviews_open on match_reviews (la_code, created_at) where status = 'open'`,
];

const RELATIONSHIP_STATEMENTS = [
  `create table relationships (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references persons (id),
    related_person_id uuid not null references persons (id),
    kind text not null check (kind in ('parent-of', 'step-parent-of', 'carer-of', 'sibling-of', 'partner-of', 'household-member')),
    source text not null check (source in ('contact', 'agency-record', 'practitioner')),
    source_ref text,
    recorded_at timestamptz not null default now(),
    recorded_by uuid,
    ended_at timestamptz,
    ended_reason text,
    ended_by uuid,
    version integer not null default 1,
    check (person_id <> related_person_id)
  )`,
  // One active row per fact (recording it again is a no-op); it also serves look-ups by person_id.
  `create unique index relationships_one_active on relationships (person_id, related_person_id, kind) where ended_at is null`,
  // Look-ups the other way.
  `create index relationships_related on relationships (related_person_id) where ended_at is null`,
  // Following merges backwards: the people merged into a person.
  `create index persons_merged_into on persons (merged_into_id) where merged_into_id is not null`,
  // Co-residence: source records at the same postcode, however it was spaced or cased.
  `create index source_records_postcode_key on source_records ((upper(replace(postcode, ' ', '')))) where postcode is not null`,
];

export const identityMigrations: Record<string, Migration> = {
  '2026-11-22-0100-identity': {
    async up(db: Kysely<unknown>) {
      for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['match_reviews', 'identity_events', 'person_links', 'source_records', 'persons']) await sql.raw(`drop table ${table}`).execute(db);
    },
  },
  // Lets every node keep its in-memory match index in step: it reads records changed since its last look.
  '2026-11-22-0101-source-records-updated-at': {
    async up(db: Kysely<unknown>) {
      await sql.raw('create index source_records_updated_at on source_records (updated_at)').execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw('drop index source_records_updated_at').execute(db);
    },
  },
  // Think Family: relationships between people, read both ways and through merges (family.repository.ts).
  // The match index reads what changed since its last look in (updated_at, id) order, a row comparison this index serves.
  '2026-11-22-0103-source-records-keyset': {
    async up(db: Kysely<unknown>) {
      await sql.raw('create index source_records_updated_at_id on source_records (updated_at, id)').execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw('drop index source_records_updated_at_id').execute(db);
    },
  },
  '2026-11-22-0102-relationships': {
    async up(db: Kysely<unknown>) {
      for (const statement of RELATIONSHIP_STATEMENTS) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const statement of ['drop table relationships', 'drop index persons_merged_into', 'drop index source_records_postcode_key']) await sql.raw(statement).execute(db);
    },
  },
};

