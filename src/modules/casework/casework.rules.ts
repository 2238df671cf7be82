// Timescale rulebooks as data (shared/specs/statutory-rules.md sections 1 and 2), and the one function that turns a
// rulebook, a step and the day it counts from into a due date that says which rule set it and where the rule comes
// from. Every figure lives in a rulebook; a board may override any figure locally, with its own source.
//
// Counting (section 1): "within N working days of X" counts from the day after X, Monday to Friday excluding England
// and Wales bank holidays, so a working-day deadline never falls on a weekend or a bank holiday. Calendar-month
// steps ("within 3 months of the ICPC") land on the same day of the month, or the month's last day.
import { addCalendarDays, addCalendarMonths, addWorkingDays } from '../../platform/calendar/index.ts';

export const RULEBOOK_CODES = ['wt2010', 'wt2023'] as const;
export type RulebookCode = (typeof RULEBOOK_CODES)[number];

/** Every step of the pathway that can carry a deadline. */
export const STEPS = {
  'referral-decision': 'Decision on the referral',
  'strategy-discussion': 'Strategy discussion',
  'initial-assessment': 'Initial assessment',
  'core-assessment': 'Core assessment',
  'single-assessment': 'Single assessment',
  icpc: 'Initial child protection conference',
  'first-core-group': 'First core group',
  'first-review': 'First review conference',
  'later-review': 'Review conference',
  'post-birth-review': 'Review conference or core group after the birth',
  'post-birth-review-mother-unwell': 'Review conference or core group after the birth (mother not medically fit)',
} as const;
export type Step = keyof typeof STEPS;

export type Unit = 'working-days' | 'calendar-days' | 'calendar-months';

export interface RuleFigure {
  amount: number;
  unit: Unit;
  /** What the count runs from, in words ("the referral", "the last strategy discussion"). */
  from: string;
  source: string;
}

export interface Rulebook {
  code: RulebookCode;
  name: string;
  /** Initial and core assessments (WT2010) or one single assessment (WT2018/2023). */
  assessments: 'initial-and-core' | 'single';
  /** Which strategy discussion the ICPC's 15 working days count from when there was more than one. */
  icpcFrom: 'last-strategy-discussion' | 'initiating-strategy-discussion';
  /** Steps with a national figure; a step missing here has no national deadline (a board may set one). */
  figures: Partial<Record<Step, RuleFigure>>;
}

const SPEC = 'shared/specs/statutory-rules.md section 2';
const WT2010 = 'Working Together to Safeguard Children 2010; Coventry SCB procedures (amended October 2010)';
const WT2023 = 'Working Together to Safeguard Children 2018/2023; East Riding SCP procedures; FRG summary of WT2018 paragraph 82';
const LONDON = 'London Child Protection Procedures 4.1.22';
const SUSSEX = 'Sussex Child Protection Procedures 4.1 and 5.5';

const shared = (source: string): Partial<Record<Step, RuleFigure>> => ({
  'referral-decision': { amount: 1, unit: 'working-days', from: 'the referral', source: `${source} (${SPEC})` },
  'first-core-group': { amount: 10, unit: 'working-days', from: 'the initial child protection conference', source: `${source}; ${SUSSEX} (${SPEC})` },
  'first-review': { amount: 3, unit: 'calendar-months', from: 'the initial child protection conference', source: `${source}; ${SUSSEX} (${SPEC})` },
  'later-review': { amount: 6, unit: 'calendar-months', from: 'the previous review conference', source: `${source}; ${SUSSEX} (${SPEC})` },
  'post-birth-review': { amount: 10, unit: 'calendar-days', from: 'the birth', source: `${LONDON} (${SPEC})` },
  'post-birth-review-mother-unwell': { amount: 20, unit: 'calendar-days', from: 'the birth', source: `${LONDON} (${SPEC})` },
});

export const RULEBOOKS: Record<RulebookCode, Rulebook> = {
  wt2010: {
    code: 'wt2010',
    name: 'Working Together 2010',
    assessments: 'initial-and-core',
    icpcFrom: 'last-strategy-discussion',
    figures: {
      ...shared(WT2010),
      'initial-assessment': { amount: 10, unit: 'working-days', from: 'the referral', source: `${WT2010}; Community Care, 22 September 2011 (${SPEC})` },
      'core-assessment': { amount: 35, unit: 'working-days', from: 'the start of the core assessment', source: `${WT2010} (${SPEC})` },
      icpc: { amount: 15, unit: 'working-days', from: 'the last strategy discussion', source: `${WT2010} (${SPEC})` },
    },
  },
  wt2023: {
    code: 'wt2023',
    name: 'Working Together 2018/2023',
    assessments: 'single',
    icpcFrom: 'initiating-strategy-discussion',
    figures: {
      ...shared(WT2023),
      'single-assessment': { amount: 45, unit: 'working-days', from: 'the referral', source: `${WT2023} (${SPEC})` },
      icpc: { amount: 15, unit: 'working-days', from: 'the strategy discussion at which the section 47 enquiry was initiated', source: `${WT2023} (${SPEC})` },
    },
  },
};

