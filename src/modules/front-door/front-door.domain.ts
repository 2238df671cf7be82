// The front door's rules, as data and pure functions: code lists, RAG presets and their clocks, consent and the
// lawful basis for agency checks, outcomes, and repeat-concern alerts. Sources are cited beside each rule
// (shared/specs/statutory-rules.md sections 3–7).
import { addHours, addWorkingDays, addWorkingHours, londonDateOf, type WorkingHours } from '../../platform/calendar/index.ts';

// -- code lists --------------------------------------------------------------------------------------------------

/** CIN census referral source codes (statutory-rules.md section 7). */
export const REFERRAL_SOURCES = {
  '1A': 'Individual: family member, relative or carer',
  '1B': 'Individual: acquaintance (including neighbours and child minders)',
  '1C': 'Individual: self',
  '1D': 'Individual: other',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health services: GP',
  '3B': 'Health services: health visitor',
  '3C': 'Health services: school nurse',
  '3D': 'Health services: other primary health services',
  '3E': 'Health services: A&E',
  '3F': 'Health services: other',
  '4': 'Housing',
  '5A': 'LA services: social care',
  '5B': 'LA services: other internal',
  '5C': 'LA services: external (another local authority)',
  '5D': 'LA services: early help',
  '6': 'Police',
  '7': 'Other legal agency',
  '8': 'Other',
  '9': 'Anonymous',
  '10': 'Unknown',
} as const;
export type ReferralSource = keyof typeof REFERRAL_SOURCES;
/**
 * The sources in the census's order, for lists and radios. Iterating the object would not do: JavaScript puts
 * integer-like keys ('4', '6' … '10') before the others, so Housing would come before Individual.
 */
export const REFERRAL_SOURCE_ENTRIES: readonly [ReferralSource, string][] = (
  ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'] as const
).map((code) => [code, REFERRAL_SOURCES[code]]);

/** What a contact is about. The words practitioners use at the front door. */
export const INDICATORS = {
  'domestic-abuse': 'Domestic abuse',
  neglect: 'Neglect',
  'physical-abuse': 'Physical abuse',
  'sexual-abuse': 'Sexual abuse',
  'emotional-abuse': 'Emotional abuse',
  'child-sexual-exploitation': 'Child sexual exploitation',
  'child-criminal-exploitation': 'Child criminal exploitation',
  missing: 'Missing from home, care or education',
  'parental-mental-health': "A parent's or carer's mental health",
  'parental-substance-misuse': "A parent's or carer's drug or alcohol use",
  'child-mental-health': "The child's mental health",
  'self-harm': 'Self-harm',
  radicalisation: 'Radicalisation',
  'female-genital-mutilation': 'Female genital mutilation',
  'school-attendance': 'School attendance',
  housing: 'Housing or homelessness',
  other: 'Something else',
} as const;
export type Indicator = keyof typeof INDICATORS;

/** The consent position (statutory-rules.md section 6). */
export const CONSENT_POSITIONS = {
  given: 'Consent given',
  refused: 'Consent refused',
  'not-sought': 'Consent not sought',
  overridden: 'Consent overridden',
} as const;
export type ConsentPosition = keyof typeof CONSENT_POSITIONS;

/** Why consent was not sought or was overridden: the recorded exception (Haringey [2013] EWHC 416). */
export const CONSENT_EXCEPTIONS = {
  'increased-risk': 'Seeking consent would place the child at increased risk of significant harm',
  'serious-crime': 'Seeking consent would prejudice the prevention or detection of serious crime',
  'not-contactable': 'The parent or carer could not be contacted in time to protect the child',
  other: 'Another reason (given below)',
} as const;
export type ConsentException = keyof typeof CONSENT_EXCEPTIONS;

