// The desk's risk score, as pure rules: which factors apply to a notification, the score (the sum of the
// weights of the factors that apply), its BRAG rating and when it is due. Every active factor is kept in the
// breakdown with its weight and whether it applied, so the page can show exactly how a score was reached.
import type { Brag, IncidentType, NotificationPerson, ScoreLine } from './desk.tables.ts';

export interface FactorDefinition {
  code: string;
  label: string;
  weight: number;
  description: string;
}

/**
 * The factors a police agency starts with; its desk may change the weights or turn factors off. The factors are
 * those the issue names as examples (domestic abuse with children present, weapons, repeat victim, child under 5,
 * missing episode) and the synthetic notifications' reported factors; the weights and BRAG thresholds are
 * Safehub's starting defaults, not published guidance, and are shown beside every score so a desk can tune them.
 */
export const DEFAULT_FACTORS: readonly FactorDefinition[] = [
  { code: 'domestic-abuse-children-present', label: 'Domestic abuse with children present', weight: 30, description: 'A domestic abuse incident with a child present, or reported so.' },
  { code: 'weapon', label: 'Weapon used or threatened', weight: 25, description: 'Reported by the police.' },
  { code: 'injury', label: 'Injury to a child', weight: 25, description: 'Reported by the police.' },
  {
    code: 'repeat-victim',
    label: 'Repeat victim or repeat incident in 12 months',
    weight: 15,
    description: 'Another notification from your force named a child with the same surname and date of birth in the 365 days before, or the police reported a repeat incident.',
  },
  { code: 'child-under-5', label: 'A child under 5', weight: 15, description: 'Worked out from the dates of birth on the day of the incident, or reported.' },
  { code: 'missing-episode', label: 'Child missing episode', weight: 20, description: 'The incident is a child missing, or a missing episode was reported.' },
  { code: 'exploitation', label: 'Exploitation concern', weight: 25, description: 'The incident is an exploitation concern, or exploitation was reported.' },
  { code: 'alcohol', label: 'Alcohol', weight: 10, description: 'Reported by the police.' },
  { code: 'drugs', label: 'Drugs', weight: 10, description: 'Reported by the police.' },
  { code: 'pregnancy', label: 'Pregnancy', weight: 10, description: 'Reported by the police.' },
];

export interface Thresholds {
  redFrom: number;
  amberFrom: number;
  greenFrom: number;
}

export interface DueHours {
  redDueHours: number;
  amberDueHours: number;
  greenDueHours: number;
  blueDueHours: number;
}

export const DEFAULT_SETTINGS: Thresholds & DueHours = { redFrom: 50, amberFrom: 30, greenFrom: 10, redDueHours: 4, amberDueHours: 24, greenDueHours: 72, blueDueHours: 168 };

/**
 * The factor codes a police system may report. The desk's own codes, plus the codes police systems (and the
 * Synthetic London generator) use: 'child-present' (which counts as domestic abuse with children present only
 * for a domestic abuse incident) and 'repeat-incident' (a repeat victim).
 */
const REPORTED_ALIASES: Record<string, string | null> = {
  'child-present': null, // resolved against the incident type below
  'repeat-incident': 'repeat-victim',
};
export const REPORTABLE_FACTOR_CODES: ReadonlySet<string> = new Set([...DEFAULT_FACTORS.map((f) => f.code), ...Object.keys(REPORTED_ALIASES)]);

export function isReportableFactor(code: string): boolean {
  return REPORTABLE_FACTOR_CODES.has(code);
}

export interface ScoringInput {
  incidentType: IncidentType;
  occurredAt: Date;
  children: Pick<NotificationPerson, 'dateOfBirth'>[];
  /** Factor codes as reported (all reportable). */
  reported: readonly string[];
  /** True when an earlier notification (within 365 days) named one of the children. */
  hasEarlierNotification: boolean;
}

