// Casework's entries in the merged chronology (front-door/chronology.service.ts): every row of `case_events`
// (referrals, assessments, strategy discussions, section 47 enquiries, conferences, plans, early help, closures)
// about the people asked for, cut to what the viewer may see.
//
// Who sees what. The chronology service has already decided that the viewer may open this child's chronology
// (a hub that had a contact about the child, or the worker the child is allocated to). This source then cuts
// each entry: an event of the viewer's own local authority is shown in full — a title and a detail built only
// from codes (outcome, category of abuse, reason for closure, primary need, assessment factors), never from free
// text such as summaries or decisions, which stay on the case; an event held by another authority is shown as
// what happened and when, with the authority named so the viewer knows whom to ask (isFull false, detail null).
//
// When. Casework is dated by day (a conference is held on a day and may be written up days later), so an entry
// is placed on its `occurred_on` day: at the time it was recorded when it was recorded that same London day
// (keeping same-day entries in the order they happened), otherwise at noon London time on that day. Noon rather
// than midnight keeps the day right whatever the clocks do, and recorded_at alone would move a late-recorded
// conference to the day it was typed up.
import { sql } from 'kysely';
import type { UserActor } from '../../kernel/actor.ts';
import { toDayNumber } from '../../platform/calendar/calendar-date.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import { utcOfLondonWallTime } from '../../platform/calendar/london-time.ts';
import { OUTCOMES, type ChronologyEntry, type ChronologySource } from '../front-door/index.ts';
import { ASSESSMENT_KINDS, ASSESSMENT_OUTCOMES, CATEGORIES, CLOSURE_REASONS, ICPC_OUTCOMES, PLAN_END_REASONS, PRIMARY_NEEDS, S47_OUTCOMES } from './casework.domain.ts';
import type { CaseworkContext, Executor } from './casework.support.ts';

type Details = Record<string, unknown>;