export const RELATIONSHIPS_TO_CHILD = {
  mother: 'Mother',
  father: 'Father',
  'step-parent': 'Step-parent',
  'partner-of-parent': "Parent's partner",
  carer: 'Carer or guardian',
  grandparent: 'Grandparent',
  'other-relative': 'Other relative',
  'household-member': 'Other household member',
  'not-in-household': 'Not a household member (for example, the other party in an incident)',
} as const;
export type RelationshipToChild = keyof typeof RELATIONSHIPS_TO_CHILD;

/** Front-door outcomes (statutory-rules.md section 5). */
export const OUTCOMES = {
  'no-further-action': { label: 'No further action', level: 1, isReferral: false },
  'advice-signpost': { label: 'Advice, or signposting to universal services', level: 1, isReferral: false },
  'early-help': { label: 'Early help (CAF, team around the family)', level: 2, isReferral: false },
  'section-17-assessment': { label: 'Section 17 child in need assessment', level: 3, isReferral: true },
  'section-47-strategy-discussion': { label: 'Section 47 strategy discussion', level: 4, isReferral: true },
  'immediate-protection': { label: 'Immediate protection (police protection or emergency protection order)', level: 4, isReferral: true },
  'open-case': { label: 'Open case: passed to the allocated worker', level: 3, isReferral: false },
  'other-local-authority': { label: "Another local authority's child protection", level: 3, isReferral: false },
  'returned-to-referrer': { label: 'Returned to the referrer: early help needs consent', level: 1, isReferral: false },
} as const;
export type Outcome = keyof typeof OUTCOMES;

/** London Continuum of Need (statutory-rules.md section 4). */
export const THRESHOLD_LEVELS = {
  1: 'Level 1: no additional needs (universal services)',
  2: 'Level 2: additional needs (early help)',
  3: 'Level 3: complex needs (child in need, section 17)',
  4: 'Level 4: acute need (significant harm, section 47)',
} as const;
export type ThresholdLevel = 1 | 2 | 3 | 4;

/** The lawful basis an agency records when it shares (or declines). */
export const LAWFUL_BASES = {
  consent: 'Consent (UK GDPR 6(1)(a))',
  'public-task': 'Public task: safeguarding duties, Children Act 1989 s17 and s47, Children Act 2004 s11 (UK GDPR 6(1)(e))',
  'vital-interests': 'Vital interests (UK GDPR 6(1)(d))',
  'legal-obligation': 'Legal obligation (UK GDPR 6(1)(c))',
  'substantial-public-interest': 'Safeguarding of children: substantial public interest (DPA 2018 Schedule 1 para 18)',
} as const;
export type LawfulBasis = keyof typeof LAWFUL_BASES;

export const RAGS = ['red', 'amber', 'green', 'blue'] as const;
export type Rag = (typeof RAGS)[number];
export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', blue: 'Blue' };

// -- RAG presets -------------------------------------------------------------------------------------------------

export interface RagTimescale {
  /** Hours until screening is complete; null when the rating needs no MASH response. */
  hours: number | null;
  /** What the rating means, shown to practitioners. */
  meaning: string;
  /** The threshold level the rating implies, where the preset ties them (London BRAG). */
  level?: ThresholdLevel;
}

export interface RagPreset {
  code: string;
  name: string;
  source: string;
  ratings: Record<Rag, RagTimescale>;
  /**
   * How long partner agencies have to answer a check, by rating (hours on the same clock). Merton publishes these
   * ("agency information within"); Surrey and the London BRAG publish only when screening must be complete, so
   * their check times are Safehub's defaults, set to leave the hub time to decide within that timescale. They are
   * configuration, not guidance: a board with its own agreement with partners changes them.
   */
  checkHours: Record<Rag, number | null>;
}