/** The desk factors that apply, each with why. */
export function applicableFactors(input: ScoringInput): Map<string, string> {
  const applies = new Map<string, string>();
  const add = (code: string, basis: string) => {
    if (!applies.has(code)) applies.set(code, basis);
  };
  for (const code of input.reported) {
    if (code === 'child-present') {
      if (input.incidentType === 'domestic-abuse') add('domestic-abuse-children-present', 'reported');
      continue;
    }
    add(REPORTED_ALIASES[code] ?? code, 'reported');
  }
  if (input.incidentType === 'child-missing') add('missing-episode', 'incident-type');
  if (input.incidentType === 'exploitation-concern') add('exploitation', 'incident-type');
  if (input.children.some((c) => c.dateOfBirth !== null && ageOn(c.dateOfBirth, input.occurredAt) < 5)) add('child-under-5', 'dates-of-birth');
  if (input.hasEarlierNotification) add('repeat-victim', 'earlier-notification');
  return applies;
}

export interface ConfiguredFactor {
  code: string;
  label: string;
  weight: number;
  isActive: boolean;
}

export interface Score {
  score: number;
  brag: Brag;
  breakdown: ScoreLine[];
}

/** The score: the sum of the weights of the active factors that apply. Inactive factors are left out. */
export function scoreNotification(input: ScoringInput, factors: readonly ConfiguredFactor[], thresholds: Thresholds): Score {
  const applies = applicableFactors(input);
  const breakdown: ScoreLine[] = factors
    .filter((f) => f.isActive)
    .map((f) => ({ code: f.code, label: f.label, weight: f.weight, applied: applies.has(f.code), basis: applies.get(f.code) ?? null }));
  const score = breakdown.reduce((sum, line) => sum + (line.applied ? line.weight : 0), 0);
  return { score, brag: bragOf(score, thresholds), breakdown };
}

export function bragOf(score: number, t: Thresholds): Brag {
  if (score >= t.redFrom) return 'red';
  if (score >= t.amberFrom) return 'amber';
  if (score >= t.greenFrom) return 'green';
  return 'blue';
}

/** When the desk must have dealt with a notification: elapsed hours from receipt (Red runs continuously). */
export function dueAt(brag: Brag, receivedAt: Date, hours: DueHours): Date {
  const h = { red: hours.redDueHours, amber: hours.amberDueHours, green: hours.greenDueHours, blue: hours.blueDueHours }[brag];
  return new Date(receivedAt.getTime() + h * 3_600_000);
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Age in whole years on the London calendar day of `at` (a birthday counts on the day). */
export function ageOn(dateOfBirth: string, at: Date): number {
  const [y, m, d] = LONDON_DAY.format(at).split('-').map(Number) as [number, number, number];
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A child's key for repeat-victim matching: the surname's letters in capitals, and the date of birth. */
export function childKey(person: Pick<NotificationPerson, 'surname' | 'dateOfBirth'>): string | null {
  if (!person.dateOfBirth) return null;
  const surname = person.surname
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return surname ? `${surname}|${person.dateOfBirth}` : null;
}

export const REPEAT_WINDOW_MS = 365 * 24 * 3_600_000;

export interface KeyedNotification {
  policeReference: string;
  occurredAt: Date;
  childKeys: readonly string[];
}

/** Notifications by child key, so each repeat-victim check looks only at notifications naming the same child. */
export function indexByChildKey(notifications: Iterable<KeyedNotification>): Map<string, KeyedNotification[]> {
  const index = new Map<string, KeyedNotification[]>();
  for (const n of notifications) {
    for (const key of new Set(n.childKeys)) {
      const list = index.get(key);
      if (list) list.push(n);
      else index.set(key, [n]);
    }
  }
  return index;
}

/**
 * True when another notification (a different police reference) named one of the same children and
 * occurred in the 365 days before this one.
 */
export function hasEarlierNotification(target: KeyedNotification, index: Map<string, KeyedNotification[]>): boolean {
  const from = target.occurredAt.getTime() - REPEAT_WINDOW_MS;
  const to = target.occurredAt.getTime();
  for (const key of target.childKeys) {
    for (const other of index.get(key) ?? []) {
      if (other.policeReference === target.policeReference) continue;
      const t = other.occurredAt.getTime();
      if (t >= from && t < to) return true;
    }
  }
  return false;
}

/** Queue priority: the BRAG rank used to order counts and tags (red first). */
export const BRAG_RANK: Record<Brag, number> = { red: 0, amber: 1, green: 2, blue: 3 };