/** A board's local change to one figure (for example initial assessments within 7 working days). */
export interface LocalOverride {
  step: Step;
  amount: number;
  unit: Unit;
  /** Where the local rule comes from ("Camden LSCB procedures 2010, 3.2"). */
  source: string;
}

/** The rule that set a deadline, shown beside it. */
export interface AppliedRule {
  rulebook: RulebookCode;
  rulebookName: string;
  step: Step;
  amount: number;
  unit: Unit;
  from: string;
  source: string;
  isLocal: boolean;
}

export interface Deadline {
  dueOn: string;
  rule: AppliedRule;
}

/** A rulebook with a board's overrides applied. */
export interface EffectiveRulebook extends Rulebook {
  overrides: LocalOverride[];
}

export function effectiveRulebook(code: RulebookCode, overrides: LocalOverride[] = []): EffectiveRulebook {
  const base = RULEBOOKS[code];
  if (!base) throw new Error(`Unknown rulebook ${code}`);
  return { ...base, overrides };
}

/** The figure for a step under a rulebook, the board's override first; undefined when the step has no deadline. */
export function ruleFor(book: EffectiveRulebook, step: Step): AppliedRule | undefined {
  const local = book.overrides.find((o) => o.step === step);
  const national = book.figures[step];
  if (local) {
    return { rulebook: book.code, rulebookName: book.name, step, amount: local.amount, unit: local.unit, from: national?.from ?? FROM_WHEN_LOCAL[step], source: local.source, isLocal: true };
  }
  if (!national) return undefined;
  return { rulebook: book.code, rulebookName: book.name, step, amount: national.amount, unit: national.unit, from: national.from, source: national.source, isLocal: false };
}

/** What a locally set step counts from when the rulebook has no national figure for it. */
const FROM_WHEN_LOCAL: Record<Step, string> = {
  'referral-decision': 'the referral',
  'strategy-discussion': 'the decision to hold a strategy discussion',
  'initial-assessment': 'the referral',
  'core-assessment': 'the start of the core assessment',
  'single-assessment': 'the referral',
  icpc: 'the strategy discussion',
  'first-core-group': 'the initial child protection conference',
  'first-review': 'the initial child protection conference',
  'later-review': 'the previous review conference',
  'post-birth-review': 'the birth',
  'post-birth-review-mother-unwell': 'the birth',
};

/** Adds a rule's amount to a day (YYYY-MM-DD). */
export function applyRule(rule: Pick<AppliedRule, 'amount' | 'unit'>, fromDay: string): string {
  switch (rule.unit) {
    case 'working-days':
      return addWorkingDays(fromDay, rule.amount);
    case 'calendar-days':
      return addCalendarDays(fromDay, rule.amount);
    case 'calendar-months':
      return addCalendarMonths(fromDay, rule.amount);
  }
}

/** The deadline of a step counted from a day, or undefined when the rulebook (and the board) set none. */
export function deadline(book: EffectiveRulebook, step: Step, fromDay: string): Deadline | undefined {
  const rule = ruleFor(book, step);
  if (!rule) return undefined;
  return { dueOn: applyRule(rule, fromDay), rule };
}

/** The assessment steps of a rulebook, in the order they happen. */
export function assessmentSteps(book: Rulebook): Step[] {
  return book.assessments === 'single' ? ['single-assessment'] : ['initial-assessment', 'core-assessment'];
}

export interface HeldStrategyDiscussion {
  id: string;
  heldOn: string;
  /** The discussion decided to start the section 47 enquiry. */
  initiatedSection47: boolean;
}

/**
 * The strategy discussion an ICPC's deadline counts from: WT2010 the last one held (if more than one);
 * WT2018/2023 the one at which the section 47 enquiry was initiated (the first that initiated it).
 */
export function icpcAnchor(book: Rulebook, discussions: readonly HeldStrategyDiscussion[]): HeldStrategyDiscussion | undefined {
  const held = [...discussions].sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0));
  if (!held.length) return undefined;
  if (book.icpcFrom === 'last-strategy-discussion') return held.at(-1);
  return held.find((d) => d.initiatedSection47) ?? held[0];
}

/** The ICPC's deadline from the strategy discussions held so far. */
export function icpcDeadline(book: EffectiveRulebook, discussions: readonly HeldStrategyDiscussion[]): (Deadline & { anchorId: string }) | undefined {
  const anchor = icpcAnchor(book, discussions);
  if (!anchor) return undefined;
  const d = deadline(book, 'icpc', anchor.heldOn);
  return d && { ...d, anchorId: anchor.id };
}

/** A review conference's deadline: 3 months after the ICPC for the first, then 6 months after the previous review. */
export function reviewDeadline(book: EffectiveRulebook, icpcOn: string, lastReviewOn: string | null): Deadline | undefined {
  return lastReviewOn ? deadline(book, 'later-review', lastReviewOn) : deadline(book, 'first-review', icpcOn);
}

/** "10 working days from the referral (Working Together 2010; local rule)" */
export function describeRule(rule: AppliedRule): string {
  const unit = rule.unit === 'working-days' ? 'working day' : rule.unit === 'calendar-days' ? 'day' : 'month';
  return `${rule.amount} ${unit}${rule.amount === 1 ? '' : 's'} from ${rule.from} (${rule.rulebookName}${rule.isLocal ? ', local rule' : ''})`;
}