// Surrey MASH, Merton MASH and the London Continuum BRAG (statutory-rules.md section 3). London BRAG gives levels,
// and for Green an outcome within 24 hours; Red and Amber have no published timescale there, so they take the
// common 4 and 24 working hours (a board overrides them if its own policy differs).
export const RAG_PRESETS: Record<string, RagPreset> = {
  surrey: {
    code: 'surrey',
    name: 'Surrey MASH',
    source: 'Surrey MASH RAG timescales (statutory-rules.md section 3)',
    ratings: {
      red: { hours: 4, meaning: 'Complete within 4 hours' },
      amber: { hours: 24, meaning: 'Complete within 24 working hours' },
      green: { hours: 72, meaning: 'Complete within 72 working hours' },
      blue: { hours: null, meaning: 'No MASH response needed' },
    },
    checkHours: { red: 2, amber: 12, green: 48, blue: null },
  },
  merton: {
    code: 'merton',
    name: 'Merton MASH',
    source: 'Merton MASH RAG timescales (statutory-rules.md section 3)',
    ratings: {
      red: { hours: 2, meaning: 'Agency information within 2 hours' },
      amber: { hours: 6, meaning: 'Agency information within 6 working hours' },
      green: { hours: 24, meaning: 'Agency information within 24 working hours' },
      blue: { hours: null, meaning: 'Universal services' },
    },
    checkHours: { red: 2, amber: 6, green: 24, blue: null },
  },
  'london-brag': {
    code: 'london-brag',
    name: 'London Continuum BRAG',
    source: 'London Continuum of Need BRAG (statutory-rules.md sections 3 and 4)',
    ratings: {
      red: { hours: 4, meaning: 'Level 4: acute need', level: 4 },
      amber: { hours: 24, meaning: 'Level 3: complex needs', level: 3 },
      green: { hours: 24, meaning: 'Level 2: outcome recorded within 24 working hours', level: 2 },
      blue: { hours: null, meaning: 'Level 1: universal services', level: 1 },
    },
    checkHours: { red: 4, amber: 24, green: 24, blue: null },
  },
};
export const DEFAULT_PRESET = 'london-brag';

export interface FrontDoorSettings {
  presetCode: string;
  workingHours: WorkingHours;
  /** Outcomes a hub manager must sign off before the referrer is told. */
  signOffOutcomes: Outcome[];
  /** Repeated low-level contacts: this many in 12 months with no referral raises an alert. */
  lowLevelThreshold: number;
}

export const DEFAULT_SETTINGS: FrontDoorSettings = {
  presetCode: DEFAULT_PRESET,
  workingHours: { opensAt: '09:00', closesAt: '17:00' },
  signOffOutcomes: ['no-further-action', 'section-47-strategy-discussion', 'immediate-protection'],
  lowLevelThreshold: 3,
};

/**
 * When screening of a contact rated `rag` is due, counted from receipt. Red runs continuously until complete
 * (Luton MASH policy); the other ratings run in the hub's working hours. Blue has no MASH timescale.
 */
export function screeningDueAt(preset: RagPreset, rag: Rag, receivedAt: Date, hours: WorkingHours): Date | null {
  const h = preset.ratings[rag].hours;
  if (h === null) return null;
  return rag === 'red' ? addHours(receivedAt, h) : addWorkingHours(receivedAt, h, hours);
}

/** When a partner agency's answer to a check is due, counted from the request, on the rating's clock. */
export function checkDueAt(preset: RagPreset, rag: Rag, requestedAt: Date, hours: WorkingHours): Date {
  const h = preset.checkHours[rag] ?? preset.checkHours.green ?? 24;
  return rag === 'red' ? addHours(requestedAt, h) : addWorkingHours(requestedAt, h, hours);
}

/**
 * The decision on a referral (type of response) is due within 1 working day of receipt (Working Together 2010
 * and 2018/2023; statutory-rules.md section 2): by the end of the next working day, in London time.
 */
export function decisionDueAt(receivedAt: Date, hours: WorkingHours): Date {
  const day = addWorkingDays(londonDateOf(receivedAt), 1);
  return londonInstant(day, hours.closesAt);
}