const label = <T extends Record<string, string>>(list: T, code: unknown): string | undefined => (typeof code === 'string' && code in list ? list[code as keyof T] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** "Assessment" or the kind's name, from the event's details. */
function assessmentName(d: Details): string {
  return label(ASSESSMENT_KINDS, d.assessmentKind ?? d.kind) ?? 'Assessment';
}

/** Titles by event kind; the generator's and the services' names for the same step both map here. */
const TITLES: Record<string, (d: Details) => string> = {
  referral: (d) => (d.isNfa === true ? 'Referral to children’s social care: no further action' : 'Referral to children’s social care'),
  'further-referral': () => 'Further referral while the case was open',
  nfa: () => 'Referral closed: no further action',
  'referral-nfa': () => 'Referral closed: no further action',
  'primary-need': () => 'Primary need recorded',
  'assessment-started': (d) => `${assessmentName(d)} started`,
  'assessment-completed': (d) => `${assessmentName(d)} completed`,
  'strategy-discussion': () => 'Strategy discussion',
  's47-started': () => 'Section 47 enquiry started',
  's47-completed': () => 'Section 47 enquiry completed',
  icpc: () => 'Initial child protection conference',
  'initial-conference': () => 'Initial child protection conference',
  'pre-birth-conference': () => 'Pre-birth child protection conference',
  'cp-plan-started': () => 'Child protection plan started',
  'core-group': (d) => (d.isFirst === true ? 'First core group meeting' : 'Core group meeting'),
  'cp-category-changed': () => 'Category of abuse changed',
  birth: () => 'Birth recorded',
  'review-conference': () => 'Review child protection conference',
  'cp-review': () => 'Review child protection conference',
  'cp-plan-ended': () => 'Child protection plan ended',
  'cin-plan-started': () => 'Child in need plan started',
  'cin-plan-ended': () => 'Child in need plan ended',
  'early-help-started': () => 'Early help started',
  'early-help-ended': () => 'Early help ended',
  'episode-closed': () => 'Case closed',
  allocated: () => 'Case allocated to a worker',
};

/** A title for a kind no one has named yet: "Case transferred in" from 'case-transferred-in'. */
export function genericTitle(kind: string): string {
  const words = kind.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Casework';
}

export function caseworkTitle(kind: string, details: Details): string {
  return TITLES[kind]?.(details) ?? genericTitle(kind);
}

/**
 * The detail an authority's own viewers see: labels of the codes the event carries, never free text. Keys are
 * read tolerantly (outcome, category, reason…) so that every service's events and the loader's read the same.
 */
export function caseworkDetail(kind: string, d: Details): string | null {
  const parts: string[] = [];
  const push = (s: string | undefined) => {
    if (s) parts.push(s);
  };
  // An outcome code means different things at different steps, so each list is read only for its own steps.
  const outcome = str(d.outcome);
  const outcomeLabel = kind.startsWith('s47')
    ? label(S47_OUTCOMES, outcome)
    : kind === 'icpc' || kind === 'initial-conference' || kind === 'pre-birth-conference'
      ? label(ICPC_OUTCOMES, outcome)
      : kind.startsWith('assessment')
        ? label(ASSESSMENT_OUTCOMES, outcome)
        : undefined;
  if (outcomeLabel) push(`Outcome: ${outcomeLabel}`);
  if ((kind === 'referral' || kind === 'further-referral') && outcome && outcome in OUTCOMES) push(`Front door decision: ${OUTCOMES[outcome as keyof typeof OUTCOMES].label}`);
  if (kind === 'cp-category-changed') {
    const from = label(CATEGORIES, d.from);
    const to = label(CATEGORIES, d.to);
    if (from && to) push(`From ${from} to ${to}`);
  }

  const initial = label(CATEGORIES, d.initialCategory);
  const category = label(CATEGORIES, d.category ?? d.latestCategory);
  if (initial) push(`Category: ${initial}`);
  if (category && category !== initial) push(`${initial ? 'Latest category' : 'Category'}: ${category}`);

  if (kind === 'strategy-discussion') {
    const s47 = d.initiatedS47 ?? d.section47;
    if (s47 === true) push('Decided to start a section 47 enquiry');
    else if (s47 === false) push('No section 47 enquiry');
  }
  if (kind === 'review-conference' || kind === 'cp-review') {
    if (d.continuePlan === true) push('The plan continues');
    else if (d.continuePlan === false) push('The plan is to end');
  }
  const need = label(PRIMARY_NEEDS, d.primaryNeed);
  if (need) push(`Primary need: ${d.primaryNeed as string} ${need}`);
  if ((kind === 'referral' || kind === 'further-referral') && str(d.source) && /^[0-9]{1,2}[A-F]?$/.test(d.source as string)) push(`Referral source: ${d.source as string}`);
  const closure = str(d.closureReason) ?? (kind === 'episode-closed' || kind === 'nfa' ? str(d.reason) : undefined);
  if (closure && label(CLOSURE_REASONS, closure)) push(`Reason for closure: ${closure} ${label(CLOSURE_REASONS, closure)}`);
  const ended = label(PLAN_END_REASONS, d.endReason ?? (kind === 'cp-plan-ended' ? d.reason : undefined));
  if (ended) push(`Reason the plan ended: ${ended}`);
  if (typeof d.previousPlans === 'number' && d.previousPlans > 0) push(`Previous plans: ${d.previousPlans}`);
  if (Array.isArray(d.factors) && d.factors.length) push(`Assessment factors: ${d.factors.filter((f) => typeof f === 'string' && /^[0-9A-Z]{1,4}$/.test(f)).join(', ')}`);
  return parts.length ? `${parts.join('. ')}.` : null;
}

/** When an entry sits on the timeline: see the header. */
export function caseworkInstant(occurredOn: string, recordedAt: Date): Date {
  if (londonDateOf(recordedAt) === occurredOn) return recordedAt;
  return new Date(utcOfLondonWallTime(toDayNumber(occurredOn), 12 * 60));
}

export class CaseworkChronologySource implements ChronologySource {
  constructor(private readonly ctx: CaseworkContext) {}

  async entries(db: Executor, viewer: UserActor, personIds: string[]): Promise<ChronologyEntry[]> {
    if (!personIds.length) return [];
    const rows = await db
      .selectFrom('caseEvents as e')
      .innerJoin('localAuthorities as l', 'l.code', 'e.laCode')
      .leftJoin('agencies as a', (j) => j.on('a.code', '=', sql<string>`'la-' || e.la_code`))
      .select(['e.id', 'e.personId', 'e.laCode', 'e.kind', 'e.occurredOn', 'e.recordedAt', 'e.details', 'e.isSignificant', 'l.name as laName', 'a.id as agencyId', 'a.name as agencyName'])
      .where('e.personId', 'in', personIds)
      .execute();
    const ownLa = viewer.scopeKind === 'local-authority' ? viewer.scopeCode : null;
    return rows.map((r) => {
      const isFull = ownLa !== null && r.laCode === ownLa;
      const details = (r.details ?? {}) as Details;
      return {
        id: r.id,
        at: caseworkInstant(r.occurredOn, new Date(r.recordedAt)),
        kind: 'casework',
        title: caseworkTitle(r.kind, details),
        detail: isFull ? caseworkDetail(r.kind, details) : null,
        agencyId: r.agencyId,
        agencyName: r.agencyName ?? `${r.laName} children’s services`,
        laName: r.laName,
        personIds: [r.personId],
        contactId: null,
        contactReference: null,
        isSignificant: r.isSignificant,
        isFull,
      } satisfies ChronologyEntry;
    });
  }
}
