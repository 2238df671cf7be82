// The demo's recent, open work: about 30 Camden contacts received over the last 3 working days, in every state a
// hub holds (not yet rated, rated and waiting for partners, checks answered, waiting for sign-off, decided,
// routed to an allocated worker), and a day or two of police notifications on the Central North protection desk.
//
// Why: the practice history (history.load.ts) is realistic but sparse at the demo scale: London as a whole
// receives about two contacts a working day, so the Camden hub queue is usually empty, the researchers have no
// checks and the desk has nothing new. A real Camden MASH receives about 30 contacts a working day.
//
// How: everything goes through the real services — ContactsService (submit, screen, consent, the section 47
// track, checks, answers, decisions, sign-off, allocation) and ProtectionDeskService (bulk load, assign,
// forward) — so matching, alerts, Think Family, allocation routing and audit behave as they do in life. The
// demo users act as themselves: each has a session started through SessionsService (the audit events carry its
// id), signed out at the end. Contacts from referrers with no Safehub account (a GP, a neighbour, the
// out-of-hours team) arrive as the system actor `demo-activity`, as a partner system's contacts would.
// The services run on a movable FixedClock, so each step is back-dated to when it happened: receipts spread over
// the office hours of the last 3 working days (a few at night), each later step after the one before, none
// after `now`.
//
// People: children of Camden households from the demo's own synthesis (same seed and scale), named as an
// agency's record of them shows them (the school's record for a school, the health record for a GP…), so they
// match the people already in the registry and the hub sees who else knows them. Now and then a referrer uses a
// nickname, mistypes a name or does not know the date of birth. Every sentence of free text is generated from
// templates; nothing describes a real person.
//
// Casework: six open Camden cases allocated to the demo caseworker, at different stages of the statutory pathway
// (an assessment due in 3 working days; a section 47 enquiry with its initial conference due next week; a child
// protection plan whose first core group is 2 working days overdue, with the alert the overdue scan raises for the
// team manager; a child in need plan; a plan with every deadline met; and a plan open for 20 months, flagged as
// stuck for the team manager). Each starts as a real contact made through ContactsService on its day (submitted,
// rated, decided, allocated to the caseworker, so the chronology and the worker routing know the child); the casework
// rows then go in directly (one transaction, one audit event per episode), with deadlines from the rulebook, history
// for the chronology, and the stuck-case flag, written as the services and scans would write them.
//
// Idempotent: a marker contact (the demo referrer's school reference `demo-activity-1`) means it has run.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type RoleCode, type UserActor } from '../../kernel/actor.ts';
import { FixedClock } from '../../kernel/clock.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { SessionsService } from '../../platform/access/sessions.service.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addCalendarMonths, addHours, addWorkingDays, addWorkingHours, DEFAULT_WORKING_HOURS, isWorkingDay, londonDateOf, addCalendarDays, nextWorkingDayOnOrAfter } from '../../platform/calendar/index.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import type { FamilyService, IdentityTables, RegistryService } from '../identity/index.ts';
import { ContactsService, contactInputSchema, familyHooks, OUTCOMES, type FrontDoorTables, type Outcome, type Rag } from '../front-door/index.ts';
import { ProtectionDeskService, type DeskTables, type HubForwarder } from '../protection-desk/index.ts';
import { DEFAULT_RULEBOOK, deadline, effectiveRulebook, icpcDeadline, reviewDeadline, type CaseworkTables, type RulebookCode, type Step as CaseStep } from '../casework/index.ts';
import type { RecordKind } from './agencies.ts';
import { diminutivesOf, typo } from './names.ts';
import type { Household, Person } from './population.ts';
import { Rng } from './prng.ts';
import { resolveSynthesis, synthesiseLondon, DEMO_SCALE, DEMO_SEED, type SourceRecord } from './synthesise.ts';

type Tables = PlatformTables & IdentityTables & FrontDoorTables & DeskTables;

/** What the demo activity needs from the composition root (the Container has all of it). */
export interface DemoActivityDeps {
  database: { db: Kysely<PlatformTables> };
  access: AccessControl;
  audit: AuditTrail;
  sessions: SessionsService;
  identity: RegistryService;
  family: FamilyService;
}

export interface DemoActivityOptions {
  /** The demo's clock: every step happens at or before this instant. */
  now: Date;
  /** The synthesis the demo's records came from (default the demo seed and scale). */
  seed?: number;
  scale?: number;
}

export interface DemoActivityResult {
  /** True when the marker contact was already held, so nothing was added. */
  alreadySeeded: boolean;
  /** Camden contacts made (including those forwarded from the desk). */
  contacts: number;
  /** Those contacts by status at `now`. */
  byStatus: Record<string, number>;
  /** Checks still waiting for an answer, by agency code. */
  checksWaiting: Record<string, number>;
  /** Police notifications loaded onto the desk, and how many of them were forwarded to the hub. */
  notifications: number;
  forwarded: number;
  /** Open Camden cases allocated to the demo caseworker, and the stuck-case flags raised for the team manager. */
  cases: number;
  stuckFlags: number;
  /** Milliseconds taken. */
  ms: number;
}

export const DEMO_ACTIVITY_MARKER = 'demo-activity-1';
const HUB_LA = '202';
const DESK_LAS = ['202', '206'] as const;
const REFERRER_AGENCY = 'la-202-education';
const POLICE = 'met-police';
const HEALTH = 'clch';
const CORRELATION = 'seed-demo-activity';

const DEMO = {
  referrer: { email: 'referrer@camden-schools.example', role: 'referrer' },
  practitioner: { email: 'hub.practitioner@camden.example', role: 'hub-practitioner' },
  manager: { email: 'hub.manager@camden.example', role: 'hub-manager' },
  caseworker: { email: 'caseworker@camden.example', role: 'caseworker' },
  police: { email: 'police.researcher@met.example', role: 'agency-researcher' },
  health: { email: 'health.researcher@clch.example', role: 'agency-researcher' },
  desk: { email: 'desk.officer@met.example', role: 'desk-officer' },
} as const satisfies Record<string, { email: string; role: RoleCode }>;
type DemoRole = keyof typeof DEMO;

// -- when things happen ---------------------------------------------------------------------------------------------

/**
 * A moment in the demo's last 3 working days: `[day, fraction]` is a share of the way through a working day's
 * office hours (day 0 is the latest working day with an hour of office time before `now`, 2 the earliest);
 * `{ evening, at }` is a London wall-clock time after that day's close; `{ morning: 0, at }` is before day 0 opens.
 */
export type When = readonly [0 | 1 | 2, number] | { readonly evening: 1 | 2; readonly at: string } | { readonly morning: 0; readonly at: string };