const LONDON_HOUR_MINUTE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The UTC instant of a London wall-clock time on a calendar day. */
export function londonInstant(day: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  // Start from the time read as UTC, then correct by London's offset on that day (0 or +1 hour).
  const guess = new Date(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`);
  const parts = LONDON_HOUR_MINUTE.formatToParts(guess);
  const lh = Number(parts.find((p) => p.type === 'hour')?.value);
  const lm = Number(parts.find((p) => p.type === 'minute')?.value);
  const offsetMinutes = (lh * 60 + lm - (h * 60 + m) + 1440) % 1440;
  return new Date(guess.getTime() - offsetMinutes * 60_000);
}

// -- consent and agency checks -----------------------------------------------------------------------------------

export interface ConsentState {
  position: ConsentPosition;
  isChildsOwn: boolean;
  exception: ConsentException | null;
  authorisedBy: string | null;
  /** A recorded strategy decision puts the contact on the section 47 track. */
  onSection47Track: boolean;
}

export type CheckBasis = 'consent' | 'section-47' | 'recorded-exception';

/**
 * The lawful basis for asking partners what they hold, or null when checks are not allowed.
 * Checks without consent are lawful only on the section 47 track or with a recorded exception (R (AB & CD) v
 * London Borough of Haringey [2013] EWHC 416 (Admin)); a competent child's own consent counts.
 */
export function checkBasis(consent: ConsentState): CheckBasis | null {
  if (consent.position === 'given') return 'consent';
  if (consent.onSection47Track) return 'section-47';
  if ((consent.position === 'overridden' || consent.position === 'not-sought') && consent.exception && consent.authorisedBy) return 'recorded-exception';
  return null;
}

export const CHECK_BASIS_LABELS: Record<CheckBasis, string> = {
  consent: 'Consent given',
  'section-47': 'Section 47 track (recorded strategy decision)',
  'recorded-exception': 'Recorded exception to consent',
};

/** Why checks are refused, in words the hub practitioner can act on. */
export const NO_CHECK_BASIS_MESSAGE =
  'You cannot ask partners for checks yet: record consent, record an exception to consent with who authorised it, or record the strategy decision that puts this contact on the section 47 track';

// -- alerts -----------------------------------------------------------------------------------------------------

export type AlertKind = 'repeat-concern-7-days' | 're-referral-12-months' | 'repeated-low-level' | 'think-family';
export const ALERT_LABELS: Record<AlertKind, string> = {
  'repeat-concern-7-days': 'Two or more concerns about this child within 7 days',
  're-referral-12-months': 'Re-referral: a referral within 12 months of a previous one',
  'repeated-low-level': 'Repeated low-level concerns with no referral in the last 12 months',
  'think-family': 'Think Family: consider the children of an adult known to adult services',
};

export interface PriorContact {
  receivedAt: Date;
  /** True when the contact's decision made it a referral. */
  isReferral: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Alerts about a child from their earlier contacts: two or more concerns within 7 days (a Liquidlogic-style
 * alert), a re-referral within 12 months (Annex A), or `lowLevelThreshold` or more contacts in 12 months none of
 * which became a referral.
 */
export function alertsFor(receivedAt: Date, prior: readonly PriorContact[], lowLevelThreshold: number): AlertKind[] {
  const before = prior.filter((p) => p.receivedAt.getTime() < receivedAt.getTime());
  const within = (days: number) => before.filter((p) => receivedAt.getTime() - p.receivedAt.getTime() <= days * DAY_MS);
  const alerts: AlertKind[] = [];
  if (within(7).length >= 1) alerts.push('repeat-concern-7-days');
  const year = within(365);
  if (year.some((p) => p.isReferral)) alerts.push('re-referral-12-months');
  if (year.length + 1 >= lowLevelThreshold && !year.some((p) => p.isReferral)) alerts.push('repeated-low-level');
  return alerts;
}

/** The rating a London BRAG board's level implies, and back: the two move together in that preset. */
export function levelForRag(preset: RagPreset, rag: Rag): ThresholdLevel | undefined {
  return preset.ratings[rag].level;
}
