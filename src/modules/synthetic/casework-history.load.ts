// The casework share of the practice history: the generator's referrals, assessments, strategy discussions,
// section 47 enquiries, initial and review conferences, child protection and child in need plans, early help and
// closures, as rows of the casework tables, with the deadlines each step set (and whether it was met) and the
// case history that feeds the merged chronology. Called by history.load.ts for each batch of households, inside
// the batch's transaction, after the batch's contacts (an episode names the contact it came from).
//
// Mapping (see src/modules/casework/docs/chronology-and-history.md):
// - one CIN episode per child per referral (`case_episodes`, external_reference = the generator's referral id,
//   unique per authority, so a second load finds it); every other row takes a deterministic uuid from its
//   generator id, so the same seed always gives the same ids;
// - the rulebook is the authority's (casework_settings; default Working Together 2010). Under WT2010 the
//   generator's one assessment is an initial assessment (10 working days from the referral), or a core assessment
//   (35 working days from its start) when it ran as the section 47 enquiry; under WT2018/2023 a single
//   assessment (45 working days from the referral). The generator is calibrated to single assessments, so under
//   WT2010 many initial assessments are late: that is the honest reading of the same dates under the older rule;
// - deadlines come from casework.rules.ts and are the ones the casework services open (pathway.service.ts,
//   protection.service.ts), with the same subjects: the referral decision (met or missed on the day the hub
//   decided), the assessment, the ICPC (once an enquiry ends with a conference outcome), the first and later
//   reviews. Each is met or missed from the real dates, open for work still in progress, and cancelled when the
//   step will no longer happen (a plan ended before its next review, the case closed first). Two differences, for
//   want of generator data: no first-core-group deadline (the generator holds no core groups), and an episode on the
//   section 47 track has only its core assessment's deadline (the generator's one assessment is the enquiry's);
// - only what has happened by the load's cut-off is loaded (history.load.ts filters events before they come here);
// - a step whose child's record did not resolve to a person, or whose episode was not loaded, is left out and
//   counted; so is early help the front door returned to the referrer (early help needs the family's consent).
import { deadline, effectiveRulebook, icpcDeadline, type RulebookCode, type Step } from '../casework/index.ts';
import type { AuditEntry } from '../../platform/audit/audit-trail.ts';
import { addCalendarDays } from '../../platform/calendar/index.ts';

type Fields = Record<string, unknown>;
type EffectiveRulebook = ReturnType<typeof effectiveRulebook>;

/** A generator event that has happened, with its instant already shifted. */
export interface CaseworkHistoryEvent {
  at: Date;
  fields: Fields;
}

/** The event types this loader takes. */
export const CASEWORK_TYPES: ReadonlySet<string> = new Set([
  'referral',
  'assessment-started',
  'assessment-completed',
  'strategy-discussion',
  's47-started',
  's47-completed',
  'initial-conference',
  'cp-plan-started',
  'cp-review',
  'cp-plan-ended',
  'cin-plan-started',
  'cin-plan-ended',
  'early-help-started',
  'early-help-ended',
  'episode-closed',
]);

export interface CaseworkLoadCounts {
  episodes: number;
  /** Episodes still open at the load's cut-off. */
  openEpisodes: number;
  assessments: number;
  strategyDiscussions: number;
  s47Enquiries: number;
  /** Initial and review conferences. */
  conferences: number;
  cpPlans: number;
  cinPlans: number;
  earlyHelp: number;
  deadlines: number;
  /** Of those deadlines, the ones still open (work in progress). */
  openDeadlines: number;
  caseEvents: number;
  /** Events left out, by reason. */
  skipped: Record<string, number>;
}

export function emptyCaseworkCounts(): CaseworkLoadCounts {
  return { episodes: 0, openEpisodes: 0, assessments: 0, strategyDiscussions: 0, s47Enquiries: 0, conferences: 0, cpPlans: 0, cinPlans: 0, earlyHelp: 0, deadlines: 0, openDeadlines: 0, caseEvents: 0, skipped: {} };
}

