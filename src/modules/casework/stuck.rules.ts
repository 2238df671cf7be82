// Stuck-case rules as data: what makes a child's case look stuck, with the figures a board may change, and a pure
// evaluation that says why in dates and counts (never names), so the reasons can be stored on the flag and read by
// the team manager as they are.
//
// The patterns come from the recurring themes of serious case reviews (shared/specs/statutory-rules.md section 8:
// "children known to services but not on a plan", neglect that drifts) and the CIN census's own measures of
// repeat work (Annex A: "Number of Referrals in Last 12 Months"; the census counts second or later CP plans and
// plans lasting two years or more). The default figures are local practice, not national guidance: every board
// chooses its own on the stuck-rule settings page.
import { addCalendarDays, addCalendarMonths } from '../../platform/calendar/index.ts';
import type { StuckRuleSetting } from './casework.tables.ts';

/** What the scan knows about one child in one authority: dates and outcomes only. */
export interface StuckFacts {
  /** Child protection plans of the child in the authority, in any order. */
  cpPlans: { startOn: string; endOn: string | null }[];
  /** Section 47 enquiries about the child in the authority (the day each started). */
  s47Enquiries: { startedOn: string }[];
  /** Contacts naming the child as a child at the authority's front door. */
  contacts: { receivedOn: string; status: string; outcome: string | null }[];
}

/** A rule's finding: why the case looks stuck, and the day of the latest fact behind it. */
export interface Finding {
  reasons: string[];
  /**
   * The latest day among the facts the finding rests on. A flag a manager dismissed (or a consultation resolved)
   * after this day is not raised again: nothing has happened since that decision.
   */
  evidenceOn: string;
}

export interface RuleParam {
  name: string;
  label: string;
  hint: string;
  default: number;
  min: number;
  max: number;
}

export type Params = Record<string, number>;