export interface DemoDays {
  now: Date;
  /** Opening and the end of the usable office hours (closing, or just before `now`) of days 0, 1 and 2. */
  spans: { day: string; opens: Date; ends: Date; closes: Date }[];
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** The last 3 working days with at least an hour of office time before `now` (most recent first). */
export function demoDays(now: Date): DemoDays {
  const wh = DEFAULT_WORKING_HOURS;
  const spans: DemoDays['spans'] = [];
  for (let day = londonDateOf(now); spans.length < 3; day = addCalendarDays(day, -1)) {
    if (!isWorkingDay(day)) continue;
    // Midnight UTC is in the same London day and before it opens; 0 working hours on gives the opening.
    const opens = addWorkingHours(new Date(`${day}T00:00:00Z`), 0, wh);
    if (opens.getTime() + HOUR_MS > now.getTime()) continue;
    const closes = addWorkingHours(opens, (minutesOf(wh.closesAt) - minutesOf(wh.opensAt)) / 60, wh);
    spans.push({ day, opens, closes, ends: new Date(Math.min(closes.getTime(), now.getTime() - MINUTE_MS)) });
  }
  return { now, spans };
}

export function instantOf(days: DemoDays, when: When): Date {
  if (Array.isArray(when)) {
    const [day, fraction] = when as readonly [number, number];
    const span = days.spans[day]!;
    const at = span.opens.getTime() + fraction * (span.ends.getTime() - span.opens.getTime());
    return new Date(Math.floor(at / MINUTE_MS) * MINUTE_MS);
  }
  const w = when as { evening?: number; morning?: number; at: string };
  if (w.evening !== undefined) {
    const span = days.spans[w.evening]!;
    return addHours(span.closes, (minutesOf(w.at) - minutesOf(DEFAULT_WORKING_HOURS.closesAt)) / 60);
  }
  const span = days.spans[w.morning ?? 0]!;
  return addHours(span.opens, (minutesOf(w.at) - minutesOf(DEFAULT_WORKING_HOURS.opensAt)) / 60);
}

// -- the contacts ---------------------------------------------------------------------------------------------------

type Source = '1A' | '1B' | '1C' | '1D' | '2A' | '2B' | '3A' | '3B' | '3C' | '3D' | '3E' | '3F' | '4' | '5A' | '5B' | '5D' | '8' | '9';
type Indicator =
  | 'domestic-abuse'
  | 'neglect'
  | 'physical-abuse'
  | 'sexual-abuse'
  | 'emotional-abuse'
  | 'child-criminal-exploitation'
  | 'missing'
  | 'parental-mental-health'
  | 'parental-substance-misuse'
  | 'child-mental-health'
  | 'self-harm'
  | 'school-attendance'
  | 'housing'
  | 'other';
type Agency = typeof POLICE | typeof HEALTH;
/** The consent position as the referrer gives it; `exception` is not sought because asking would raise the risk. */
type ConsentGiven = 'given' | 'refused' | 'not-sought' | 'exception';

type Step =
  | { at: When; do: 'submit' }
  | { at: When; do: 'screen'; rag: Rag; by?: 'practitioner' | 'manager' }
  | { at: When; do: 'consent'; position: 'given' | 'overridden' }
  | { at: When; do: 'strategy' }
  | { at: When; do: 'checks'; agencies: Agency[] }
  | { at: When; do: 'answer'; agency: Agency; kind: 'disclosed' | 'no-information' | 'declined' }
  | { at: When; do: 'decide'; outcome: Outcome }
  | { at: When; do: 'sign-off' }
  | { at: When; do: 'allocate' };

interface Scenario {
  key: string;
  source: Source;
  /** The demo referrer (as herself), or a referrer with no Safehub account (the system actor). */
  byReferrer?: boolean;
  /** Age band of the child the contact is about (years, at `now`). */
  ages: readonly [number, number];
  /** Name the child's brothers and sisters too. */
  siblings?: boolean;
  /** Household adults to name (mother first). */
  adults?: number;
  indicators: Indicator[];
  consent: ConsentGiven;
  /** A competent young person's own consent. */
  childsOwn?: boolean;
  /** How the referrer gets the child's name wrong, if they do. */
  naming?: 'nickname' | 'typo';
  /** The same child as another scenario (a repeat concern, or the child now allocated). */
  sameChildAs?: string;
  /** A household with an adult known to adult mental health services (the Think Family prompt). */
  thinkFamily?: boolean;
  steps: Step[];
}

/**
 * About 30 contacts, in every state. Times are chosen so that each story reads true: unrated contacts from two
 * days ago are overdue for a decision, Red contacts still waiting for partners are overdue, a referral allocated
 * two days ago routes today's contact about the same child straight to the worker.
 */
export const SCENARIOS: readonly Scenario[] = [
  // Decided in the last days.
  {
    key: 'allocated',
    source: '2A',
    byReferrer: true,
    ages: [6, 15],
    siblings: true,
    adults: 1,
    indicators: ['neglect', 'school-attendance'],
    consent: 'given',
    steps: [
      { at: [2, 0.04], do: 'submit' },
      { at: [2, 0.12], do: 'screen', rag: 'amber' },
      { at: [2, 0.15], do: 'checks', agencies: [HEALTH] },
      { at: [2, 0.4], do: 'answer', agency: HEALTH, kind: 'disclosed' },
      { at: [2, 0.62], do: 'decide', outcome: 'section-17-assessment' },
      { at: [2, 0.8], do: 'allocate' },
    ],
  },
  {
    key: 'early-help',
    source: '2A',
    byReferrer: true,
    ages: [8, 15],
    adults: 1,
    indicators: ['child-mental-health'],
    consent: 'given',
    steps: [
      { at: [2, 0.3], do: 'submit' },
      { at: [2, 0.42], do: 'screen', rag: 'green' },
      { at: [2, 0.66], do: 'decide', outcome: 'early-help' },
    ],
  },
  {
    key: 'signposted',
    source: '3C',
    ages: [5, 12],
    siblings: true,
    indicators: ['neglect'],
    consent: 'given',
    steps: [
      { at: [2, 0.48], do: 'submit' },
      { at: [2, 0.55], do: 'screen', rag: 'blue' },
      { at: [2, 0.72], do: 'decide', outcome: 'advice-signpost' },
    ],
  },
  {
    key: 'nfa-signed-off',
    source: '1B',
    ages: [2, 10],
    indicators: ['neglect'],
    consent: 'not-sought',
    naming: 'typo',
    steps: [
      { at: [2, 0.58], do: 'submit' },
      { at: [2, 0.7], do: 'screen', rag: 'green' },
      { at: [1, 0.1], do: 'decide', outcome: 'no-further-action' },
      { at: [1, 0.22], do: 'sign-off' },
    ],
  },
  {
    key: 's47-signed-off',
    source: '3E',
    ages: [0, 4],
    adults: 2,
    indicators: ['physical-abuse'],
    consent: 'exception',
    steps: [
      { at: [1, 0.03], do: 'submit' },
      { at: [1, 0.06], do: 'screen', rag: 'red', by: 'manager' },
      { at: [1, 0.08], do: 'strategy' },
      { at: [1, 0.09], do: 'checks', agencies: [POLICE, HEALTH] },
      { at: [1, 0.2], do: 'answer', agency: POLICE, kind: 'disclosed' },
      { at: [1, 0.26], do: 'answer', agency: HEALTH, kind: 'disclosed' },
      { at: [1, 0.34], do: 'decide', outcome: 'section-47-strategy-discussion' },
      { at: [1, 0.42], do: 'sign-off' },
    ],
  },
  {
    key: 'returned',
    source: '8',
    ages: [4, 14],
    adults: 1,
    indicators: ['housing', 'other'],
    consent: 'refused',
    steps: [
      { at: [1, 0.18], do: 'submit' },
      { at: [1, 0.3], do: 'screen', rag: 'green' },
      { at: [1, 0.5], do: 'decide', outcome: 'returned-to-referrer' },
    ],
  },
  // A newer contact about the allocated child: straight to the worker.
  { key: 'routed', source: '3C', sameChildAs: 'allocated', ages: [0, 17], indicators: ['child-mental-health'], consent: 'given', steps: [{ at: [0, 0.35], do: 'submit' }] },

  // Decided by the practitioner, waiting for the manager's sign-off.
  {
    key: 'nfa-awaiting-sign-off',
    source: '2A',
    byReferrer: true,
    ages: [10, 15],
    indicators: ['school-attendance'],
    consent: 'given',
    steps: [
      { at: [1, 0.12], do: 'submit' },
      { at: [1, 0.28], do: 'screen', rag: 'green' },
      { at: [1, 0.68], do: 'decide', outcome: 'no-further-action' },
    ],
  },
  {
    key: 'gp-nfa',
    source: '3A',
    ages: [0, 12],
    adults: 1,
    indicators: ['parental-substance-misuse'],
    consent: 'given',
    steps: [
      { at: [1, 0.32], do: 'submit' },
      { at: [1, 0.4], do: 'screen', rag: 'green' },
      { at: [1, 0.44], do: 'checks', agencies: [HEALTH] },
      { at: [1, 0.6], do: 'answer', agency: HEALTH, kind: 'no-information' },
      { at: [0, 0.2], do: 'decide', outcome: 'no-further-action' },
    ],
  },
  {
    key: 'out-of-hours-s47',
    source: '5A',
    ages: [1, 14],
    siblings: true,
    adults: 2,
    indicators: ['domestic-abuse'],
    consent: 'exception',
    steps: [
      { at: { evening: 2, at: '22:40' }, do: 'submit' },
      { at: [1, 0.01], do: 'screen', rag: 'red' },
      { at: [1, 0.02], do: 'strategy' },
      { at: [1, 0.04], do: 'checks', agencies: [POLICE] },
      { at: [1, 0.15], do: 'answer', agency: POLICE, kind: 'disclosed' },
      { at: [0, 0.45], do: 'decide', outcome: 'section-47-strategy-discussion' },
    ],
  },

  // Checks answered, waiting for a decision.
  {
    key: 'health-visitor',
    source: '3B',
    ages: [0, 3],
    siblings: true,
    adults: 1,
    indicators: ['neglect'],
    consent: 'given',
    steps: [
      { at: [1, 0.38], do: 'submit' },
      { at: [1, 0.48], do: 'screen', rag: 'amber' },
      { at: [1, 0.52], do: 'checks', agencies: [HEALTH, POLICE] },
      { at: [1, 0.78], do: 'answer', agency: HEALTH, kind: 'disclosed' },
      { at: [0, 0.1], do: 'answer', agency: POLICE, kind: 'no-information' },
    ],
  },
  {
    key: 'attendance-declined',
    source: '2B',
    ages: [7, 15],
    indicators: ['school-attendance', 'neglect'],
    consent: 'given',
    steps: [
      { at: [2, 0.66], do: 'submit' },
      { at: [2, 0.76], do: 'screen', rag: 'green' },
      { at: [2, 0.86], do: 'checks', agencies: [HEALTH] },
      { at: [1, 0.24], do: 'answer', agency: HEALTH, kind: 'declined' },
    ],
  },
  {
    key: 'relative-overridden',
    source: '1A',
    ages: [2, 12],
    siblings: true,
    adults: 2,
    indicators: ['domestic-abuse'],
    consent: 'refused',
    steps: [
      { at: [1, 0.45], do: 'submit' },
      { at: [1, 0.55], do: 'screen', rag: 'amber' },
      { at: [1, 0.58], do: 'consent', position: 'overridden' },
      { at: [1, 0.6], do: 'checks', agencies: [POLICE] },
      { at: [1, 0.88], do: 'answer', agency: POLICE, kind: 'disclosed' },
    ],
  },
  {
    key: 'think-family',
    source: '3F',
    thinkFamily: true,
    ages: [0, 17],
    adults: 1,
    indicators: ['parental-mental-health'],
    consent: 'given',
    steps: [
      { at: [1, 0.5], do: 'submit' },
      { at: [1, 0.62], do: 'screen', rag: 'amber' },
      { at: [1, 0.65], do: 'checks', agencies: [HEALTH, POLICE] },
      { at: [1, 0.82], do: 'answer', agency: POLICE, kind: 'no-information' },
      { at: [0, 0.15], do: 'answer', agency: HEALTH, kind: 'disclosed' },
    ],
  },
  {
    key: 'housing',
    source: '4',
    ages: [0, 15],
    siblings: true,
    adults: 1,
    indicators: ['housing', 'neglect'],
    consent: 'given',
    steps: [
      { at: [2, 0.78], do: 'submit' },
      { at: [2, 0.88], do: 'screen', rag: 'green' },
      { at: [2, 0.92], do: 'checks', agencies: [POLICE, HEALTH] },
      { at: [1, 0.14], do: 'answer', agency: POLICE, kind: 'no-information' },
      { at: [1, 0.36], do: 'answer', agency: HEALTH, kind: 'disclosed' },
    ],
  },

  // Rated; some waiting for partners' checks (the Red ones overdue).
  {
    key: 'exploitation',
    source: '5B',
    ages: [13, 16],
    indicators: ['child-criminal-exploitation', 'missing'],
    consent: 'exception',
    steps: [
      { at: [1, 0.56], do: 'submit' },
      { at: [1, 0.6], do: 'screen', rag: 'red', by: 'manager' },
      { at: [1, 0.63], do: 'strategy' },
      { at: [1, 0.66], do: 'checks', agencies: [POLICE, HEALTH] },
    ],
  },
  {
    key: 'disclosure',
    source: '2A',
    ages: [6, 14],
    indicators: ['sexual-abuse'],
    consent: 'exception',
    steps: [
      { at: [0, 0.08], do: 'submit' },
      { at: [0, 0.14], do: 'screen', rag: 'red' },
      { at: [0, 0.18], do: 'strategy' },
      { at: [0, 0.22], do: 'checks', agencies: [POLICE, HEALTH] },
    ],
  },
  {
    key: 'school-domestic-abuse',
    source: '2A',
    byReferrer: true,
    ages: [7, 15],
    adults: 1,
    indicators: ['domestic-abuse', 'emotional-abuse'],
    consent: 'given',
    steps: [
      { at: [1, 0.7], do: 'submit' },
      { at: [1, 0.76], do: 'screen', rag: 'amber' },
      { at: [1, 0.8], do: 'checks', agencies: [POLICE] },
    ],
  },
  {
    key: 'gp-neglect',
    source: '3A',
    ages: [0, 8],
    adults: 1,
    indicators: ['neglect'],
    consent: 'given',
    steps: [
      { at: [1, 0.84], do: 'submit' },
      { at: [0, 0.06], do: 'screen', rag: 'amber' },
      { at: [0, 0.12], do: 'checks', agencies: [HEALTH] },
    ],
  },
  {
    key: 'public-bruising',
    source: '1D',
    ages: [3, 11],
    indicators: ['physical-abuse'],
    consent: 'not-sought',
    steps: [
      { at: [1, 0.92], do: 'submit' },
      { at: [0, 0.05], do: 'screen', rag: 'amber', by: 'manager' },
      { at: [0, 0.28], do: 'consent', position: 'given' },
      { at: [0, 0.3], do: 'checks', agencies: [POLICE, HEALTH] },
    ],
  },
  {
    key: 'voluntary',
    source: '8',
    ages: [0, 15],
    siblings: true,
    adults: 1,
    indicators: ['housing', 'other'],
    consent: 'given',
    steps: [
      { at: [2, 0.9], do: 'submit' },
      { at: [1, 0.05], do: 'screen', rag: 'green' },
    ],
  },
  {
    key: 'neighbour-noise',
    source: '1B',
    ages: [0, 12],
    siblings: true,
    indicators: ['other'],
    consent: 'not-sought',
    naming: 'nickname',
    steps: [
      { at: { evening: 1, at: '20:05' }, do: 'submit' },
      { at: [0, 0.04], do: 'screen', rag: 'blue' },
    ],
  },
  {
    key: 'school-nurse',
    source: '3C',
    ages: [11, 16],
    indicators: ['child-mental-health', 'self-harm'],
    consent: 'given',
    childsOwn: true,
    steps: [
      { at: [0, 0.16], do: 'submit' },
      { at: [0, 0.24], do: 'screen', rag: 'amber' },
      { at: [0, 0.26], do: 'checks', agencies: [HEALTH] },
    ],
  },

  // Not yet rated (the first three overdue for a decision).
  { key: 'gp-unrated', source: '3A', ages: [0, 5], adults: 1, indicators: ['neglect'], consent: 'given', steps: [{ at: [2, 0.2], do: 'submit' }] },
  { key: 'school-unrated', source: '2A', ages: [5, 11], indicators: ['emotional-abuse'], consent: 'given', steps: [{ at: [2, 0.52], do: 'submit' }] },
  { key: 'anonymous', source: '9', ages: [0, 10], siblings: true, indicators: ['neglect', 'parental-substance-misuse'], consent: 'not-sought', naming: 'typo', steps: [{ at: [2, 0.82], do: 'submit' }] },
  { key: 'early-help-step-up', source: '5D', ages: [5, 15], adults: 1, indicators: ['school-attendance', 'other'], consent: 'given', steps: [{ at: [1, 0.64], do: 'submit' }] },
  { key: 'relative-night', source: '1A', ages: [0, 14], siblings: true, adults: 2, indicators: ['domestic-abuse'], consent: 'not-sought', steps: [{ at: { evening: 1, at: '21:50' }, do: 'submit' }] },
  { key: 'self-referral', source: '1C', ages: [13, 16], indicators: ['child-mental-health'], consent: 'given', childsOwn: true, steps: [{ at: { morning: 0, at: '06:40' }, do: 'submit' }] },
  { key: 'repeat', source: '3D', sameChildAs: 'signposted', ages: [0, 17], indicators: ['neglect'], consent: 'given', steps: [{ at: [0, 0.3], do: 'submit' }] },
  { key: 'school-today', source: '2A', byReferrer: true, ages: [5, 15], indicators: ['physical-abuse'], consent: 'exception', naming: 'nickname', steps: [{ at: [0, 0.55], do: 'submit' }] },
];

// -- generated words ------------------------------------------------------------------------------------------------

const REFERRERS: Record<Source, { role: string; domain: string | null }> = {
  '1A': { role: 'Family member (grandparent)', domain: null },
  '1B': { role: 'Neighbour', domain: null },
  '1C': { role: 'Young person (self-referral)', domain: null },
  '1D': { role: 'Member of the public', domain: null },
  '2A': { role: 'Designated safeguarding lead', domain: 'primary-school.example' },
  '2B': { role: 'Education welfare officer', domain: 'camden-education.example' },
  '3A': { role: 'GP', domain: 'gp-surgery.example' },
  '3B': { role: 'Health visitor', domain: 'clch.example' },
  '3C': { role: 'School nurse', domain: 'clch.example' },
  '3D': { role: 'Practice nurse', domain: 'gp-surgery.example' },
  '3E': { role: 'Emergency department nurse', domain: 'whittington.example' },
  '3F': { role: 'Adult mental health nurse', domain: 'elft.example' },
  '4': { role: 'Housing officer', domain: 'housing-association.example' },
  '5A': { role: 'Social worker, emergency duty team', domain: 'camden.example' },
  '5B': { role: 'Youth worker', domain: 'camden.example' },
  '5D': { role: 'Early help practitioner', domain: 'camden.example' },
  '8': { role: 'Family support worker, voluntary sector', domain: 'family-charity.example' },
  '9': { role: 'Anonymous caller', domain: null },
};

/** The agency records a referrer from each source would know the child from, in order of preference. */
function recordKindsFor(source: Source | '6'): RecordKind[] {
  if (source === '2A' || source === '2B') return ['education', 'health'];
  if (source.startsWith('3')) return ['health', 'education'];
  if (source === '4') return ['housing', 'health', 'education'];
  if (source.startsWith('5')) return ['childrens-social-care', 'education', 'health'];
  if (source === '6') return ['police', 'education', 'health'];
  return ['health', 'education'];
}

const REFERRER_FORENAMES = ['Ruth', 'Kwame', 'Helena', 'Ifeoma', 'Gareth', 'Shabnam', 'Niall', 'Agnieszka', 'Tunde', 'Moira', 'Rashid', 'Elin', 'Deborah', 'Marcus', 'Leyla', 'Fiona'];
const REFERRER_SURNAMES = ['Calloway', 'Mensah-Reid', 'Lindgren', 'Okonkwo', 'Pryce', 'Chowdhury', 'Brennan', 'Kowalczyk', 'Adebayo', 'Sinclair', 'Hussain', 'Rhys', 'Ashdown', 'Fairweather', 'Demir', 'MacAulay'];

type Subject = { many: boolean; young: boolean; baby: boolean };
const who = (s: Subject) => (s.many ? 'the children' : s.baby ? 'the baby' : s.young ? 'the young person' : 'the child');
const Who = (s: Subject) => who(s).charAt(0).toUpperCase() + who(s).slice(1);

const CONCERNS: Record<Indicator, ((s: Subject) => string)[]> = {
  'domestic-abuse': [
    (s) => `${Who(s)} told staff there was shouting and a door was broken at home last night, and they were frightened.`,
    (s) => `Mother disclosed that her partner has been controlling and threatening for months; ${who(s)} ${s.many ? 'have' : 'has'} witnessed arguments.`,
    (s) => `Police were called to the home after a report of a fight between the adults; ${who(s)} ${s.many ? 'were' : 'was'} in the flat at the time.`,
  ],
  neglect: [
    (s) => `${Who(s)} often ${s.many ? 'arrive' : 'arrives'} hungry and in the same unwashed clothes; staff have given breakfast most days this half-term.`,
    (s) => `On a home visit there was little food in the flat, the heating was off and ${who(s)} had a nappy rash that had not been treated.`,
    (s) => `${Who(s)} ${s.many ? 'have' : 'has'} been seen out alone late in the evening and the adults at home do not seem to know where they are.`,
  ],
  'physical-abuse': [
    (s) => `${Who(s)} came in with bruising to the upper arm and gave two different accounts of how it happened.`,
    (s) => `${Who(s)} said a parent hit them with a belt at the weekend; a mark was seen on the back of the leg.`,
    (s) => `${Who(s)} ${s.baby ? 'was brought in with' : 'has'} a bruise that does not fit the explanation given and there was a delay in seeking help.`,
  ],
  'sexual-abuse': [
    (s) => `${Who(s)} made a disclosure to a teacher this morning about an adult known to the family; it was recorded in the child's own words.`,
    () => 'Staff are worried about sexualised language and behaviour well beyond the child’s age, noticed several times this week.',
  ],
  'emotional-abuse': [
    (s) => `${Who(s)} ${s.many ? 'say' : 'says'} they are often shouted at and told they are not wanted; staff describe them as withdrawn and anxious on Mondays.`,
    (s) => `${Who(s)} ${s.many ? 'have' : 'has'} become very quiet and flinches when an adult raises their voice; a parent was heard belittling them at the school gate.`,
  ],
  'child-criminal-exploitation': [
    (s) => `${Who(s)} was stopped well outside the borough carrying cash and two phones, and will not say who gave them.`,
    (s) => `${Who(s)} has new clothes and trainers the family cannot explain, and is being collected from school by older young people in a car.`,
  ],
  missing: [(s) => `${Who(s)} has been missing overnight twice this month and would not say where they had been.`],
  'parental-mental-health': [
    () => 'A parent was seen by the crisis team after a serious deterioration in their mental health and has stopped taking medication; it is unclear who is caring for the children day to day.',
    () => 'A parent has told us they are struggling to cope with low mood and intrusive thoughts and worry about looking after the children.',
  ],
  'parental-substance-misuse': [
    () => 'A parent attended an appointment smelling strongly of alcohol with a young child in their care, and said they are drinking most days.',
    () => 'Neighbours report regular drug use at the address and visitors at all hours; young children live there.',
  ],
  'child-mental-health': [
    (s) => `${Who(s)} ${s.many ? 'have' : 'has'} talked about feeling hopeless, is not sleeping and has stopped seeing friends; the family are asking for help.`,
    (s) => `${Who(s)} said they have been thinking about ending their life; a safety plan was agreed today with them and a parent.`,
  ],
  'self-harm': [(s) => `${Who(s)} showed the nurse fresh cuts to the forearm and said it has been happening for some weeks.`],
  'school-attendance': [
    (s) => `Attendance has fallen below 60% this term and the family have not answered letters or calls; ${who(s)} ${s.many ? 'were' : 'was'} last seen 9 school days ago.`,
    (s) => `${Who(s)} ${s.many ? 'have' : 'has'} been absent for three weeks without explanation and the home visit found no one in.`,
  ],
  housing: [
    (s) => `The family have been served notice to leave and may be homeless within weeks; ${who(s)} ${s.many ? 'share' : 'shares'} one damp room with the adults.`,
    () => 'The family are living in one overcrowded room with damp and mould and no cooking facilities; the landlord is not responding.',
  ],
  other: [
    () => 'Neighbours hear frequent loud arguments and crying late at night and are worried about the children, but have not seen anything themselves.',
    () => 'The family have asked for support with money and food and with getting the children to school; things at home are getting harder.',
  ],
};

const CLOSING: Partial<Record<Source, string>> = {
  '2A': 'We have spoken to the child and recorded their account on our safeguarding log.',
  '2B': 'The school has tried to engage the family without success.',
  '3A': 'I have discussed this with the practice safeguarding lead.',
  '3B': 'I will continue to visit and can attend any meeting.',
  '3C': 'I have agreed to see the young person again next week.',
  '3E': 'The child is on the ward and will stay in overnight.',
  '4': 'The housing team will hold the case open.',
  '5A': 'Out-of-hours safety plan agreed; passed to the MASH for the morning.',
  '5B': 'I remain in contact with the young person.',
  '5D': 'Early help plan reviewed: the family has not engaged, so we are asking for a step up.',
  '8': 'We are asking for help to support the family.',
  '9': 'The caller did not want to give their name.',
};

const SCREEN_REASONS: Record<Rag, string> = {
  red: 'Possible significant harm today: needs a same-day response under the section 47 threshold.',
  amber: 'Cumulative concerns: partner information is needed before a decision; no immediate risk identified.',
  green: 'Additional needs but no safeguarding concern so far: likely early help or advice.',
  blue: 'Universal services can meet the need: no MASH response needed.',
};

const RATIONALES: Partial<Record<Outcome, string>> = {
  'section-17-assessment': 'Needs are complex and persistent; partner information confirms health appointments missed. Child in need assessment to understand the family’s needs.',
  'early-help': 'Needs can be met by early help with the family’s agreement: referred to the family support team.',
  'advice-signpost': 'No safeguarding concern identified: advice given to the referrer and the family signposted to the children’s centre.',
  'no-further-action': 'Checks do not show a safeguarding concern and universal services are involved; no further action by children’s social care.',
  'section-47-strategy-discussion': 'Reasonable cause to suspect significant harm: strategy discussion with police and health today.',
  'returned-to-referrer': 'Early help was requested but the family has not agreed to it; returned to the referrer to seek consent.',
};

const QUESTION = 'Please share what your agency holds about the children and adults named, including any current involvement and any concerns about the household.';

function disclosureOf(agency: Agency, indicators: readonly Indicator[], youngest: number): { disclosure: string; what: string } {
  if (agency === POLICE) {
    if (indicators.includes('domestic-abuse') || indicators.includes('physical-abuse'))
      return { disclosure: 'Two domestic incidents recorded at the address in the last 18 months, both verbal arguments; no injuries recorded and no arrests. A Domestic Abuse, Stalking and Harassment risk assessment graded the last one as standard risk.', what: 'Summary of incidents at the address' };
    if (indicators.includes('child-criminal-exploitation') || indicators.includes('missing'))
      return { disclosure: 'The young person has been stopped twice this year with older youths linked to drug supply; no charges. One missing episode recorded last month, found the same night.', what: 'Summary of stops and missing episodes' };
    return { disclosure: 'One call to the address last year about a neighbour dispute; officers recorded no concerns for the children.', what: 'Summary of calls to the address' };
  }
  if (youngest < 5) return { disclosure: 'Known to health visiting: the child missed the last two development reviews and the family has not answered letters. Immunisations are behind schedule.', what: 'Health visiting contacts this year' };
  return { disclosure: 'School nursing saw the child twice this term about low mood and sleep; referred to CAMHS and awaiting an appointment. Registered with a Camden GP.', what: 'School nursing contacts and referrals' };
}

// -- people ---------------------------------------------------------------------------------------------------------

interface Known {
  person: Person;
  ageYears: number;
  records: SourceRecord[];
}

interface Family {
  laCode: string;
  household: Household;
  children: Known[];
  adults: (Known & { relationship: 'mother' | 'father' | 'step-parent' | 'grandparent' })[];
  hasMentalHealthAdult: boolean;
}

const RELATIONSHIP: Partial<Record<Person['role'], Family['adults'][number]['relationship']>> = {
  mother: 'mother',
  father: 'father',
  'step-father': 'step-parent',
  grandmother: 'grandparent',
  grandfather: 'grandparent',
};

function ageAt(dob: string, now: Date): number {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const [ny, nm, nd] = londonDateOf(now).split('-').map(Number) as [number, number, number];
  return ny - y - (nm < m || (nm === m && nd < d) ? 1 : 0);
}

/** The record an agency of this kind holds, the most recently updated first; the family's own borough first. */
function recordFor(known: Known, kinds: readonly RecordKind[], laCode: string): SourceRecord | undefined {
  for (const kind of kinds) {
    const mine = known.records.filter((r) => r.entry.kind === kind && !r.entry.isDuplicate).sort((a, b) => b.entry.updatedOn - a.entry.updatedOn);
    const found = mine.find((r) => r.recorded.laCode === laCode) ?? mine[0];
    if (found) return found;
  }
  return known.records.find((r) => !r.entry.isDuplicate) ?? known.records[0];
}

/** Households of the synthesis in the given boroughs whose children still live there and are under 17. */
function familiesOf(seed: number, scale: number, laCodes: readonly string[], now: Date): Family[] {
  const families: Family[] = [];
  const wanted = new Set(laCodes);
  const s = resolveSynthesis({ seed, scale, history: true });
  for (const bundle of synthesiseLondon(s)) {
    if (!wanted.has(bundle.laCode)) {
      // Boroughs come in ONS order: stop once every wanted one has gone by.
      if (families.length && [...wanted].every((la) => families.some((f) => f.laCode === la))) break;
      continue;
    }
    const household = bundle.households[0];
    if (!household) continue;
    const knownOf = (person: Person): Known | undefined => {
      const records = bundle.records.filter((r) => r.entry.person === person);
      const dob = records.find((r) => r.recorded.dob)?.recorded.dob;
      if (!records.length || !dob) return undefined;
      return { person, ageYears: ageAt(dob, now), records };
    };
    const children = household.members
      .filter((p) => p.isChild)
      .map(knownOf)
      .filter((k): k is Known => k !== undefined && k.ageYears >= 0 && k.ageYears < 17)
      .filter((k) => recordFor(k, ['education', 'health'], bundle.laCode)?.recorded.laCode === bundle.laCode)
      .sort((a, b) => b.ageYears - a.ageYears);
    if (!children.length) continue;
    const adults = household.members
      .filter((p) => !p.isChild && RELATIONSHIP[p.role])
      .map((p) => {
        const k = knownOf(p);
        return k ? { ...k, relationship: RELATIONSHIP[p.role]! } : undefined;
      })
      .filter((a): a is Family['adults'][number] => a !== undefined)
      .sort((a, b) => (a.relationship === 'mother' ? -1 : b.relationship === 'mother' ? 1 : 0));
    const hasMentalHealthAdult = adults.some((a) => a.records.some((r) => r.entry.kind === 'adult-mental-health'));
    families.push({ laCode: bundle.laCode, household, children, adults, hasMentalHealthAdult });
  }
  return families;
}

interface Named {
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U' | null;
  nhsNumber: string | null;
  postcode: string | null;
  address: string | null;
}

/** A person as a referrer from `source` would give them: from the agency record they know, with what they know. */
function asReferrerKnowsThem(known: Known, source: Source | '6', laCode: string, rng: Rng, naming?: 'nickname' | 'typo'): Named & { localId: string | null; agencyCode: string | null } {
  const record = recordFor(known, recordKindsFor(source), laCode);
  const r = record?.recorded;
  let forenames = r?.forename || known.person.forename;
  let surname = r?.surname || known.person.surname;
  if (naming === 'nickname') forenames = diminutivesOf(forenames)[0] ?? forenames;
  if (naming === 'typo') surname = typo(rng, surname);
  const isHealth = source.startsWith('3');
  const knowsDob = !['1B', '1D', '9'].includes(source);
  const sex = r?.sex === 'M' || r?.sex === 'F' || r?.sex === 'U' ? r.sex : null;
  return {
    forenames,
    surname,
    dateOfBirth: knowsDob ? r?.dob || null : null,
    sex,
    nhsNumber: isHealth && r?.nhsNumber && /^\d{10}$/.test(r.nhsNumber) ? r.nhsNumber : null,
    postcode: r?.postcode || null,
    address: r?.addressLine || null,
    localId: record && record.entry.kind === 'police' ? record.entry.localId : null,
    agencyCode: record?.entry.agencyCode ?? null,
  };
}

/** Hands out families one at a time; once every family has been used, starts again (a busy borough). */
class FamilyPool {
  private readonly used = new Set<Family>();
  constructor(private readonly families: Family[]) {}
  take(fits: (f: Family) => boolean): Family | undefined {
    const fresh = this.families.find((f) => !this.used.has(f) && fits(f));
    const chosen = fresh ?? this.families.find(fits);
    if (chosen) this.used.add(chosen);
    return chosen;
  }