export interface CaseworkBuildDeps {
  /** Deterministic row id from a name (history.load.ts's syntheticUuid for this seed). */
  uuid: (name: string) => string;
  /** Whole days every date moves by (a multiple of 7). */
  shiftDays: number;
  /** Person the agency record names, when it resolved. */
  personOf: (record: string) => string | undefined;
  /** Outcome of each contact of the batch that was loaded (by the contact's row id). */
  contactOutcomes: ReadonlyMap<string, string | null>;
  /** The authority's rulebook and local overrides (default WT2010). */
  rulebookOf: (laCode: string) => { code: RulebookCode; book: EffectiveRulebook };
  agencyOf: (code: string) => { id: string; name: string } | undefined;
  /** An invented name for a participant, stable for a key. */
  nameOf: (key: string) => string;
}

export interface CaseworkRows {
  caseEpisodes: Record<string, unknown>[];
  caseAssessments: Record<string, unknown>[];
  strategyDiscussions: Record<string, unknown>[];
  s47Enquiries: Record<string, unknown>[];
  cpPlans: Record<string, unknown>[];
  conferences: Record<string, unknown>[];
  cinPlans: Record<string, unknown>[];
  earlyHelpEpisodes: Record<string, unknown>[];
  caseDeadlines: Record<string, unknown>[];
  caseEvents: Record<string, unknown>[];
  audit: AuditEntry[];
}

/** Insert order: every row after the rows it references. */
export const CASEWORK_TABLE_ORDER = ['caseEpisodes', 'caseAssessments', 'strategyDiscussions', 's47Enquiries', 'cpPlans', 'conferences', 'cinPlans', 'earlyHelpEpisodes', 'caseDeadlines', 'caseEvents'] as const;

const PARTNER_ROLE_BY_TYPE: Record<string, string> = {
  police: 'Detective constable, child abuse investigation',
  health: 'Named nurse for safeguarding children',
  education: 'Designated safeguarding lead',
};

interface Dated<F = Fields> {
  id: string;
  at: Date;
  f: F;
}