export interface StuckRule {
  code: string;
  title: string;
  description: string;
  /** Where the pattern comes from. */
  source: string;
  params: readonly RuleParam[];
  evaluate(facts: StuckFacts, params: Params, today: string): Finding | null;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "3 March 2025" from "2025-03-03" (no time zone involved: the day is already a London day). */
export function longDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Whole calendar months from `from` to `to` (the largest m with from + m months ≤ to). */
export function wholeMonthsBetween(from: string, to: string): number {
  if (to < from) return 0;
  let m = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
  while (m > 0 && addCalendarMonths(from, m) > to) m--;
  return Math.max(0, m);
}

const byDay = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export const STUCK_RULES: readonly StuckRule[] = [
  {
    code: 'long-cp-plan',
    title: 'Long child protection plan',
    description: 'A child protection plan has been open longer than the figure set here.',
    source: 'CIN census: child protection plans lasting two years or more; local practice sets the figure (default 18 months)',
    params: [{ name: 'months', label: 'Months a plan may run before it is flagged', hint: 'A plan open longer than this is flagged (3 to 60)', default: 18, min: 3, max: 60 }],
    evaluate(facts, params, today) {
      const months = params.months!;
      const open = facts.cpPlans.filter((p) => p.endOn === null && p.startOn <= today).sort(byDay((p) => p.startOn));
      const plan = open[0];
      // "Longer than N months": on the day N months after the start the plan is exactly N months old, not flagged.
      if (!plan || today <= addCalendarMonths(plan.startOn, months)) return null;
      const age = wholeMonthsBetween(plan.startOn, today);
      return {
        reasons: [`Child protection plan open for ${plural(age, 'month')} (since ${longDate(plan.startOn)}); the rule flags plans open longer than ${plural(months, 'month')}`],
        evidenceOn: plan.startOn,
      };
    },
  },
  {
    code: 'repeat-cp-plan',
    title: 'Repeat child protection plan',
    description: 'A second or later child protection plan started soon after the previous plan ended.',
    source: 'CIN census: second or subsequent child protection plans; local practice sets the window (default 2 years)',
    params: [{ name: 'years', label: 'Years after the previous plan ended', hint: 'A new plan starting within this many years of the previous plan ending is flagged (1 to 10)', default: 2, min: 1, max: 10 }],
    evaluate(facts, params, today) {
      const years = params.years!;
      const plans = facts.cpPlans.filter((p) => p.startOn <= today).sort(byDay((p) => p.startOn));
      const lookBack = addCalendarMonths(today, -12 * years);
      const reasons: string[] = [];
      let evidenceOn = '';
      for (let i = 1; i < plans.length; i++) {
        const plan = plans[i]!;
        const previous = plans[i - 1]!;
        if (!previous.endOn || previous.endOn > plan.startOn) continue;
        // Only a repeat plan that is still open, or started within the window before today, says something now.
        if (plan.endOn !== null && plan.startOn < lookBack) continue;
        if (plan.startOn > addCalendarMonths(previous.endOn, 12 * years)) continue;
        const gap = wholeMonthsBetween(previous.endOn, plan.startOn);
        const gapWords = gap === 0 ? 'less than a month' : plural(gap, 'month');
        reasons.push(
          `Child protection plan ${i + 1} started on ${longDate(plan.startOn)}, ${gapWords} after the previous plan ended (on ${longDate(previous.endOn)}); the rule flags a plan starting within ${plural(years, 'year')} of the previous plan's end`,
        );
        evidenceOn = plan.startOn;
      }
      return reasons.length ? { reasons, evidenceOn } : null;
    },
  },
  {
    code: 'repeat-s47-no-plan',
    title: 'Repeat section 47 enquiries without a plan',
    description: 'Several section 47 enquiries in a short time, and no child protection plan started in that time.',
    source: 'Serious case review themes: children known to services but not on a plan (statutory-rules.md section 8)',
    params: [
      { name: 'count', label: 'Number of section 47 enquiries', hint: 'This many or more in the window is flagged (2 to 10)', default: 3, min: 2, max: 10 },
      { name: 'months', label: 'Window in months', hint: 'Counted back from today (3 to 36)', default: 12, min: 3, max: 36 },
    ],
    evaluate(facts, params, today) {
      const { count, months } = params as { count: number; months: number };
      const from = addCalendarDays(addCalendarMonths(today, -months), 1);
      const inWindow = facts.s47Enquiries.filter((e) => e.startedOn >= from && e.startedOn <= today).sort(byDay((e) => e.startedOn));
      if (inWindow.length < count) return null;
      if (facts.cpPlans.some((p) => p.startOn >= from && p.startOn <= today)) return null;
      const first = inWindow[0]!.startedOn;
      const latest = inWindow.at(-1)!.startedOn;
      return {
        reasons: [
          `${plural(inWindow.length, 'section 47 enquiry', 'section 47 enquiries')} in the ${plural(months, 'month')} to ${longDate(today)} (the first on ${longDate(first)}, the latest on ${longDate(latest)}) and no child protection plan started in that time; the rule flags ${count} or more in ${plural(months, 'month')}`,
        ],
        evidenceOn: latest,
      };
    },
  },
  {
    code: 'repeat-nfa-contacts',
    title: 'Repeat contacts closed with no further action',
    description: "Several contacts about the child at the authority's front door in a short time, all decided with no further action.",
    source: 'CIN census Annex A: number of referrals in the last 12 months; the front door\'s repeated low-level concerns (statutory-rules.md section 3)',
    params: [
      { name: 'count', label: 'Number of contacts', hint: 'This many or more decided contacts in the window, all with no further action, is flagged (2 to 20)', default: 3, min: 2, max: 20 },
      { name: 'months', label: 'Window in months', hint: 'Counted back from today (3 to 36)', default: 12, min: 3, max: 36 },
    ],
    evaluate(facts, params, today) {
      const { count, months } = params as { count: number; months: number };
      const from = addCalendarDays(addCalendarMonths(today, -months), 1);
      const decided = facts.contacts.filter((c) => c.status === 'decided' && c.receivedOn >= from && c.receivedOn <= today).sort(byDay((c) => c.receivedOn));
      if (decided.length < count) return null;
      // A contact in the window that led somewhere (a referral, early help) breaks the pattern.
      if (!decided.every((c) => c.outcome === 'no-further-action')) return null;
      const first = decided[0]!.receivedOn;
      const latest = decided.at(-1)!.receivedOn;
      return {
        reasons: [
          `${plural(decided.length, 'contact')} to the front door in the ${plural(months, 'month')} to ${longDate(today)} (the first on ${longDate(first)}, the latest on ${longDate(latest)}), all decided with no further action; the rule flags ${count} or more in ${plural(months, 'month')}`,
        ],
        evidenceOn: latest,
      };
    },
  },
];

export const STUCK_RULE_CODES = STUCK_RULES.map((r) => r.code);

export function stuckRule(code: string): StuckRule | undefined {
  return STUCK_RULES.find((r) => r.code === code);
}

/** A rule as a board has it: enabled or not, with its figures (the board's, within bounds, else the defaults). */
export interface ConfiguredRule {
  rule: StuckRule;
  enabled: boolean;
  params: Params;
}

/** The board's settings merged over the defaults: every rule, in the order above; unknown codes are ignored. */
export function configuredRules(settings: readonly StuckRuleSetting[]): ConfiguredRule[] {
  return STUCK_RULES.map((rule) => {
    const saved = settings.find((s) => s.code === rule.code);
    const params: Params = {};
    for (const p of rule.params) {
      const v = saved?.params?.[p.name];
      params[p.name] = typeof v === 'number' && Number.isInteger(v) && v >= p.min && v <= p.max ? v : p.default;
    }
    return { rule, enabled: saved ? saved.enabled : true, params };
  });
}

/** Every enabled rule's finding for one child. */
export function evaluateAll(rules: readonly ConfiguredRule[], facts: StuckFacts, today: string): { code: string; finding: Finding }[] {
  const out: { code: string; finding: Finding }[] = [];
  for (const r of rules) {
    if (!r.enabled) continue;
    const finding = r.rule.evaluate(facts, r.params, today);
    if (finding) out.push({ code: r.rule.code, finding });
  }
  return out;
}
