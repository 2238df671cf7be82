// Casework's migrations (joined to the platform's by the composition root). Rows follow the CIN census and the
// Standard Safeguarding Dataset so that the returns are queries: an episode is a CIN episode (referral to closure);
// assessments, strategy discussions, section 47 enquiries, conferences, plans and core groups hang off it.
// Deadlines are rows of their own (`case_deadlines`), each with the rule that set it, so that trays and the
// overdue scan read one table.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const versioned = `created_at timestamptz not null default now(),
    created_by uuid,
    updated_at timestamptz not null default now(),
    version integer not null default 1`;

const STATEMENTS = [
  `create table casework_settings (
    la_code text primary key references local_authorities (code),
    rulebook text not null check (rulebook in ('wt2010', 'wt2023')),
    overrides jsonb not null default '[]',
    stuck_rules jsonb not null default '[]',
    updated_at timestamptz not null,
    updated_by uuid,
    version integer not null default 1
  )`,
  `create table case_episodes (
    id uuid primary key,
    person_id uuid not null,
    la_code text not null references local_authorities (code),
    contact_id uuid references contacts (id),
    external_reference text,
    rulebook text not null,
    referral_on date not null,
    referral_source text not null,
    primary_need text,
    is_nfa boolean not null default false,
    is_unborn boolean not null default false,
    expected_birth_on date,
    worker_user_id uuid references users (id),
    team_id uuid references teams (id),
    status text not null check (status in ('open', 'closed')),
    closed_on date,
    closure_reason text check (closure_reason in ('RC1','RC2','RC3','RC4','RC5','RC6','RC7','RC8','RC9')),
    ${versioned},
    unique (contact_id, person_id),
    unique (la_code, external_reference)
  )`,
  `create index case_episodes_person on case_episodes (person_id, referral_on)`,
  `create index case_episodes_open on case_episodes (la_code, status, referral_on)`,
  `create index case_episodes_worker on case_episodes (worker_user_id) where status = 'open'`,
  `create table case_assessments (
    id uuid primary key,
    episode_id uuid not null references case_episodes (id),
    kind text not null check (kind in ('initial', 'core', 'single')),
    started_on date not null,
    completed_on date,
    outcome text,
    factors text[] not null default '{}',
    summary text,
    ${versioned}
  )`,
  `create index case_assessments_episode on case_assessments (episode_id)`,
  `create table strategy_discussions (
    id uuid primary key,
    episode_id uuid not null references case_episodes (id),
    held_on date not null,
    participants jsonb not null default '[]',
    initiated_s47 boolean not null,
    decisions text,
    ${versioned}
  )`,
  `create index strategy_discussions_episode on strategy_discussions (episode_id, held_on)`,
  `create table s47_enquiries (
    id uuid primary key,
    episode_id uuid not null references case_episodes (id),
    strategy_discussion_id uuid not null references strategy_discussions (id),
    started_on date not null,
    completed_on date,
    outcome text,
    icpc_required boolean,
    ${versioned}
  )`,
  `create index s47_enquiries_episode on s47_enquiries (episode_id)`,
  `create table cp_plans (
    id uuid primary key,
    episode_id uuid not null references case_episodes (id),
    person_id uuid not null,
    icpc_id uuid not null,
    start_on date not null,
    initial_category text not null check (initial_category in ('NEG','PHY','SAB','EMO','MUL')),
    latest_category text not null check (latest_category in ('NEG','PHY','SAB','EMO','MUL')),
    previous_plans integer not null default 0,
    end_on date,
    end_reason text,
    ${versioned}
  )`,
  `create index cp_plans_person on cp_plans (person_id, start_on)`,
  `create index cp_plans_episode on cp_plans (episode_id)`,
  `create table conferences (
    id uuid primary key,
    episode_id uuid not null references case_episodes (id),
    kind text not null check (kind in ('initial', 'pre-birth', 'review')),
    s47_id uuid references s47_enquiries (id),
    cp_plan_id uuid references cp_plans (id),
    held_on date not null,
    attendance jsonb not null default '[]',
    outcome text,
    category text check (category in ('NEG','PHY','SAB','EMO','MUL')),
    continue_plan boolean,
    decisions text,
    ${versioned}
  )`,
  `create index conferences_episode on conferences (episode_id, held_on)`,
  `create table core_groups (
    id uuid primary key,
    cp_plan_id uuid not null references cp_plans (id),
    held_on date not null,
    attendance jsonb not null default '[]',
    notes text,
    ${versioned}
  )`,
  `create index core_groups_plan on core_groups (cp_plan_id, held_on)`,
  `create table cin_plans (
    id uuid primary key,
    episode_id uuid not null references case_episodes (id),
    person_id uuid not null,
    start_on date not null,
    end_on date,
    ${versioned}
  )`,
  `create index cin_plans_person on cin_plans (person_id, start_on)`,
  `create table early_help_episodes (
    id uuid primary key,
    person_id uuid not null,
    la_code text not null references local_authorities (code),
    contact_id uuid references contacts (id),
    episode_id uuid references case_episodes (id),
    external_reference text,
    start_on date not null,
    caf_on date,
    lead_professional text,
    lead_agency_id uuid references agencies (id),
    end_on date,
    end_reason text,
    ${versioned},
    unique (la_code, external_reference)
  )`,
  `create index early_help_person on early_help_episodes (person_id, start_on)`,
  `create table case_deadlines (
    id uuid primary key default gen_random_uuid(),
    episode_id uuid not null references case_episodes (id),
    la_code text not null,
    step text not null,
    subject_id uuid,
    due_on date not null,
    rule jsonb not null,
    status text not null check (status in ('open', 'met', 'missed', 'cancelled')),
    done_on date,
    alerted_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index case_deadlines_open on case_deadlines (la_code, due_on) where status = 'open'`,
  `create index case_deadlines_episode on case_deadlines (episode_id)`,
  `create table case_events (
    id uuid primary key default gen_random_uuid(),
    episode_id uuid references case_episodes (id),
    person_id uuid not null,
    la_code text not null,
    kind text not null,
    occurred_on date not null,
    recorded_at timestamptz not null,
    actor_user_id uuid,
    subject_id uuid,
    details jsonb not null default '{}',
    is_significant boolean not null default false
  )`,
  `create index case_events_person on case_events (person_id, occurred_on)`,
  `create index case_events_episode on case_events (episode_id, occurred_on)`,
  `create table case_alerts (
    id uuid primary key default gen_random_uuid(),
    deadline_id uuid not null unique references case_deadlines (id),
    episode_id uuid not null references case_episodes (id),
    la_code text not null,
    team_id uuid,
    raised_at timestamptz not null,
    acknowledged_at timestamptz,
    acknowledged_by uuid
  )`,
  `create index case_alerts_open on case_alerts (la_code, raised_at) where acknowledged_at is null`,
  `create table stuck_case_flags (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null,
    la_code text not null references local_authorities (code),
    rule text not null,
    reasons jsonb not null,
    raised_at timestamptz not null,
    status text not null check (status in ('open', 'consulted', 'dismissed', 'resolved')),
    dismissed_reason text,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create unique index stuck_case_flags_open on stuck_case_flags (person_id, la_code, rule) where status in ('open', 'consulted')`,
  `create table consultations (
    id uuid primary key,
    person_id uuid not null,
    la_code text not null references local_authorities (code),
    flag_id uuid references stuck_case_flags (id),
    requested_by uuid references users (id),
    requested_agency_id uuid references agencies (id),
    reason text not null,
    panel_on date,
    status text not null check (status in ('requested', 'scheduled', 'held', 'reviewed', 'withdrawn')),
    discussion text,
    recommendations text,
    follow_up_on date,
    case_moved boolean,
    follow_up_notes text,
    ${versioned}
  )`,
  `create index consultations_la on consultations (la_code, status)`,
  `create index consultations_person on consultations (person_id)`,
  `create table consultation_agencies (
    consultation_id uuid not null references consultations (id),
    agency_id uuid not null references agencies (id),
    invited_at timestamptz not null,
    attended boolean,
    representative text,
    primary key (consultation_id, agency_id)
  )`,
  `create table consultation_actions (
    id uuid primary key default gen_random_uuid(),
    consultation_id uuid not null references consultations (id),
    description text not null,
    owner_agency_id uuid references agencies (id),
    owner_name text not null,
    due_on date not null,
    status text not null check (status in ('open', 'done', 'dropped')),
    completed_on date,
    notes text,
    ${versioned}
  )`,
  `create index consultation_actions_open on consultation_actions (due_on) where status = 'open'`,
];

const TABLES = [
  'consultation_actions',
  'consultation_agencies',
  'consultations',
  'stuck_case_flags',
  'case_alerts',
  'case_events',
  'case_deadlines',
  'early_help_episodes',
  'cin_plans',
  'core_groups',
  'conferences',
  'cp_plans',
  's47_enquiries',
  'strategy_discussions',
  'case_assessments',
  'case_episodes',
  'casework_settings',
];

export const caseworkMigrations: Record<string, Migration> = {
  '2026-11-22-0400-casework': {
    async up(db: Kysely<unknown>) {
      for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of TABLES) await sql.raw(`drop table ${table}`).execute(db);
    },
  },
};