interface Referral extends Dated {
  rowId: string;
  personId: string;
  laCode: string;
  referralOn: string;
  rulebook: RulebookCode;
  book: EffectiveRulebook;
  assessments: (Dated & { rowId: string; startedOn: string; completed?: Dated })[];
  strategy?: Dated & { rowId: string; heldOn: string; participants: unknown[] };
  s47s: (Dated & { rowId: string; startedOn: string; completed?: Dated })[];
  icpcs: (Dated & { rowId: string; s47Id: string | null; heldOn: string })[];
  cpPlans: (Dated & { rowId: string; startOn: string; icpcGenId: string; reviews: Dated[]; ended?: Dated })[];
  cinPlans: (Dated & { rowId: string; startOn: string; ended?: Dated })[];
  closed?: Dated;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Which history entries are significant, as the casework services mark them when the work is recorded live
 * (pathway.service.ts, protection.service.ts), so the chronology treats loaded and live history alike.
 */
const SIGNIFICANT = new Set(['referral', 'referral-nfa', 'assessment-completed', 'strategy-discussion', 's47-started', 's47-completed', 'icpc', 'cp-plan-started', 'review-conference', 'cp-plan-ended', 'cin-plan-started', 'cin-plan-ended', 'early-help-started', 'episode-closed']);

export function buildCaseworkRows(events: readonly CaseworkHistoryEvent[], deps: CaseworkBuildDeps, counts: CaseworkLoadCounts): CaseworkRows {
  const { uuid } = deps;
  const shift = (day: unknown) => addCalendarDays(String(day), deps.shiftDays);
  const skip = (reason: string) => {
    counts.skipped[reason] = (counts.skipped[reason] ?? 0) + 1;
  };
  const out: CaseworkRows = { caseEpisodes: [], caseAssessments: [], strategyDiscussions: [], s47Enquiries: [], cpPlans: [], conferences: [], cinPlans: [], earlyHelpEpisodes: [], caseDeadlines: [], caseEvents: [], audit: [] };

  // Pass 1: referrals (an episode per child). Events of a day are not always in pathway order (a strategy
  // discussion can be held earlier the same day than the referral is recorded), so links are made in passes.
  const referrals = new Map<string, Referral>();
  const seenPair = new Set<string>();
  const byType = (type: string) => events.filter((e) => e.fields.type === type);
  for (const { at, fields: f } of byType('referral')) {
    const personId = deps.personOf(String(f.child));
    if (!personId) {
      skip('unresolved-child');
      continue;
    }
    const contactRow = f.contact ? uuid(String(f.contact)) : null;
    const contactId = contactRow && deps.contactOutcomes.has(contactRow) ? contactRow : null;
    // Two children's records resolving to one person (a matching error) would give one contact two episodes
    // for the same person: the later is left out.
    const pair = `${contactId ?? f.id}|${personId}`;
    if (seenPair.has(pair)) {
      skip('same-person-twice');
      continue;
    }
    seenPair.add(pair);
    const laCode = String(f.la);
    const { code, book } = deps.rulebookOf(laCode);
    referrals.set(String(f.id), {
      id: String(f.id),
      at,
      f: { ...f, contactId },
      rowId: uuid(String(f.id)),
      personId,
      laCode,
      referralOn: shift(f.referralOn),
      rulebook: code,
      book,
      assessments: [],
      s47s: [],
      icpcs: [],
      cpPlans: [],
      cinPlans: [],
    });
  }

  // Pass 2: the steps that start something.
  const assessmentOf = new Map<string, Referral['assessments'][number]>();
  const s47Of = new Map<string, { ref: Referral; s47: Referral['s47s'][number] }>();
  const cpOf = new Map<string, { ref: Referral; plan: Referral['cpPlans'][number] }>();
  const cinOf = new Map<string, Referral['cinPlans'][number]>();
  const refOf = (f: Fields) => referrals.get(String(f.referral));
  for (const { at, fields: f } of events) {
    const id = String(f.id);
    switch (f.type) {
      case 'assessment-started': {
        const ref = refOf(f);
        if (!ref) skip('no-episode');
        else {
          const a = { id, at, f, rowId: uuid(id), startedOn: shift(f.startOn) };
          ref.assessments.push(a);
          assessmentOf.set(id, a);
        }
        break;
      }
      case 'strategy-discussion': {
        const agencies = ((f.agencies as string[]) ?? []).map((code) => deps.agencyOf(code)).filter((a) => a !== undefined);
        const social = deps.agencyOf(`la-${String(f.la)}`);
        const participants = [
          { agencyId: social?.id ?? null, agencyName: social?.name ?? 'Children’s social care', name: deps.nameOf(`${id}:sw`), role: 'Social worker' },
          ...agencies.map((a, i) => ({ agencyId: a.id, agencyName: a.name, name: deps.nameOf(`${id}:${i}`), role: PARTNER_ROLE_BY_TYPE[roleKey(a.name)] ?? 'Practitioner' })),
        ];
        for (const referralId of (f.referrals as string[]) ?? []) {
          const ref = referrals.get(referralId);
          if (!ref) {
            skip('no-episode');
            continue;
          }
          ref.strategy = { id, at, f, rowId: uuid(`${id}:${referralId}`), heldOn: dayOf(at), participants };
        }
        break;
      }
      case 's47-started': {
        const ref = refOf(f);
        if (!ref) skip('no-episode');
        else {
          const s47 = { id, at, f, rowId: uuid(id), startedOn: shift(f.startOn) };
          ref.s47s.push(s47);
          s47Of.set(id, { ref, s47 });
        }
        break;
      }
      case 'initial-conference': {
        const ref = refOf(f);
        if (!ref) skip('no-episode');
        else ref.icpcs.push({ id, at, f, rowId: uuid(id), s47Id: f.s47 ? uuid(String(f.s47)) : null, heldOn: shift(f.heldOn) });
        break;
      }
      case 'cp-plan-started': {
        const ref = refOf(f);
        if (!ref) skip('no-episode');
        else {
          const plan = { id, at, f, rowId: uuid(id), startOn: shift(f.startOn), icpcGenId: String(f.conference), reviews: [] };
          ref.cpPlans.push(plan);
          cpOf.set(id, { ref, plan });
        }
        break;
      }
      case 'cin-plan-started': {
        const ref = refOf(f);
        if (!ref) skip('no-episode');
        else {
          const plan = { id, at, f, rowId: uuid(id), startOn: shift(f.startOn) };
          ref.cinPlans.push(plan);
          cinOf.set(id, plan);
        }
        break;
      }
    }
  }

  // Pass 3: what completes, reviews or ends them.
  for (const e of events) {
    const f = e.fields;
    const dated = { id: String(f.id), at: e.at, f };
    switch (f.type) {
      case 'assessment-completed': {
        const a = assessmentOf.get(String(f.assessment));
        if (a) a.completed = dated;
        else skip('no-episode');
        break;
      }
      case 's47-completed': {
        const s = s47Of.get(String(f.s47));
        if (s) s.s47.completed = dated;
        else skip('no-episode');
        break;
      }
      case 'cp-review': {
        const p = cpOf.get(String(f.cpPlan));
        if (p) p.plan.reviews.push(dated);
        else skip('no-episode');
        break;
      }
      case 'cp-plan-ended': {
        const p = cpOf.get(String(f.cpPlan));
        if (p) p.plan.ended = dated;
        else skip('no-episode');
        break;
      }
      case 'cin-plan-ended': {
        const p = cinOf.get(String(f.cinPlan));
        if (p) p.ended = dated;
        else skip('no-episode');
        break;
      }
      case 'episode-closed': {
        const ref = refOf(f);
        if (ref) ref.closed = dated;
        else skip('no-episode');
        break;
      }
    }
  }

  // Rows, episode by episode.
  for (const ref of referrals.values()) rowsOfEpisode(ref, deps, out, counts);

  // Early help: after a contact (the front door's early help outcome) or a case closed to early help (RC9).
  const earlyHelp = new Map<string, Dated & { rowId: string; personId: string; ended?: Dated }>();
  for (const { at, fields: f } of byType('early-help-started')) {
    const id = String(f.id);
    const personId = deps.personOf(String(f.child));
    if (!personId) {
      skip('unresolved-child');
      continue;
    }
    const contactRow = f.contact ? uuid(String(f.contact)) : null;
    if (contactRow && deps.contactOutcomes.has(contactRow) && deps.contactOutcomes.get(contactRow) !== 'early-help') {
      // The family did not consent, so the front door returned the request to the referrer.
      skip('early-help-not-agreed');
      continue;
    }
    earlyHelp.set(id, { id, at, f, rowId: uuid(id), personId });
  }
  for (const { at, fields: f } of byType('early-help-ended')) {
    const eh = earlyHelp.get(String(f.earlyHelp));
    if (eh) eh.ended = { id: String(f.id), at, f };
  }
  for (const eh of earlyHelp.values()) {
    const f = eh.f;
    const contactRow = f.contact ? uuid(String(f.contact)) : null;
    const ref = f.referral ? referrals.get(String(f.referral)) : undefined;
    const laCode = String(f.la);
    const startOn = shift(f.startOn);
    const endOn = eh.ended ? shift(eh.ended.f.endOn) : null;
    out.earlyHelpEpisodes.push({
      id: eh.rowId,
      personId: eh.personId,
      laCode,
      contactId: contactRow && deps.contactOutcomes.has(contactRow) ? contactRow : null,
      episodeId: ref?.rowId ?? null,
      externalReference: eh.id,
      startOn,
      cafOn: null,
      leadProfessional: null,
      leadAgencyId: null,
      endOn,
      endReason: null,
      createdAt: eh.at,
      createdBy: null,
      updatedAt: eh.ended?.at ?? eh.at,
    });
    const ev = (kind: string, d: Dated, occurredOn: string) =>
      out.caseEvents.push({ id: uuid(`case-event:${d.id}`), episodeId: ref?.rowId ?? null, personId: eh.personId, laCode, kind, occurredOn, recordedAt: d.at, actorUserId: null, subjectId: eh.rowId, details: {}, isSignificant: SIGNIFICANT.has(kind) });
    ev('early-help-started', eh, startOn);
    if (eh.ended && endOn) ev('early-help-ended', eh.ended, endOn);
    out.audit.push({ action: 'early-help.create', recordType: 'early-help-episode', recordId: eh.rowId, purpose: 'synthetic-load', fields: ['person', 'dates'], details: { laCode, syntheticEvent: eh.id, ended: Boolean(endOn) } });
    counts.earlyHelp++;
  }
  counts.caseEvents += out.caseEvents.length;
  return out;
}

function roleKey(agencyName: string): string {
  const n = agencyName.toLowerCase();
  if (n.includes('police')) return 'police';
  if (n.includes('school') || n.includes('education')) return 'education';
  return 'health';
}

/** The rows of one episode: the episode, its steps, their deadlines and its history. */
function rowsOfEpisode(ref: Referral, deps: CaseworkBuildDeps, out: CaseworkRows, counts: CaseworkLoadCounts): void {
  const { uuid } = deps;
  const shift = (day: unknown) => addCalendarDays(String(day), deps.shiftDays);
  const f = ref.f;
  const isNfa = f.isNfa === true;
  const closedOn = ref.closed ? shift(ref.closed.f.closedOn) : null;
  const closureReason = ref.closed ? String(ref.closed.f.reason) : null;
  const lastChange = [ref.at, ...(ref.closed ? [ref.closed.at] : [])].reduce((a, b) => (b > a ? b : a));

  // Details as the services write them: codes and ids, never text.
  const event = (kind: string, d: Dated, occurredOn: string, subjectId: string | null, details: Fields) =>
    out.caseEvents.push({ id: uuid(`case-event:${d.id}:${ref.id}`), episodeId: ref.rowId, personId: ref.personId, laCode: ref.laCode, kind, occurredOn, recordedAt: d.at, actorUserId: null, subjectId, details, isSignificant: SIGNIFICANT.has(kind) });
  const deadlineRow = (step: Step, subjectGenId: string, subjectId: string | null, due: { dueOn: string; rule: unknown }, openedAt: Date, doneOn: string | null, cancelled = false) => {
    // Closing a case cancels the deadlines still open on it (pathway.service.ts closeEpisode).
    const status = cancelled || (doneOn === null && ref.closed) ? 'cancelled' : doneOn === null ? 'open' : doneOn <= due.dueOn ? 'met' : 'missed';
    out.caseDeadlines.push({ id: uuid(`deadline:${step}:${subjectGenId}`), episodeId: ref.rowId, laCode: ref.laCode, step, subjectId, dueOn: due.dueOn, rule: due.rule, status, doneOn: cancelled ? null : doneOn, alertedAt: null, createdAt: openedAt });
    counts.deadlines++;
    if (status === 'open') counts.openDeadlines++;
  };

  out.caseEpisodes.push({
    id: ref.rowId,
    personId: ref.personId,
    laCode: ref.laCode,
    contactId: f.contactId,
    externalReference: ref.id,
    rulebook: ref.rulebook,
    referralOn: ref.referralOn,
    referralSource: String(f.source),
    primaryNeed: f.primaryNeed ? String(f.primaryNeed) : null,
    isNfa,
    isUnborn: false,
    expectedBirthOn: null,
    workerUserId: null,
    teamId: null,
    status: ref.closed ? 'closed' : 'open',
    closedOn,
    closureReason,
    createdAt: ref.at,
    createdBy: null,
    updatedAt: lastChange,
  });
  counts.episodes++;
  if (!ref.closed) counts.openEpisodes++;
  event('referral', ref, ref.referralOn, f.contactId as string | null, { contactId: f.contactId, source: String(f.source), primaryNeed: f.primaryNeed ?? null, isNfa, rulebook: ref.rulebook });
  // The decision on the referral within 1 working day of receipt: the generator records the referral as the hub decides.
  const decision = deadline(ref.book, 'referral-decision', ref.referralOn);
  if (decision) deadlineRow('referral-decision', `${ref.id}:decision`, null, decision, ref.at, dayOf(ref.at));

  // Assessments: the rulebook decides their kind and clock (see the header).
  const hasS47 = ref.s47s.length > 0;
  for (const a of ref.assessments) {
    const kind = ref.book.assessments === 'single' ? 'single' : hasS47 ? 'core' : 'initial';
    const step: Step = kind === 'single' ? 'single-assessment' : kind === 'core' ? 'core-assessment' : 'initial-assessment';
    const completedOn = a.completed ? shift(a.completed.f.authorisedOn) : null;
    const outcome = a.completed ? String(a.completed.f.outcome) : null;
    const factors = a.completed ? ((a.completed.f.factors as string[]) ?? []) : [];
    out.caseAssessments.push({ id: a.rowId, episodeId: ref.rowId, kind, startedOn: a.startedOn, completedOn, outcome, factors, summary: null, createdAt: a.at, createdBy: null, updatedAt: a.completed?.at ?? a.at });
    counts.assessments++;
    // Initial and single assessments count from the referral (subject: none, as the pathway opens them with the
    // case); a core assessment from its own start (subject: the assessment).
    const due = deadline(ref.book, step, kind === 'core' ? a.startedOn : ref.referralOn);
    if (due) deadlineRow(step, a.id, kind === 'core' ? a.rowId : null, due, kind === 'core' ? a.at : ref.at, completedOn);
    event('assessment-started', a, a.startedOn, a.rowId, { kind });
    if (a.completed && completedOn) event('assessment-completed', a.completed, completedOn, a.rowId, { kind, outcome, factors });
  }

  // The strategy discussion (the generator holds one per referral), and the section 47 enquiries it started.
  const sd = ref.strategy;
  if (sd) {
    const initiated = sd.f.section47 === true;
    out.strategyDiscussions.push({ id: sd.rowId, episodeId: ref.rowId, heldOn: sd.heldOn, participants: sd.participants, initiatedS47: initiated, decisions: null, createdAt: sd.at, createdBy: null, updatedAt: sd.at });
    counts.strategyDiscussions++;
    event('strategy-discussion', sd, sd.heldOn, sd.rowId, { initiatedS47: initiated, agencies: (sd.participants as { agencyId: string | null }[]).map((p) => p.agencyId).filter(Boolean) });
  }
  for (const s of ref.s47s) {
    if (!sd) {
      // An enquiry needs the strategy discussion that started it (strategy_discussion_id is required).
      counts.skipped['no-strategy-discussion'] = (counts.skipped['no-strategy-discussion'] ?? 0) + 1;
      continue;
    }
    const completedOn = s.completed ? dayOf(s.completed.at) : null;
    const outcome = s.completed ? String(s.completed.f.outcome) : null;
    const icpcRequired = s.completed ? s.completed.f.initialConferenceRequired === true : null;
    out.s47Enquiries.push({ id: s.rowId, episodeId: ref.rowId, strategyDiscussionId: sd.rowId, startedOn: s.startedOn, completedOn, outcome, icpcRequired, createdAt: s.at, createdBy: null, updatedAt: s.completed?.at ?? s.at });
    counts.s47Enquiries++;
    event('s47-started', s, s.startedOn, s.rowId, { strategyDiscussionId: sd.rowId });
    if (s.completed && completedOn) event('s47-completed', s.completed, completedOn, s.rowId, { outcome, icpcRequired });
    // An enquiry that ends with a conference outcome opens the ICPC's deadline, counted from the strategy discussion
    // (WT2010: the last held; WT2018/2023: the one that started the enquiry).
    const due = s.completed && icpcRequired ? icpcDeadline(ref.book, [{ id: sd.rowId, heldOn: sd.heldOn, initiatedSection47: true }]) : undefined;
    if (due && s.completed) {
      const icpc = ref.icpcs.find((c) => c.s47Id === s.rowId);
      deadlineRow('icpc', s.id, s.rowId, due, s.completed.at, icpc ? icpc.heldOn : null);
    }
  }

  // Initial conferences, the plans they made, and the plans' review conferences.
  for (const c of ref.icpcs) {
    const plan = ref.cpPlans.find((p) => p.icpcGenId === c.id);
    const hasCin = ref.cinPlans.some((p) => p.startOn >= c.heldOn);
    const outcome = c.f.outcome === 'cp-plan' ? 'cp-plan' : hasCin ? 'provision-of-services' : 'no-further-action';
    const category = plan ? String(plan.f.initialCategory) : null;
    out.conferences.push({ id: c.rowId, episodeId: ref.rowId, kind: 'initial', s47Id: ref.s47s.some((s) => s.rowId === c.s47Id) && sd ? c.s47Id : null, cpPlanId: plan?.rowId ?? null, heldOn: c.heldOn, attendance: [], outcome, category, continuePlan: null, decisions: null, createdAt: c.at, createdBy: null, updatedAt: c.at });
    counts.conferences++;
    event('icpc', c, c.heldOn, c.rowId, { s47Id: c.s47Id, outcome, category });
  }
  for (const p of ref.cpPlans) {
    const icpc = ref.icpcs.find((c) => c.id === p.icpcGenId);
    if (!icpc) {
      counts.skipped['no-conference'] = (counts.skipped['no-conference'] ?? 0) + 1;
      continue;
    }
    const initialCategory = String(p.f.initialCategory);
    const latestCategory = p.ended ? String(p.ended.f.latestCategory) : initialCategory;
    const endOn = p.ended ? shift(p.ended.f.endOn) : null;
    // The generator does not say why a plan ended: a move (the episode closed RC5 the same day) or, otherwise, no longer at risk.
    const endReason = p.ended ? (closureReason === 'RC5' && endOn === closedOn ? 'moved-away' : 'no-longer-at-risk') : null;
    out.cpPlans.push({ id: p.rowId, episodeId: ref.rowId, personId: ref.personId, icpcId: icpc.rowId, startOn: p.startOn, initialCategory, latestCategory, previousPlans: Number(p.f.numberOfPreviousPlans) || 0, endOn, endReason, createdAt: p.at, createdBy: null, updatedAt: p.ended?.at ?? p.at });
    counts.cpPlans++;
    event('cp-plan-started', p, p.startOn, p.rowId, { category: initialCategory, previousPlans: Number(p.f.numberOfPreviousPlans) || 0, conferenceId: icpc.rowId });
    // Reviews: the first within 3 months of the ICPC, then at most 6 months apart (casework.rules.ts).
    const reviews = [...p.reviews].sort((a, b) => a.at.getTime() - b.at.getTime());
    let from = icpc.heldOn;
    let openedAt = p.at;
    let step: Step = 'first-review';
    let subjectGen = `${p.id}:review:0`;
    for (const [i, r] of reviews.entries()) {
      const heldOn = shift(r.f.heldOn);
      const due = deadline(ref.book, step, from);
      if (due) deadlineRow(step, subjectGen, p.rowId, due, openedAt, heldOn);
      const rowId = uuid(r.id);
      out.conferences.push({ id: rowId, episodeId: ref.rowId, kind: 'review', s47Id: null, cpPlanId: p.rowId, heldOn, attendance: [], outcome: r.f.continuePlan === true ? 'continue-plan' : 'end-plan', category: latestCategory, continuePlan: r.f.continuePlan === true, decisions: null, createdAt: r.at, createdBy: null, updatedAt: r.at });
      counts.conferences++;
      event('review-conference', r, heldOn, rowId, { planId: p.rowId, continuePlan: r.f.continuePlan === true, category: latestCategory });
      from = heldOn;
      openedAt = r.at;
      step = 'later-review';
      subjectGen = `${p.id}:review:${i + 1}`;
    }
    // The next review: still to come while the plan lasts; cancelled when the plan ended first.
    const next = deadline(ref.book, step, from);
    if (next) deadlineRow(step, subjectGen, p.rowId, next, openedAt, null, p.ended !== undefined);
    if (p.ended && endOn) event('cp-plan-ended', p.ended, endOn, p.rowId, { reason: endReason, latestCategory });
  }

  for (const p of ref.cinPlans) {
    const endOn = p.ended ? shift(p.ended.f.endOn) : null;
    out.cinPlans.push({ id: p.rowId, episodeId: ref.rowId, personId: ref.personId, startOn: p.startOn, endOn, createdAt: p.at, createdBy: null, updatedAt: p.ended?.at ?? p.at });
    counts.cinPlans++;
    event('cin-plan-started', p, p.startOn, p.rowId, {});
    if (p.ended && endOn) event('cin-plan-ended', p.ended, endOn, p.rowId, {});
  }

  // A referral closed with no further action is recorded as the pathway service records it.
  if (ref.closed && closedOn) event(isNfa ? 'referral-nfa' : 'episode-closed', ref.closed, closedOn, null, isNfa ? { closureReason } : { reason: closureReason });

  out.audit.push({
    action: 'case-episode.create',
    recordType: 'case-episode',
    recordId: ref.rowId,
    purpose: 'synthetic-load',
    fields: ['referral', 'assessments', 'strategy-discussions', 'section-47-enquiries', 'conferences', 'plans', 'closure'],
    details: {
      laCode: ref.laCode,
      syntheticEvent: ref.id,
      rulebook: ref.rulebook,
      assessments: ref.assessments.length,
      s47Enquiries: ref.s47s.length,
      conferences: ref.icpcs.length + ref.cpPlans.reduce((n, p) => n + p.reviews.length, 0),
      cpPlans: ref.cpPlans.length,
      cinPlans: ref.cinPlans.length,
      status: ref.closed ? 'closed' : 'open',
    },
  });
}

/** The rulebook of each authority from casework_settings rows (default: Working Together 2010, no overrides). */
export function rulebooksFrom(settings: readonly { laCode: string; rulebook: RulebookCode; overrides: unknown }[], fallback: RulebookCode): (laCode: string) => { code: RulebookCode; book: EffectiveRulebook } {
  const cache = new Map<string, { code: RulebookCode; book: EffectiveRulebook }>();
  const byLa = new Map(settings.map((s) => [s.laCode, s]));
  return (laCode) => {
    let hit = cache.get(laCode);
    if (!hit) {
      const s = byLa.get(laCode);
      const code = s?.rulebook ?? fallback;
      const overrides = Array.isArray(s?.overrides) ? (s.overrides as Parameters<typeof effectiveRulebook>[1]) : [];
      hit = { code, book: effectiveRulebook(code, overrides) };
      cache.set(laCode, hit);
    }
    return hit;
  };
}