  /** A family no earlier scenario used, or undefined: for work that must be about a child of its own (a case). */
  takeFresh(fits: (f: Family) => boolean): Family | undefined {
    const fresh = this.families.find((f) => !this.used.has(f) && fits(f));
    if (fresh) this.used.add(fresh);
    return fresh;
  }
}

// -- the run --------------------------------------------------------------------------------------------------------

interface Timed {
  at: Date;
  seq: number;
  run: () => Promise<void>;
}

export async function seedDemoActivity(deps: DemoActivityDeps, options: DemoActivityOptions): Promise<DemoActivityResult> {
  const started = performance.now();
  const db: Kysely<Tables> = deps.database.db.withTables<IdentityTables & FrontDoorTables & DeskTables>();
  const empty: DemoActivityResult = { alreadySeeded: false, contacts: 0, byStatus: {}, checksWaiting: {}, notifications: 0, forwarded: 0, cases: 0, stuckFlags: 0, ms: 0 };
  const marker = await db
    .selectFrom('contacts as c')
    .innerJoin('agencies as a', 'a.id', 'c.referrerAgencyId')
    .select('c.id')
    .where('a.code', '=', REFERRER_AGENCY)
    .where('c.externalReference', '=', DEMO_ACTIVITY_MARKER)
    .executeTakeFirst();
  if (marker) return { ...empty, alreadySeeded: true, ms: Math.round(performance.now() - started) };

  const now = options.now;
  const seed = options.seed ?? DEMO_SEED;
  const scale = options.scale ?? DEMO_SCALE;
  const families = familiesOf(seed, scale, DESK_LAS, now);
  const camden = families.filter((f) => f.laCode === HUB_LA);
  if (!camden.length) return { ...empty, ms: Math.round(performance.now() - started) };

  const rng = Rng.derive(seed, 'demo-activity');
  const days = demoDays(now);
  const at = (when: When) => instantOf(days, when);
  const agencyIds = new Map((await db.selectFrom('agencies').select(['id', 'code']).where('code', 'in', [POLICE, HEALTH]).execute()).map((a) => [a.code, a.id]));

  // The demo users, each signed in once.
  const actors = await signInDemoUsers(deps, db);
  const clock = new FixedClock(now);
  const contacts = new ContactsService(deps.database.db.withTables<FrontDoorTables & IdentityTables>(), deps.access, deps.audit, clock, deps.identity, familyHooks(deps.family, clock));
  const forwarder: HubForwarder = { contactFromNotification: (actor, n) => contacts.contactFromNotification(actor, n) };
  const desk = new ProtectionDeskService(deps.database.db.withTables<DeskTables>(), deps.access, deps.audit, clock, forwarder);
  const partner = systemActor('demo-activity', CORRELATION);

  const timeline: Timed[] = [];
  let seq = 0;
  const schedule = (instant: Date, run: () => Promise<void>) => timeline.push({ at: instant, seq: seq++, run });
  const made: string[] = [];

  // Contacts: people chosen first (deterministic), then every step on the timeline.
  const pool = new FamilyPool(camden);
  const childOf = new Map<string, { family: Family; child: Known }>();
  const contactOf = new Map<string, string>();
  let referrerCount = 0;
  for (const sc of SCENARIOS) {
    const inBand = (k: Known) => k.ageYears >= sc.ages[0] && k.ageYears <= sc.ages[1];
    let chosen = sc.sameChildAs ? childOf.get(sc.sameChildAs) : undefined;
    if (!chosen) {
      const fits = (f: Family) =>
        f.children.some(inBand) && (!sc.adults || f.adults.length > 0) && (!sc.thinkFamily || f.hasMentalHealthAdult) && (!sc.siblings || f.children.length > 1);
      const family = pool.take(fits) ?? pool.take((f) => f.children.some(inBand)) ?? pool.take(() => true)!;
      chosen = { family, child: family.children.find(inBand) ?? family.children[0]! };
    }
    childOf.set(sc.key, chosen);
    const { family, child } = chosen;
    const named = [child, ...(sc.siblings ? family.children.filter((c) => c !== child).slice(0, 2) : [])];
    const adults = sc.thinkFamily
      ? family.adults.filter((a) => a.records.some((r) => r.entry.kind === 'adult-mental-health')).slice(0, 1)
      : family.adults.slice(0, sc.adults ?? 0);
    const subject: Subject = { many: named.length > 1, young: child.ageYears >= 11, baby: named.length === 1 && child.ageYears < 1 };
    const concern = [rng.pick(CONCERNS[sc.indicators[0]!])(subject), CLOSING[sc.source]].filter(Boolean).join(' ');
    const referrerName = sc.source === '9' ? 'Anonymous' : `${rng.pick(REFERRER_FORENAMES)} ${rng.pick(REFERRER_SURNAMES)}`;
    const domain = REFERRERS[sc.source].domain;
    const input = contactInputSchema.parse({
      laCode: HUB_LA,
      source: sc.source,
      referrer: sc.byReferrer
        ? { name: actors.referrer.displayName, role: 'Designated safeguarding lead', phone: '020 7946 0142', email: DEMO.referrer.email }
        : {
            name: sc.source === '1C' ? `${child.person.forename} (self)` : referrerName,
            role: REFERRERS[sc.source].role,
            phone: sc.source === '9' ? null : `020 7946 0${String(100 + rng.int(900))}`,
            email: domain ? `${referrerName.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}` : null,
          },
      children: named.map((k, i) => ({ ...stripIds(asReferrerKnowsThem(k, sc.source, family.laCode, rng, i === 0 ? sc.naming : undefined)), isUnborn: false })),
      adults: adults.map((a) => ({ ...stripIds(asReferrerKnowsThem(a, sc.source, family.laCode, rng)), relationship: a.relationship })),
      concern,
      indicators: sc.indicators,
      consent: consentOf(sc),
      externalReference: sc.byReferrer ? `demo-activity-${++referrerCount}` : null,
    });
    const youngest = Math.min(...named.map((k) => k.ageYears));

    for (const step of sc.steps) {
      schedule(at(step.at), async () => {
        const id = contactOf.get(sc.key);
        const version = async () => (await db.selectFrom('contacts').select('version').where('id', '=', id!).executeTakeFirstOrThrow()).version;
        switch (step.do) {
          case 'submit': {
            const created = await contacts.submit(sc.byReferrer ? actors.referrer : partner, input);
            contactOf.set(sc.key, created.contactId);
            made.push(created.contactId);
            return;
          }
          case 'screen': {
            const level = RAG_LEVELS[step.rag];
            await contacts.screen(actors[step.by ?? 'practitioner'], id!, await version(), { rag: step.rag, thresholdLevel: level, reason: SCREEN_REASONS[step.rag] });
            return;
          }
          case 'consent': {
            const overridden = step.position === 'overridden';
            await contacts.recordConsent(actors.practitioner, id!, await version(), {
              position: step.position,
              isChildsOwn: false,
              exception: overridden ? 'increased-risk' : null,
              reason: overridden ? 'Asking the parents would alert the adult the family is afraid of and place the children at increased risk.' : 'Mother agreed on the phone to partner checks.',
              authorisedBy: overridden ? `${actors.manager.displayName} (hub manager)` : null,
            });
            return;
          }
          case 'strategy':
            await contacts.recordStrategyTrack(actors.practitioner, id!, await version(), `Strategy decision with the hub manager (${actors.manager.displayName}): reasonable cause to suspect significant harm.`);
            return;
          case 'checks':
            await contacts.requestChecks(actors.practitioner, id!, await version(), { agencyIds: step.agencies.map((c) => agencyIds.get(c)!), question: QUESTION });
            return;
          case 'answer': {
            const check = await db.selectFrom('agencyChecks').select(['id', 'version']).where('contactId', '=', id!).where('agencyId', '=', agencyIds.get(step.agency)!).executeTakeFirstOrThrow();
            const researcher = step.agency === POLICE ? actors.police : actors.health;
            const { disclosure, what } = disclosureOf(step.agency, sc.indicators, youngest);
            const basis = sc.consent === 'given' ? 'consent' : 'public-task';
            await contacts.respondToCheck(
              researcher,
              check.id,
              check.version,
              step.kind === 'disclosed'
                ? { kind: 'disclosed', disclosure, sharingWhat: what, sharingWhy: 'Necessary and proportionate to assess the risk to the children named.', lawfulBasis: basis, decidedByName: researcher.displayName, declineReason: null }
                : step.kind === 'no-information'
                  ? { kind: 'no-information', disclosure: null, sharingWhat: null, sharingWhy: null, lawfulBasis: basis, decidedByName: researcher.displayName, declineReason: null }
                  : {
                      kind: 'declined',
                      disclosure: null,
                      sharingWhat: null,
                      sharingWhy: 'Not proportionate to this concern.',
                      lawfulBasis: basis,
                      decidedByName: researcher.displayName,
                      declineReason: 'The record holds only routine appointments that are not relevant to school attendance; sharing them would not be proportionate.',
                    },
            );
            return;
          }
          case 'decide':
            await contacts.decide(actors.practitioner, id!, await version(), { outcome: step.outcome, thresholdLevel: OUTCOMES[step.outcome].level, rationale: RATIONALES[step.outcome] ?? OUTCOMES[step.outcome].label });
            return;
          case 'sign-off':
            await contacts.signOff(actors.manager, id!, await version(), { approve: 'yes', note: null });
            return;
          case 'allocate':
            await contacts.allocate(actors.manager, id!, await version(), actors.caseworker.userId);
            return;
        }
      });
    }
  }

  // The desk: notifications loaded in batches over the last 48 hours, a few taken into review or forwarded.
  const desked = scheduleDesk({ db, desk, deskActor: actors.desk, families, pool, rng, now, schedule, onForward: (contactId) => made.push(contactId) });

  // Casework: each case's contact on its day (weeks or months ago), then the casework rows once the timeline has run.
  const caseDb = deps.database.db.withTables<CaseworkTables & FrontDoorTables & IdentityTables>();
  const cases = await scheduleCases({ db: caseDb, contacts, actors, partner, pool, rng, now, schedule });

  timeline.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  for (const t of timeline) {
    if (t.at.getTime() > now.getTime()) throw new Error('Demo activity scheduled after now');
    clock.set(t.at);
    await t.run();
  }
  clock.set(now);
  const casework = await cases.write(deps.audit, agencyIds);

  for (const actor of Object.values(actors)) await deps.sessions.signOut(actor);

  const byStatus: Record<string, number> = {};
  for (const r of made.length ? await db.selectFrom('contacts').select('status').where('id', 'in', made).execute() : []) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const checksWaiting: Record<string, number> = {};
  const waiting = made.length
    ? await db.selectFrom('agencyChecks as k').innerJoin('agencies as a', 'a.id', 'k.agencyId').select('a.code').where('k.contactId', 'in', made).where('k.status', '=', 'requested').execute()
    : [];
  for (const w of waiting) checksWaiting[w.code] = (checksWaiting[w.code] ?? 0) + 1;
  return { alreadySeeded: false, contacts: made.length, byStatus, checksWaiting, notifications: desked.loaded, forwarded: desked.forwarded, cases: casework.cases, stuckFlags: casework.stuckFlags, ms: Math.round(performance.now() - started) };
}

const RAG_LEVELS: Record<Rag, number> = { red: 4, amber: 3, green: 2, blue: 1 };

function stripIds<T extends { localId: unknown; agencyCode: unknown }>(p: T): Omit<T, 'localId' | 'agencyCode'> {
  const { localId: _localId, agencyCode: _agencyCode, ...rest } = p;
  return rest;
}

function consentOf(sc: Pick<Scenario, 'consent' | 'source' | 'childsOwn'>) {
  switch (sc.consent) {
    case 'given':
      return { position: 'given', isChildsOwn: Boolean(sc.childsOwn), exception: null, reason: null, authorisedBy: null };
    case 'refused':
      return { position: 'refused', isChildsOwn: false, exception: null, reason: 'The parent did not agree to a referral.', authorisedBy: null };
    case 'not-sought':
      return { position: 'not-sought', isChildsOwn: false, exception: null, reason: sc.source === '9' ? 'Anonymous caller.' : 'The referrer does not know the family well enough to ask.', authorisedBy: null };
    case 'exception':
      return { position: 'not-sought', isChildsOwn: false, exception: 'increased-risk', reason: 'Telling the parents could place the child at increased risk of significant harm.', authorisedBy: null };
  }
}

/** Signs each demo user in (a session each, the role chosen where they hold several) and returns their actors. */
async function signInDemoUsers(deps: DemoActivityDeps, db: Kysely<Tables>): Promise<Record<DemoRole, UserActor>> {
  const request = { correlationId: CORRELATION };
  const out = {} as Record<DemoRole, UserActor>;
  for (const [key, demo] of Object.entries(DEMO) as [DemoRole, (typeof DEMO)[DemoRole]][]) {
    const user = await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', demo.email)).executeTakeFirst();
    if (!user) throw new Error(`The demo user ${demo.email} is missing: seed the demo users first`);
    const { token } = await deps.sessions.startSession(user.id, 'password', request);
    let session = await deps.sessions.resolve(token, request);
    if (session.status !== 'active') throw new Error(`The demo session of ${demo.email} ended at once (${session.reason})`);
    if (session.actor.role !== demo.role) {
      const role = (await deps.sessions.rolesFor(user.id)).find((r) => r.roleCode === demo.role);
      if (!role) throw new Error(`The demo user ${demo.email} does not hold the role ${demo.role}`);
      await deps.sessions.selectRole(session.actor, role.id);
      session = await deps.sessions.resolve(token, request);
      if (session.status !== 'active') throw new Error(`The demo session of ${demo.email} ended at once (${session.reason})`);
    }
    out[key] = session.actor;
  }
  return out;
}

// -- the protection desk --------------------------------------------------------------------------------------------

type Incident = 'domestic-abuse' | 'child-missing' | 'child-arrested' | 'exploitation-concern' | 'child-at-risk' | 'other';

/** 25 notifications: the incident, the factors the police report, and the age band of the child. */
const NOTIFICATIONS: readonly { incident: Incident; factors: string[]; ages: readonly [number, number] }[] = [
  { incident: 'domestic-abuse', factors: ['child-present'], ages: [0, 16] },
  { incident: 'child-missing', factors: [], ages: [12, 16] },
  { incident: 'domestic-abuse', factors: ['child-present', 'alcohol'], ages: [0, 12] },
  { incident: 'child-at-risk', factors: ['drugs'], ages: [0, 10] },
  { incident: 'domestic-abuse', factors: ['child-present', 'injury'], ages: [0, 16] },
  { incident: 'child-arrested', factors: [], ages: [13, 16] },
  { incident: 'domestic-abuse', factors: [], ages: [0, 16] },
  { incident: 'exploitation-concern', factors: ['drugs'], ages: [13, 16] },
  { incident: 'child-missing', factors: ['repeat-incident'], ages: [12, 16] },
  { incident: 'domestic-abuse', factors: ['child-present', 'repeat-incident'], ages: [0, 16] },
  { incident: 'child-at-risk', factors: ['alcohol'], ages: [0, 8] },
  { incident: 'other', factors: [], ages: [5, 16] },
  { incident: 'domestic-abuse', factors: ['child-present', 'weapon'], ages: [0, 16] },
  { incident: 'child-arrested', factors: ['weapon'], ages: [14, 16] },
  { incident: 'domestic-abuse', factors: ['child-present', 'pregnancy'], ages: [0, 6] },
  { incident: 'child-missing', factors: [], ages: [11, 16] },
  { incident: 'child-at-risk', factors: [], ages: [0, 12] },
  { incident: 'domestic-abuse', factors: ['child-present'], ages: [0, 16] },
  { incident: 'exploitation-concern', factors: [], ages: [12, 16] },
  { incident: 'domestic-abuse', factors: ['alcohol'], ages: [0, 16] },
  { incident: 'child-missing', factors: ['repeat-incident'], ages: [12, 16] },
  { incident: 'domestic-abuse', factors: ['child-present', 'drugs'], ages: [0, 16] },
  { incident: 'child-at-risk', factors: ['injury'], ages: [0, 6] },
  { incident: 'domestic-abuse', factors: ['child-present'], ages: [0, 16] },
  { incident: 'child-arrested', factors: ['drugs'], ages: [13, 17] },
];

const SUMMARIES: Record<Incident, string[]> = {
  'domestic-abuse': [
    'Officers attended a report of a verbal argument escalating to pushing between the adults; the children were in the flat.',
    'Caller reported screaming from the address. The suspect had left before police arrived; the victim declined to make a statement.',
    'Neighbour called police about banging and shouting. Both adults said it was an argument; a child was awake and upset.',
  ],
  'child-missing': ['Reported missing by a parent after not returning from school; found the next morning at a friend’s address.', 'Missing overnight; returned home by themselves and would not say where they had been.'],
  'child-arrested': ['Arrested on suspicion of possession with intent to supply; released under investigation to an appropriate adult.', 'Arrested after a robbery of another young person; released on bail to a parent.'],
  'exploitation-concern': ['Found with older males at an address linked to drug supply; a phone with many unknown contacts was seized.', 'Intelligence suggests the young person is being used to carry drugs between boroughs.'],
  'child-at-risk': ['Officers found the adult in charge of young children intoxicated and unable to care for them; another relative was called.', 'Welfare check at the request of a relative: the home was in very poor condition and the children had not eaten.'],
  other: ['The young person was a witness to a serious assault in the street and was very distressed.'],
};

function scheduleDesk(ctx: {
  db: Kysely<Tables>;
  desk: ProtectionDeskService;
  deskActor: UserActor;
  families: Family[];
  pool: FamilyPool;
  rng: Rng;
  now: Date;
  schedule: (at: Date, run: () => Promise<void>) => void;
  onForward: (contactId: string) => void;
}): { loaded: number; forwarded: number } {
  const { desk, deskActor, rng, now, schedule } = ctx;
  const islington = new FamilyPool(ctx.families.filter((f) => f.laCode === '206'));
  const batches = [47, 41, 35, 29, 23, 17, 11, 5, 1.5].map((hoursAgo) => new Date(Math.floor((now.getTime() - hoursAgo * HOUR_MS) / MINUTE_MS) * MINUTE_MS));
  const rows = NOTIFICATIONS.map((n, i) => {
    const laCode = i % 2 === 0 ? '202' : '206';
    const inBand = (k: Known) => k.ageYears >= n.ages[0] && k.ageYears <= n.ages[1];
    const fits = (f: Family) => f.children.some(inBand) && f.adults.length > 0;
    const family = (laCode === '202' ? ctx.pool : islington).take(fits) ?? (laCode === '202' ? ctx.pool : islington).take(() => true);
    if (!family) return undefined;
    const child = family.children.find(inBand) ?? family.children[0]!;
    const batch = batches[Math.min(batches.length - 1, Math.floor((i * batches.length) / NOTIFICATIONS.length))]!;
    const occurredAt = new Date(batch.getTime() - (1 + rng.int(9)) * HOUR_MS - rng.int(60) * MINUTE_MS);
    const police = (k: Known) => {
      const p = asReferrerKnowsThem(k, '6', family.laCode, rng);
      return { forenames: p.forenames, surname: p.surname, dateOfBirth: p.dateOfBirth, sex: p.sex, localId: p.localId };
    };
    const named = n.incident === 'domestic-abuse' || n.incident === 'child-at-risk' ? family.children.slice(0, 3) : [child];
    const [first, second] = family.adults;
    const adults =
      n.incident === 'domestic-abuse'
        ? [first && { ...police(first), role: 'victim' }, second && { ...police(second), role: 'suspect' }].filter(Boolean)
        : first
          ? [{ ...police(first), role: 'parent' }]
          : [];
    return {
      batch,
      laCode,
      row: {
        policeReference: `MPS-${londonDateOf(occurredAt).replace(/-/g, '')}-${String(4000 + i * 37 + rng.int(30)).padStart(5, '0')}`,
        occurredAt: occurredAt.toISOString(),
        laCode,
        incidentType: n.incident,
        factors: n.factors,
        summary: rng.pick(SUMMARIES[n.incident]),
        children: named.map(police),
        adults,
      },
    };
  }).filter((r) => r !== undefined);

  const counts = { loaded: 0, forwarded: 0 };
  for (const batch of batches) {
    const mine = rows.filter((r) => r.batch === batch);
    if (!mine.length) continue;
    const stamp = batch.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    schedule(batch, async () => {
      const result = await desk.importBatch(deskActor, { format: 'json', fileName: `met-central-north-${stamp}.json`, content: JSON.stringify(mine.map((m) => m.row)) });
      if (result.rejected.length) throw new Error(`Demo notifications refused: ${JSON.stringify(result.rejected.map((r) => r.errors))}`);
      counts.loaded += result.accepted;
    });
  }
  // Three Camden notifications forwarded to the hub within a few hours of arriving, and one taken into review.
  const camden = rows.filter((r) => r.laCode === '202');
  for (const [row, hoursLater, what] of [
    [camden[0], 1.5, 'forward'],
    [camden[2], 2, 'forward'],
    [camden[5], 0.75, 'forward'],
    [camden[camden.length - 1], 0.5, 'assign'],
  ] as const) {
    if (!row) continue;
    const when = new Date(Math.min(row.batch.getTime() + hoursLater * HOUR_MS, now.getTime() - MINUTE_MS));
    schedule(when, async () => {
      // The officer opens the notification (an audited read), then acts on it.
      const found = await ctx.db.selectFrom('policeNotifications').select('id').where('agencyId', '=', deskActor.agencyId).where('policeReference', '=', row.row.policeReference).executeTakeFirst();
      if (!found) return;
      const item = await desk.notification(deskActor, found.id);
      if (what === 'assign') await desk.assign(deskActor, item.id, item.version);
      else {
        const { contactId } = await desk.forward(deskActor, item.id, item.version);
        ctx.onForward(contactId);
        counts.forwarded++;
      }
    });
  }
  return counts;
}

// -- casework -------------------------------------------------------------------------------------------------------

export type DemoCaseKey = 'assessment-due-soon' | 's47-icpc-next-week' | 'core-group-overdue' | 'cin-plan' | 'all-met' | 'stuck-long-plan';
type Category = 'NEG' | 'PHY' | 'SAB' | 'EMO' | 'MUL';

interface DemoCase {
  key: DemoCaseKey;
  source: Source;
  ages: readonly [number, number];
  adults: number;
  indicators: Indicator[];
  rag: Rag;
  outcome: 'section-17-assessment' | 'section-47-strategy-discussion';
  primaryNeed: string;
  category?: Category;
}

/** The caseworker's six open cases, one for each stage a tray should show. */
export const DEMO_CASES: readonly DemoCase[] = [
  { key: 'assessment-due-soon', source: '2A', ages: [5, 12], adults: 1, indicators: ['neglect', 'school-attendance'], rag: 'amber', outcome: 'section-17-assessment', primaryNeed: 'N1' },
  { key: 's47-icpc-next-week', source: '3E', ages: [1, 9], adults: 2, indicators: ['physical-abuse'], rag: 'red', outcome: 'section-47-strategy-discussion', primaryNeed: 'N1' },
  { key: 'core-group-overdue', source: '3B', ages: [0, 4], adults: 1, indicators: ['neglect'], rag: 'red', outcome: 'section-47-strategy-discussion', primaryNeed: 'N1', category: 'NEG' },
  { key: 'cin-plan', source: '5D', ages: [8, 15], adults: 1, indicators: ['school-attendance', 'other'], rag: 'amber', outcome: 'section-17-assessment', primaryNeed: 'N4' },
  { key: 'all-met', source: '2A', ages: [5, 11], adults: 2, indicators: ['domestic-abuse', 'emotional-abuse'], rag: 'red', outcome: 'section-47-strategy-discussion', primaryNeed: 'N1', category: 'EMO' },
  { key: 'stuck-long-plan', source: '3A', ages: [6, 13], adults: 1, indicators: ['neglect', 'parental-substance-misuse'], rag: 'red', outcome: 'section-47-strategy-discussion', primaryNeed: 'N1', category: 'NEG' },
];

/** The working day `n` working days before `day`. */
function workingDaysBefore(day: string, n: number): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, -1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

function workingDayOnOrBefore(day: string): string {
  let d = day;
  while (!isWorkingDay(d)) d = addCalendarDays(d, -1);
  return d;
}

type Book = ReturnType<typeof effectiveRulebook>;

/** The latest working day a step's clock can start on for its deadline to fall on or before `target`. */
function anchorFor(book: Book, step: CaseStep, target: string): string {
  let day = workingDayOnOrBefore(addCalendarDays(target, -1));
  for (let i = 0; i < 400; i++) {
    const d = deadline(book, step, day);
    if (!d || d.dueOn <= target) return day;
    day = workingDaysBefore(day, 1);
  }
  return day;
}

/** What happened on each case, and when: every day is a working day on or before `today`. */
export interface DemoCasePlan {
  referralOn: string;
  assessment: { startedOn: string; completedOn: string | null };
  strategyOn: string | null;
  s47CompletedOn: string | null;
  icpcOn: string | null;
  coreGroups: string[];
  reviews: string[];
  cinPlanOn: string | null;
}

/**
 * The dates of the demo cases, worked back from today through the rulebook, so that each lands where its story
 * says: the assessment due in 3 working days, the conference due next week, the first core group 2 working days
 * overdue, a plan open 20 months.
 */
export function demoCasePlans(today: string, book: Book): Record<DemoCaseKey, DemoCasePlan> {
  const blank = { strategyOn: null, s47CompletedOn: null, icpcOn: null, coreGroups: [], reviews: [], cinPlanOn: null };
  const singleOr = (step: CaseStep): CaseStep => (book.assessments === 'single' ? 'single-assessment' : step);

  const aDue = addWorkingDays(today, 3);
  const aRef = anchorFor(book, singleOr('initial-assessment'), aDue);

  // "Next week": the Wednesday of the next calendar week (or the next working day after it).
  const dow = new Date(`${today}T12:00:00Z`).getUTCDay();
  const nextWednesday = nextWorkingDayOnOrAfter(addCalendarDays(today, ((8 - dow) % 7 || 7) + 2));
  const bStrategy = anchorFor(book, 'icpc', nextWednesday);

  // Two working days overdue: two working days have passed since the due day (on a weekend, counted to Friday).
  const cDue = workingDaysBefore(workingDayOnOrBefore(today), 2);
  const cIcpc = anchorFor(book, 'first-core-group', cDue);
  const cStrategy = workingDaysBefore(cIcpc, 12);

  const dRef = workingDaysBefore(today, 60);

  const eStrategy = workingDaysBefore(today, 105);
  const eIcpc = addWorkingDays(eStrategy, 11);

  const fIcpc = workingDayOnOrBefore(addCalendarMonths(today, -20));
  const fStrategy = workingDaysBefore(fIcpc, 13);
  const review = (from: string, months: number, early: number) => workingDayOnOrBefore(addCalendarDays(addCalendarMonths(from, months), -early));
  const f1 = review(fIcpc, 3, 4);
  const f2 = review(f1, 6, 6);
  const f3 = review(f2, 6, 5);

  return {
    'assessment-due-soon': { ...blank, referralOn: aRef, assessment: { startedOn: addWorkingDays(aRef, 1), completedOn: null } },
    // The enquiry ended yesterday (the last working day) with a conference outcome, which opened the ICPC's deadline.
    's47-icpc-next-week': { ...blank, referralOn: bStrategy, assessment: { startedOn: bStrategy, completedOn: null }, strategyOn: bStrategy, s47CompletedOn: workingDaysBefore(workingDayOnOrBefore(today), 1) },
    'core-group-overdue': { ...blank, referralOn: cStrategy, assessment: { startedOn: cStrategy, completedOn: null }, strategyOn: cStrategy, s47CompletedOn: workingDaysBefore(cIcpc, 2), icpcOn: cIcpc },
    'cin-plan': { ...blank, referralOn: dRef, assessment: { startedOn: addWorkingDays(dRef, 1), completedOn: addWorkingDays(dRef, 8) }, cinPlanOn: addWorkingDays(dRef, 12) },
    'all-met': {
      ...blank,
      referralOn: eStrategy,
      assessment: { startedOn: eStrategy, completedOn: addWorkingDays(eStrategy, 30) },
      strategyOn: eStrategy,
      s47CompletedOn: workingDaysBefore(eIcpc, 1),
      icpcOn: eIcpc,
      coreGroups: [addWorkingDays(eIcpc, 8)],
      reviews: [review(eIcpc, 3, 5)],
    },
    'stuck-long-plan': {
      ...blank,
      referralOn: fStrategy,
      assessment: { startedOn: fStrategy, completedOn: addWorkingDays(fStrategy, 28) },
      strategyOn: fStrategy,
      s47CompletedOn: workingDaysBefore(fIcpc, 2),
      icpcOn: fIcpc,
      coreGroups: [addWorkingDays(fIcpc, 7), addWorkingDays(f1, 20), addWorkingDays(f2, 20)],
      reviews: [f1, f2, f3],
    },
  };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDate = (day: string) => `${Number(day.slice(8, 10))} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
function wholeMonthsBetween(from: string, to: string): number {
  let m = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
  while (m > 0 && addCalendarMonths(from, m) > to) m--;
  return Math.max(0, m);
}

/** The stuck-case rule the demo's long plan meets (casework's stuck.rules.ts 'long-cp-plan', default 18 months). */
const LONG_PLAN_RULE = 'long-cp-plan';
const LONG_PLAN_MONTHS = 18;

async function scheduleCases(ctx: {
  db: Kysely<Tables & CaseworkTables>;
  contacts: ContactsService;
  actors: Record<DemoRole, UserActor>;
  partner: ReturnType<typeof systemActor>;
  pool: FamilyPool;
  rng: Rng;
  now: Date;
  schedule: (at: Date, run: () => Promise<void>) => void;
}) {
  const { contacts, actors, partner, rng, now, schedule } = ctx;
  const wh = DEFAULT_WORKING_HOURS;
  const today = londonDateOf(now);
  /** `hours` after the office opens on a working day (London). */
  const on = (day: string, hours: number) => addHours(addWorkingHours(new Date(`${day}T00:00:00Z`), 0, wh), hours);
  const contactOf = new Map<DemoCaseKey, string>();
  const chosen: { demo: DemoCase; family: Family; child: Known }[] = [];
  const caseChildren = new Set<Known>();
  // The authority's rulebook (and local rules) set the dates, so each case lands where its story says.
  const db = ctx.db;
  const settings = await db.selectFrom('caseworkSettings').select(['rulebook', 'overrides', 'stuckRules']).where('laCode', '=', HUB_LA).executeTakeFirst();
  const code: RulebookCode = settings?.rulebook ?? DEFAULT_RULEBOOK;
  const book = effectiveRulebook(code, settings?.overrides ?? []);
  const plans = demoCasePlans(today, book);

  for (const demo of DEMO_CASES) {
    const inBand = (k: Known) => k.ageYears >= demo.ages[0] && k.ageYears <= demo.ages[1];
    // A child has one open case in an authority (CIN census): each case is about a child no other case names, from a
    // family no other demo work used where there is one.
    const free = (k: Known) => !caseChildren.has(k);
    const family =
      ctx.pool.takeFresh((f) => f.children.some(inBand) && f.adults.length >= Math.min(1, demo.adults)) ??
      ctx.pool.take((f) => f.children.some((k) => inBand(k) && free(k))) ??
      ctx.pool.take((f) => f.children.some(free));
    if (!family) continue;
    const child = family.children.find((k) => inBand(k) && free(k)) ?? family.children.find(free)!;
    caseChildren.add(child);
    chosen.push({ demo, family, child });
    const subject: Subject = { many: false, young: child.ageYears >= 11, baby: child.ageYears < 1 };
    const referrerName = `${rng.pick(REFERRER_FORENAMES)} ${rng.pick(REFERRER_SURNAMES)}`;
    const domain = REFERRERS[demo.source].domain;
    const input = contactInputSchema.parse({
      laCode: HUB_LA,
      source: demo.source,
      referrer: { name: referrerName, role: REFERRERS[demo.source].role, phone: `020 7946 0${String(100 + rng.int(900))}`, email: domain ? `${referrerName.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}` : null },
      children: [{ ...stripIds(asReferrerKnowsThem(child, demo.source, family.laCode, rng)), isUnborn: false }],
      adults: family.adults.slice(0, demo.adults).map((a) => ({ ...stripIds(asReferrerKnowsThem(a, demo.source, family.laCode, rng)), relationship: a.relationship })),
      concern: [rng.pick(CONCERNS[demo.indicators[0]!])(subject), CLOSING[demo.source]].filter(Boolean).join(' '),
      indicators: demo.indicators,
      consent: consentOf({ consent: demo.outcome === 'section-47-strategy-discussion' ? 'exception' : 'given', source: demo.source }),
      externalReference: null,
    });
    const day = plans[demo.key].referralOn;
    const id = () => contactOf.get(demo.key)!;
    const version = async () => (await db.selectFrom('contacts').select('version').where('id', '=', id()).executeTakeFirstOrThrow()).version;
    const s47 = demo.outcome === 'section-47-strategy-discussion';
    schedule(on(day, 1), async () => {
      const created = await contacts.submit(partner, input);
      contactOf.set(demo.key, created.contactId);
    });
    schedule(on(day, 1.5), async () => contacts.screen(actors[s47 ? 'manager' : 'practitioner'], id(), await version(), { rag: demo.rag, thresholdLevel: RAG_LEVELS[demo.rag], reason: SCREEN_REASONS[demo.rag] }));
    if (s47) schedule(on(day, 1.75), async () => contacts.recordStrategyTrack(actors.practitioner, id(), await version(), `Strategy decision with the hub manager (${actors.manager.displayName}): reasonable cause to suspect significant harm.`));
    schedule(on(day, 3), async () => {
      await contacts.decide(actors.practitioner, id(), await version(), { outcome: demo.outcome, thresholdLevel: OUTCOMES[demo.outcome].level, rationale: RATIONALES[demo.outcome]! });
    });
    schedule(on(day, 3.5), async () => {
      const c = await db.selectFrom('contacts').select('status').where('id', '=', id()).executeTakeFirstOrThrow();
      if (c.status === 'awaiting-sign-off') await contacts.signOff(actors.manager, id(), await version(), { approve: 'yes', note: null });
    });
    schedule(on(day, 5), async () => contacts.allocate(actors.manager, id(), await version(), actors.caseworker.userId));
  }

  /** The casework rows, once the contacts exist: one transaction, one audit event per episode and per flag. */
  async function write(audit: AuditTrail, agencyIds: Map<string, string>): Promise<{ cases: number; stuckFlags: number }> {
    const longPlan = settings?.stuckRules.find((r) => r.code === LONG_PLAN_RULE);
    const longPlanMonths = longPlan?.params.months ?? LONG_PLAN_MONTHS;
    const social = await db.selectFrom('agencies').select(['id', 'name']).where('code', '=', `la-${HUB_LA}`).executeTakeFirst();
    const partners = await db.selectFrom('agencies').select(['id', 'name', 'code']).where('id', 'in', [...agencyIds.values()]).execute();
    const police = partners.find((a) => a.code === POLICE);
    const health = partners.find((a) => a.code === HEALTH);
    const worker = actors.caseworker;
    const teamId = worker.teamIds[0] ?? null;
    const rows = {
      caseEpisodes: [] as Record<string, unknown>[],
      caseAssessments: [] as Record<string, unknown>[],
      strategyDiscussions: [] as Record<string, unknown>[],
      s47Enquiries: [] as Record<string, unknown>[],
      cpPlans: [] as Record<string, unknown>[],
      conferences: [] as Record<string, unknown>[],
      coreGroups: [] as Record<string, unknown>[],
      cinPlans: [] as Record<string, unknown>[],
      caseDeadlines: [] as Record<string, unknown>[],
      caseAlerts: [] as Record<string, unknown>[],
      caseEvents: [] as Record<string, unknown>[],
      stuckCaseFlags: [] as Record<string, unknown>[],
    };
    const entries: Parameters<AuditTrail['recordMany']>[2] = [];
    const name = () => `${rng.pick(REFERRER_FORENAMES)} ${rng.pick(REFERRER_SURNAMES)}`;
    const meeting = () =>
      JSON.stringify([
        { agencyId: social?.id ?? null, agencyName: social?.name ?? 'Camden children’s services', name: worker.displayName, role: 'Social worker', invited: true, attended: true, reportSubmitted: true },
        { agencyId: police?.id ?? null, agencyName: police?.name ?? 'Metropolitan Police Service', name: name(), role: 'Detective constable, child abuse investigation', invited: true, attended: true, reportSubmitted: true },
        { agencyId: health?.id ?? null, agencyName: health?.name ?? 'Community health', name: name(), role: 'Named nurse for safeguarding children', invited: true, attended: rng.chance(0.8), reportSubmitted: true },
      ]);
    let cases = 0;

    for (const { demo } of chosen) {
      const contactId = contactOf.get(demo.key);
      if (!contactId) continue;
      const contact = await db.selectFrom('contacts').select(['status', 'assignedTo', 'outcome']).where('id', '=', contactId).executeTakeFirstOrThrow();
      const named = await db.selectFrom('contactPersons').select('personId').where('contactId', '=', contactId).where('role', '=', 'child').orderBy('position').executeTakeFirst();
      if (contact.status !== 'decided' || contact.assignedTo !== worker.userId || !named?.personId) continue;
      // A case already opened from this contact (by a pathway hook, say) is left as it is.
      const held = await db.selectFrom('caseEpisodes').select('id').where('contactId', '=', contactId).where('personId', '=', named.personId).executeTakeFirst();
      if (held) continue;
      const personId = named.personId;
      const plan = plans[demo.key];
      const episodeId = randomUUID();
      const stamp = (day: string) => on(day, 6);
      const by = { createdBy: worker.userId };
      let last = on(plan.referralOn, 5);
      const event = (kind: string, day: string, subjectId: string | null, details: Record<string, unknown>, isSignificant: boolean) => {
        const recordedAt = stamp(day);
        if (recordedAt > last) last = recordedAt;
        rows.caseEvents.push({ episodeId, personId, laCode: HUB_LA, kind, occurredOn: day, recordedAt, actorUserId: worker.userId, subjectId, details: JSON.stringify(details), isSignificant });
      };
      let deadlines = 0;
      let alerts = 0;
      const due = (step: CaseStep, subjectId: string | null, from: string, doneOn: string | null, openedOn: string): string | undefined => {
        const d = deadline(book, step, from);
        if (!d) return undefined;
        const id = randomUUID();
        rows.caseDeadlines.push({ id, episodeId, laCode: HUB_LA, step, subjectId, dueOn: d.dueOn, rule: JSON.stringify(d.rule), status: doneOn === null ? 'open' : doneOn <= d.dueOn ? 'met' : 'missed', doneOn, alertedAt: null, createdAt: stamp(openedOn) });
        deadlines++;
        // The overdue scan raises one alert for the team managers the night after an open deadline's day passes.
        if (doneOn === null && d.dueOn < today) {
          const raisedAt = new Date(Math.min(new Date(`${addCalendarDays(d.dueOn, 1)}T00:05:00Z`).getTime(), now.getTime()));
          rows.caseDeadlines.at(-1)!.alertedAt = raisedAt;
          rows.caseAlerts.push({ deadlineId: id, episodeId, laCode: HUB_LA, teamId, raisedAt, acknowledgedAt: null, acknowledgedBy: null });
          alerts++;
        }
        return id;
      };

      rows.caseEpisodes.push({
        id: episodeId,
        personId,
        laCode: HUB_LA,
        contactId,
        externalReference: null,
        rulebook: code,
        referralOn: plan.referralOn,
        referralSource: demo.source,
        primaryNeed: demo.primaryNeed,
        isNfa: false,
        isUnborn: false,
        expectedBirthOn: null,
        workerUserId: worker.userId,
        teamId,
        status: 'open',
        closedOn: null,
        closureReason: null,
        createdAt: on(plan.referralOn, 5),
        createdBy: actors.manager.userId,
      });
      event('referral', plan.referralOn, contactId, { contactId, source: demo.source, outcome: contact.outcome, rulebook: code }, true);
      // The hub decided the same day: the referral decision's deadline (1 working day) is met.
      due('referral-decision', null, plan.referralOn, plan.referralOn, plan.referralOn);
      event('allocated', plan.referralOn, null, { workerUserId: worker.userId, teamId }, false);

      // The assessment: initial (or core, run as the section 47 enquiry) under WT2010; single under WT2018/2023.
      const kind = book.assessments === 'single' ? 'single' : plan.strategyOn ? 'core' : 'initial';
      const step: CaseStep = kind === 'single' ? 'single-assessment' : kind === 'core' ? 'core-assessment' : 'initial-assessment';
      const assessmentId = randomUUID();
      const { startedOn, completedOn } = plan.assessment;
      const outcome = completedOn ? 'child-in-need' : null;
      const factors = completedOn ? (demo.indicators.includes('domestic-abuse') ? ['3A', '17A'] : demo.indicators.includes('neglect') ? ['16A'] : ['20']) : [];
      rows.caseAssessments.push({ id: assessmentId, episodeId, kind, startedOn, completedOn, outcome, factors, summary: null, ...by });
      // As the pathway opens them: initial and single assessments with the case, from the referral (no subject); a
      // core assessment when it starts (subject: the assessment).
      if (kind === 'core') due(step, assessmentId, startedOn, completedOn, startedOn);
      else due(step, null, plan.referralOn, completedOn, plan.referralOn);
      event('assessment-started', startedOn, assessmentId, { kind }, false);
      if (completedOn) event('assessment-completed', completedOn, assessmentId, { kind, outcome, factors }, true);

      // Strategy discussion, section 47 enquiry and the initial conference's clock.
      if (plan.strategyOn) {
        const sdId = randomUUID();
        const s47Id = randomUUID();
        const s47Outcome = plan.s47CompletedOn ? 'cp-conference' : null;
        rows.strategyDiscussions.push({ id: sdId, episodeId, heldOn: plan.strategyOn, participants: meeting(), initiatedS47: true, decisions: null, ...by });
        rows.s47Enquiries.push({ id: s47Id, episodeId, strategyDiscussionId: sdId, startedOn: plan.strategyOn, completedOn: plan.s47CompletedOn, outcome: s47Outcome, icpcRequired: plan.s47CompletedOn ? true : null, ...by });
        event('strategy-discussion', plan.strategyOn, sdId, { initiatedS47: true, agencies: [police?.id, health?.id].filter(Boolean) }, true);
        event('s47-started', plan.strategyOn, s47Id, { strategyDiscussionId: sdId }, true);
        if (plan.s47CompletedOn) event('s47-completed', plan.s47CompletedOn, s47Id, { outcome: s47Outcome, icpcRequired: true }, true);
        // The enquiry's conference outcome opens the ICPC's deadline, counted from the strategy discussion.
        const icpcDue = plan.s47CompletedOn ? icpcDeadline(book, [{ id: sdId, heldOn: plan.strategyOn, initiatedSection47: true }]) : undefined;
        if (icpcDue && plan.s47CompletedOn) {
          const doneOn = plan.icpcOn;
          const id = randomUUID();
          rows.caseDeadlines.push({ id, episodeId, laCode: HUB_LA, step: 'icpc', subjectId: s47Id, dueOn: icpcDue.dueOn, rule: JSON.stringify(icpcDue.rule), status: doneOn === null ? 'open' : doneOn <= icpcDue.dueOn ? 'met' : 'missed', doneOn, alertedAt: null, createdAt: stamp(plan.s47CompletedOn) });
          deadlines++;
        }

        // The conference, the plan it made, its core groups and reviews.
        if (plan.icpcOn) {
          const category = demo.category ?? 'NEG';
          const icpcId = randomUUID();
          const planId = randomUUID();
          rows.cpPlans.push({ id: planId, episodeId, personId, icpcId, startOn: plan.icpcOn, initialCategory: category, latestCategory: category, previousPlans: 0, endOn: null, endReason: null, ...by });
          rows.conferences.push({ id: icpcId, episodeId, kind: 'initial', s47Id, cpPlanId: planId, heldOn: plan.icpcOn, attendance: meeting(), outcome: 'cp-plan', category, continuePlan: null, decisions: null, ...by });
          event('icpc', plan.icpcOn, icpcId, { s47Id, outcome: 'cp-plan', category }, true);
          event('cp-plan-started', plan.icpcOn, planId, { category, previousPlans: 0, conferenceId: icpcId }, true);
          due('first-core-group', planId, plan.icpcOn, plan.coreGroups[0] ?? null, plan.icpcOn);
          plan.coreGroups.forEach((heldOn, i) => {
            const coreGroupId = randomUUID();
            rows.coreGroups.push({ id: coreGroupId, cpPlanId: planId, heldOn, attendance: meeting(), notes: null, ...by });
            event('core-group', heldOn, coreGroupId, { planId, isFirst: i === 0 }, false);
          });
          let previous: string | null = null;
          for (const heldOn of plan.reviews) {
            const next = reviewDeadline(book, plan.icpcOn, previous);
            if (next) due(previous ? 'later-review' : 'first-review', planId, previous ?? plan.icpcOn, heldOn, previous ?? plan.icpcOn);
            const reviewId = randomUUID();
            rows.conferences.push({ id: reviewId, episodeId, kind: 'review', s47Id: null, cpPlanId: planId, heldOn, attendance: meeting(), outcome: 'continue-plan', category, continuePlan: true, decisions: null, ...by });
            event('review-conference', heldOn, reviewId, { planId, continuePlan: true, category }, true);
            previous = heldOn;
          }
          due(previous ? 'later-review' : 'first-review', planId, previous ?? plan.icpcOn, null, previous ?? plan.icpcOn);

          // A plan open longer than the board's figure is what the stuck-case scan flags for the team manager.
          const age = wholeMonthsBetween(plan.icpcOn, today);
          if (today > addCalendarMonths(plan.icpcOn, longPlanMonths)) {
            const flagId = randomUUID();
            const raisedAt = new Date(Math.min(new Date(`${addCalendarDays(addCalendarMonths(plan.icpcOn, longPlanMonths), 1)}T00:05:00Z`).getTime(), now.getTime()));
            rows.stuckCaseFlags.push({
              id: flagId,
              personId,
              laCode: HUB_LA,
              rule: LONG_PLAN_RULE,
              reasons: JSON.stringify([`Child protection plan open for ${age} month${age === 1 ? '' : 's'} (since ${longDate(plan.icpcOn)}); the rule flags plans open longer than ${longPlanMonths} months`]),
              raisedAt,
              status: 'open',
              dismissedReason: null,
              updatedAt: raisedAt,
            });
            entries.push({ action: 'stuck-case-flag.raise', recordType: 'stuck-case-flag', recordId: flagId, purpose: 'demo-seed', details: { laCode: HUB_LA, rule: LONG_PLAN_RULE } });
          }
        }
      }

      if (plan.cinPlanOn) {
        const cinPlanId = randomUUID();
        rows.cinPlans.push({ id: cinPlanId, episodeId, personId, startOn: plan.cinPlanOn, endOn: null, ...by });
        event('cin-plan-started', plan.cinPlanOn, cinPlanId, {}, true);
      }
      rows.caseEpisodes.at(-1)!.updatedAt = last;
      entries.push({
        action: 'case-episode.create',
        recordType: 'case-episode',
        recordId: episodeId,
        purpose: 'demo-seed',
        fields: ['referral', 'assessment', 'strategy-discussion', 'section-47-enquiry', 'conferences', 'plans', 'deadlines'],
        details: { laCode: HUB_LA, contactId, stage: demo.key, deadlines, alerts },
      });
      cases++;
    }

    if (!cases) return { cases: 0, stuckFlags: 0 };
    await db.transaction().execute(async (trx) => {
      for (const table of ['caseEpisodes', 'caseAssessments', 'strategyDiscussions', 's47Enquiries', 'cpPlans', 'conferences', 'coreGroups', 'cinPlans', 'caseDeadlines', 'caseAlerts', 'caseEvents', 'stuckCaseFlags'] as const) {
        if (rows[table].length) await trx.insertInto(table).values(rows[table] as never).execute();
      }
      await audit.recordMany(trx, partner, entries);
    });
    return { cases, stuckFlags: rows.stuckCaseFlags.length };
  }

  return { write };
}
