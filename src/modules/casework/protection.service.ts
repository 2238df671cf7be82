// Child protection in casework: initial and pre-birth child protection conferences, the child protection plans they
// start, core groups, review conferences, changes of category, the end of a plan, and the birth of an unborn child.
// Every deadline comes from the episode's rulebook (casework.rules.ts; shared/specs/statutory-rules.md section 2):
// the first core group within 10 working days of the ICPC, the first review within 3 months, later reviews at most
// 6 months apart, and after a pre-birth plan a review conference or core group within 10 days of the birth (20 when
// the mother is not medically fit; London CP Procedures 4.1.22).
//
// The CIN census's data-quality rules are enforced as work is recorded (statutory-rules.md section 7): a child
// protection plan starts on the date of its initial conference, and never runs alongside a child in need plan.
//
// Every change goes through ctx.change: need-to-know (404 otherwise, audited), the episode's version (409 when
// someone else changed the case), and one audit event in the same transaction, with ids and codes only.
import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { CATEGORIES, CONFERENCE_KINDS, DQ, ICPC_OUTCOMES, PLAN_END_REASONS, type Category } from './casework.domain.ts';
import { describeRule, STEPS, type AppliedRule, type Step } from './casework.rules.ts';
import type { CaseworkContext, Episode, Executor, Trx } from './casework.support.ts';
import type { Participant } from './casework.tables.ts';
import {
  birthSchema,
  categorySchema,
  conferenceSchema,
  coreGroupSchema,
  endPlanSchema,
  reviewSchema,
  type BirthInput,
  type CategoryInput,
  type ConferenceInput,
  type CoreGroupInput,
  type EndPlanInput,
  type ParticipantValue,
  type ReviewInput,
} from './protection.forms.ts';

type CaseEpisode = NonNullable<Episode>;

/** The deadlines that belong to a child protection plan (subject: the plan's id). */
const PLAN_STEPS: Step[] = ['first-core-group', 'first-review', 'later-review', 'post-birth-review', 'post-birth-review-mother-unwell'];
const POST_BIRTH_STEPS: Step[] = ['post-birth-review', 'post-birth-review-mother-unwell'];
const REVIEW_STEPS: Step[] = ['first-review', 'later-review'];

/** The pages of this part of the case (ids only in paths). */
export const protectionPaths = {
  casePage: (id: string) => `/cases/${id}`,
  icpc: (id: string, s47Id?: string) => `/cases/${id}/conferences/new${s47Id ? `?s47=${s47Id}` : ''}`,
  preBirth: (id: string, s47Id?: string) => `/cases/${id}/conferences/pre-birth/new${s47Id ? `?s47=${s47Id}` : ''}`,
  birth: (id: string) => `/cases/${id}/birth`,
  coreGroup: (id: string, planId: string) => `/cases/${id}/plans/${planId}/core-groups/new`,
  review: (id: string, planId: string) => `/cases/${id}/plans/${planId}/reviews/new`,
  category: (id: string, planId: string) => `/cases/${id}/plans/${planId}/category`,
  end: (id: string, planId: string) => `/cases/${id}/plans/${planId}/end`,
};

const DEADLINE_STATUS = { open: 'Open', met: 'Met', missed: 'Missed', cancelled: 'Cancelled' } as const;

const label = <T extends Record<string, string>>(list: T, code: string | null | undefined): string | null => (code ? (list[code as keyof T] ?? code) : null);

export type ConferenceKindInput = 'initial' | 'pre-birth';

/** Which form a page is for, and the row it acts on (the s47 enquiry or the plan). */
export type ProtectionForm = 'icpc' | 'pre-birth' | 'birth' | 'core-group' | 'review' | 'category' | 'end';

export class ProtectionService {
  constructor(private readonly ctx: CaseworkContext) {}

  // -- conferences ------------------------------------------------------------------------------------------------

  /** An initial child protection conference after a section 47 enquiry; outcome 'cp-plan' starts a plan. */
  async recordIcpc(actor: Actor, episodeId: string, version: number, input: ConferenceInput): Promise<{ conferenceId: string; planId: string | null }> {
    return this.conference('initial', actor, episodeId, version, input);
  }

  /** A pre-birth conference for an unborn child (after a section 47 enquiry, like an ICPC). */
  async recordPreBirthConference(actor: Actor, episodeId: string, version: number, input: ConferenceInput): Promise<{ conferenceId: string; planId: string | null }> {
    return this.conference('pre-birth', actor, episodeId, version, input);
  }

  private async conference(kind: ConferenceKindInput, actor: Actor, episodeId: string, version: number, raw: ConferenceInput) {
    const input = parseOrThrow(conferenceSchema, raw);
    const action = kind === 'initial' ? 'case.icpc.record' : 'case.pre-birth-conference.record';
    return this.ctx.change(actor, episodeId, version, action, async (trx, episode, user) => {
      this.ctx.assertOpenForWork(episode, 'heldOn');
      if (kind === 'initial' && episode.isUnborn) throw new ValidationError({ heldOn: 'This child is not born yet. Record a pre-birth conference instead' });
      if (kind === 'pre-birth' && !episode.isUnborn) throw new ValidationError({ heldOn: 'A pre-birth conference is for an unborn child. Record an initial child protection conference instead' });
      this.ctx.assertDay(episode, input.heldOn, 'heldOn');

      const s47 = await trx.selectFrom('s47Enquiries').selectAll().where('id', '=', input.s47Id).where('episodeId', '=', episode.id).executeTakeFirst();
      if (!s47) throw new ValidationError({ s47Id: 'Choose a section 47 enquiry on this case' });
      if (s47.outcome !== 'cp-conference') {
        throw new ValidationError({ s47Id: 'This section 47 enquiry did not decide on a child protection conference. Record that outcome on the enquiry first' });
      }
      if (input.heldOn < s47.startedOn) throw new ValidationError({ heldOn: 'The conference cannot be before the section 47 enquiry started' });
      const already = await trx.selectFrom('conferences').select('id').where('s47Id', '=', s47.id).where('kind', 'in', ['initial', 'pre-birth']).executeTakeFirst();
      if (already) throw new ValidationError({ s47Id: 'A conference has already been recorded for this section 47 enquiry' });

      const attendance = await this.participants(trx, input.attendance);
      const conferenceId = randomUUID();
      const book = await this.ctx.rulebookFor(trx, episode);
      let planId: string | null = null;
      let previousPlans = 0;

      if (input.outcome === 'cp-plan') {
        const category = input.category as Category;
        await this.assertCanStartPlan(trx, episode.personId, input.heldOn);
        previousPlans = Number((await trx.selectFrom('cpPlans').select((eb) => eb.fn.countAll<number>().as('n')).where('personId', '=', episode.personId).where('startOn', '<', input.heldOn).executeTakeFirstOrThrow()).n);
        planId = randomUUID();
        // CIN census: a plan starts on the date of the conference that began it.
        const startOn = input.heldOn;
        assertPlanStartsOnConference(startOn, input.heldOn);
        await trx
          .insertInto('cpPlans')
          .values({ id: planId, episodeId: episode.id, personId: episode.personId, icpcId: conferenceId, startOn, initialCategory: category, latestCategory: category, previousPlans, endOn: null, endReason: null, createdBy: user.userId })
          .execute();
      }

      await trx
        .insertInto('conferences')
        .values({
          id: conferenceId,
          episodeId: episode.id,
          kind,
          s47Id: s47.id,
          cpPlanId: planId,
          heldOn: input.heldOn,
          attendance: JSON.stringify(attendance),
          outcome: input.outcome,
          category: input.outcome === 'cp-plan' ? input.category : null,
          continuePlan: null,
          decisions: input.decisions,
          createdBy: user.userId,
        })
        .execute();

      // The ICPC's deadline (15 working days from the strategy discussion) is met or missed by this conference.
      await this.ctx.completeDeadline(trx, episode.id, 'icpc', s47.id, input.heldOn);
      if (planId) {
        await this.ctx.openDeadline(trx, episode, book, 'first-core-group', planId, input.heldOn);
        await this.ctx.openDeadline(trx, episode, book, 'first-review', planId, input.heldOn);
      }

      await this.ctx.event(trx, episode, user, kind === 'initial' ? 'icpc' : 'pre-birth-conference', input.heldOn, conferenceId, { s47Id: s47.id, outcome: input.outcome, category: planId ? input.category : null }, true);
      if (planId) await this.ctx.event(trx, episode, user, 'cp-plan-started', input.heldOn, planId, { category: input.category, previousPlans, conferenceId }, true);

      await this.ctx.audit.record(trx, user, {
        action,
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['heldOn', 'attendance', 'outcome', 'category', 'decisions'],
        details: { conferenceId, s47Id: s47.id, outcome: input.outcome, category: planId ? input.category : null, planId, attendees: attendance.length },
      });
      return { conferenceId, planId };
    });
  }

  /** CIN census: no CP plan alongside a CIN plan, and one open CP plan per child (in any authority). */
  private async assertCanStartPlan(trx: Trx, personId: string, startOn: string): Promise<void> {
    const cin = await trx
      .selectFrom('cinPlans')
      .select('id')
      .where('personId', '=', personId)
      .where((eb) => eb.or([eb('endOn', 'is', null), eb('endOn', '>', startOn)]))
      .executeTakeFirst();
    if (cin) throw new ValidationError({ outcome: DQ.cpPlanDuringCinPlan });
    const open = await trx
      .selectFrom('cpPlans')
      .select('id')
      .where('personId', '=', personId)
      .where((eb) => eb.or([eb('endOn', 'is', null), eb('endOn', '>', startOn)]))
      .executeTakeFirst();
    if (open) throw new ValidationError({ outcome: 'This child already has an open child protection plan. Record a review conference on that plan instead' });
  }

  // -- the birth of an unborn child -----------------------------------------------------------------------------

  /**
   * The baby is born: the episode is no longer for an unborn child, and each open plan needs a review conference or
   * core group within 10 days of the birth (20 when the mother is not medically fit; London CP Procedures 4.1.22).
   */
  async recordBirth(actor: Actor, episodeId: string, version: number, raw: BirthInput): Promise<{ deadlines: { planId: string; step: Step; dueOn: string }[] }> {
    const input = parseOrThrow(birthSchema, raw);
    return this.ctx.change(actor, episodeId, version, 'case.birth.record', async (trx, episode, user) => {
      this.ctx.assertOpenForWork(episode, 'bornOn');
      if (!episode.isUnborn) throw new ValidationError({ bornOn: 'The birth of this child is already recorded' });
      this.ctx.assertDay(episode, input.bornOn, 'bornOn');
      await trx.updateTable('caseEpisodes').set({ isUnborn: false }).where('id', '=', episode.id).execute();

      const book = await this.ctx.rulebookFor(trx, episode);
      const step: Step = input.motherMedicallyFit ? 'post-birth-review' : 'post-birth-review-mother-unwell';
      const plans = await trx.selectFrom('cpPlans').select(['id', 'startOn']).where('episodeId', '=', episode.id).where('endOn', 'is', null).execute();
      const deadlines: { planId: string; step: Step; dueOn: string }[] = [];
      for (const plan of plans) {
        await this.ctx.cancelDeadlines(trx, episode.id, POST_BIRTH_STEPS, plan.id);
        const d = await this.ctx.openDeadline(trx, episode, book, step, plan.id, input.bornOn);
        if (d) deadlines.push({ planId: plan.id, step, dueOn: d.dueOn });
      }

      await this.ctx.event(trx, episode, user, 'birth', input.bornOn, null, { motherMedicallyFit: input.motherMedicallyFit, plans: plans.length }, true);
      await this.ctx.audit.record(trx, user, {
        action: 'case.birth.record',
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['bornOn', 'motherMedicallyFit', 'isUnborn'],
        details: { step, planIds: plans.map((p) => p.id) },
      });
      return { deadlines };
    });
  }

  // -- core groups and review conferences -----------------------------------------------------------------------

  /** A core group meeting of an open plan; the first one meets (or misses) the 10-working-day deadline. */
  async recordCoreGroup(actor: Actor, episodeId: string, version: number, planId: string, raw: CoreGroupInput): Promise<{ coreGroupId: string }> {
    const input = parseOrThrow(coreGroupSchema, raw);
    return this.ctx.change(actor, episodeId, version, 'case.core-group.record', async (trx, episode, user) => {
      this.ctx.assertOpenForWork(episode, 'heldOn');
      const plan = await this.openPlan(trx, episode, planId, 'heldOn');
      this.ctx.assertDay(episode, input.heldOn, 'heldOn');
      if (input.heldOn < plan.startOn) throw new ValidationError({ heldOn: 'A core group cannot meet before the child protection plan started' });
      const attendance = await this.participants(trx, input.attendance);
      const earlier = Number((await trx.selectFrom('coreGroups').select((eb) => eb.fn.countAll<number>().as('n')).where('cpPlanId', '=', plan.id).executeTakeFirstOrThrow()).n);

      const coreGroupId = randomUUID();
      await trx
        .insertInto('coreGroups')
        .values({ id: coreGroupId, cpPlanId: plan.id, heldOn: input.heldOn, attendance: JSON.stringify(attendance), notes: input.notes, createdBy: user.userId })
        .execute();
      if (earlier === 0) await this.ctx.completeDeadline(trx, episode.id, 'first-core-group', plan.id, input.heldOn);
      await this.completePostBirth(trx, episode, plan.id, input.heldOn);

      await this.ctx.event(trx, episode, user, 'core-group', input.heldOn, coreGroupId, { planId: plan.id, isFirst: earlier === 0 }, false);
      await this.ctx.audit.record(trx, user, {
        action: 'case.core-group.record',
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['heldOn', 'attendance', 'notes'],
        details: { planId: plan.id, coreGroupId, isFirst: earlier === 0, attendees: attendance.length },
      });
      return { coreGroupId };
    });
  }

  /**
   * A review conference of an open plan. It meets the first (3 months) or later (6 months) review's deadline; if the
   * plan continues the next review is due 6 months on, otherwise the plan ends that day and its deadlines close.
   */
  async recordReview(actor: Actor, episodeId: string, version: number, planId: string, raw: ReviewInput): Promise<{ conferenceId: string; nextReviewOn: string | null }> {
    const input = parseOrThrow(reviewSchema, raw);
    return this.ctx.change(actor, episodeId, version, 'case.review-conference.record', async (trx, episode, user) => {
      this.ctx.assertOpenForWork(episode, 'heldOn');
      const plan = await this.openPlan(trx, episode, planId, 'heldOn');
      this.ctx.assertDay(episode, input.heldOn, 'heldOn');
      if (input.heldOn < plan.startOn) throw new ValidationError({ heldOn: 'A review conference cannot be before the child protection plan started' });
      const last = await trx.selectFrom('conferences').select('heldOn').where('cpPlanId', '=', plan.id).where('kind', '=', 'review').orderBy('heldOn', 'desc').executeTakeFirst();
      if (last && input.heldOn < last.heldOn) throw new ValidationError({ heldOn: 'A review conference cannot be before the previous review conference of this plan' });
      const attendance = await this.participants(trx, input.attendance);

      const conferenceId = randomUUID();
      await trx
        .insertInto('conferences')
        .values({
          id: conferenceId,
          episodeId: episode.id,
          kind: 'review',
          s47Id: null,
          cpPlanId: plan.id,
          heldOn: input.heldOn,
          attendance: JSON.stringify(attendance),
          outcome: input.continuePlan ? 'continue-plan' : 'end-plan',
          category: input.latestCategory,
          continuePlan: input.continuePlan,
          decisions: input.decisions,
          createdBy: user.userId,
        })
        .execute();

      for (const step of REVIEW_STEPS) await this.ctx.completeDeadline(trx, episode.id, step, plan.id, input.heldOn);
      await this.completePostBirth(trx, episode, plan.id, input.heldOn);
      if (input.latestCategory && input.latestCategory !== plan.latestCategory) {
        await trx.updateTable('cpPlans').set({ latestCategory: input.latestCategory, updatedAt: this.ctx.clock.now(), version: plan.version + 1 }).where('id', '=', plan.id).execute();
      }

      let nextReviewOn: string | null = null;
      if (input.continuePlan) {
        const book = await this.ctx.rulebookFor(trx, episode);
        nextReviewOn = (await this.ctx.openDeadline(trx, episode, book, 'later-review', plan.id, input.heldOn))?.dueOn ?? null;
      } else {
        await this.finish(trx, episode, user, plan.id, input.heldOn, input.endReason!, conferenceId);
      }

      await this.ctx.event(trx, episode, user, 'review-conference', input.heldOn, conferenceId, { planId: plan.id, continuePlan: input.continuePlan, category: input.latestCategory }, true);
      await this.ctx.audit.record(trx, user, {
        action: 'case.review-conference.record',
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['heldOn', 'attendance', 'continuePlan', 'latestCategory', 'decisions', 'endReason'],
        details: { planId: plan.id, conferenceId, continuePlan: input.continuePlan, category: input.latestCategory, endReason: input.endReason, attendees: attendance.length },
      });
      return { conferenceId, nextReviewOn };
    });
  }

  // -- the plan -------------------------------------------------------------------------------------------------

  /** The plan's latest category of abuse (the initial category never changes: CIN census). */
  async changeCategory(actor: Actor, episodeId: string, version: number, planId: string, raw: CategoryInput): Promise<void> {
    const input = parseOrThrow(categorySchema, raw);
    await this.ctx.change(actor, episodeId, version, 'case.cp-plan.category', async (trx, episode, user) => {
      this.ctx.assertOpenForWork(episode, 'category');
      const plan = await this.openPlan(trx, episode, planId, 'category');
      if (plan.latestCategory === input.category) throw new ValidationError({ category: 'This is already the category of the plan. Select a different category' });
      await trx.updateTable('cpPlans').set({ latestCategory: input.category, updatedAt: this.ctx.clock.now(), version: plan.version + 1 }).where('id', '=', plan.id).execute();
      await this.ctx.event(trx, episode, user, 'cp-category-changed', this.ctx.today(), plan.id, { from: plan.latestCategory, to: input.category }, false);
      await this.ctx.audit.record(trx, user, {
        action: 'case.cp-plan.category',
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['latestCategory'],
        details: { planId: plan.id, from: plan.latestCategory, to: input.category },
      });
    });
  }

  /** Ends an open plan (outside a review conference: the child moved away, became looked after, turned 18). */
  async endPlan(actor: Actor, episodeId: string, version: number, planId: string, raw: EndPlanInput): Promise<void> {
    const input = parseOrThrow(endPlanSchema, raw);
    await this.ctx.change(actor, episodeId, version, 'case.cp-plan.end', async (trx, episode, user) => {
      this.ctx.assertOpenForWork(episode, 'endOn');
      const plan = await this.openPlan(trx, episode, planId, 'endOn');
      this.ctx.assertDay(episode, input.endOn, 'endOn');
      if (input.endOn < plan.startOn) throw new ValidationError({ endOn: 'The plan cannot end before it started' });
      await this.finish(trx, episode, user, plan.id, input.endOn, input.reason, null);
      await this.ctx.audit.record(trx, user, {
        action: 'case.cp-plan.end',
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['endOn', 'endReason'],
        details: { planId: plan.id, reason: input.reason },
      });
    });
  }

  /** Ends a plan on a day: its open deadlines (core group, reviews, after the birth) no longer apply. */
  private async finish(trx: Trx, episode: CaseEpisode, user: UserActor, planId: string, endOn: string, reason: string, conferenceId: string | null): Promise<void> {
    const plan = await trx.selectFrom('cpPlans').select('version').where('id', '=', planId).executeTakeFirstOrThrow();
    await trx.updateTable('cpPlans').set({ endOn, endReason: reason, updatedAt: this.ctx.clock.now(), version: plan.version + 1 }).where('id', '=', planId).execute();
    await this.ctx.cancelDeadlines(trx, episode.id, PLAN_STEPS, planId);
    await this.ctx.event(trx, episode, user, 'cp-plan-ended', endOn, planId, { reason, conferenceId }, true);
  }

  /** A review conference or core group on or after the birth meets (or misses) the post-birth deadline. */
  private async completePostBirth(trx: Trx, episode: CaseEpisode, planId: string, heldOn: string): Promise<void> {
    const birth = await trx.selectFrom('caseEvents').select('occurredOn').where('episodeId', '=', episode.id).where('kind', '=', 'birth').orderBy('occurredOn', 'desc').executeTakeFirst();
    if (!birth || heldOn < birth.occurredOn) return;
    for (const step of POST_BIRTH_STEPS) await this.ctx.completeDeadline(trx, episode.id, step, planId, heldOn);
  }

  /** The episode's plan, which must still be open; a plan of another episode is not found. */
  private async openPlan(trx: Trx, episode: CaseEpisode, planId: string, field: string) {
    const plan = isUuid(planId) ? await trx.selectFrom('cpPlans').selectAll().where('id', '=', planId).where('episodeId', '=', episode.id).executeTakeFirst() : undefined;
    if (!plan) throw new NotFoundError();
    if (plan.endOn) throw new ValidationError({ [field]: 'This child protection plan has ended' });
    return plan;
  }

  /** People at a meeting: a listed agency's name comes from the directory, not the form. */
  private async participants(executor: Executor, people: ParticipantValue[]): Promise<Participant[]> {
    const ids = [...new Set(people.map((p) => p.agencyId).filter((id): id is string => Boolean(id)))];
    const agencies = ids.length ? await executor.selectFrom('agencies').select(['id', 'name']).where('id', 'in', ids).execute() : [];
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const errors: Record<string, string> = {};
    const out = people.map((p, i) => {
      const agencyName = p.agencyId ? names.get(p.agencyId) : p.agencyName;
      if (!agencyName) errors[`attendance.${i}.agencyId`] = 'Select an agency from the list';
      return { agencyId: p.agencyId ?? null, agencyName: agencyName ?? '', name: p.name, role: p.role ?? '', invited: p.invited ?? true, attended: p.attended ?? false, reportSubmitted: p.reportSubmitted ?? false };
    });
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return out;
  }

  // -- pages ----------------------------------------------------------------------------------------------------

  /** Agencies a conference can name: the authority's own and those serving every authority. */
  async agencies(executor: Executor, laCode: string): Promise<{ id: string; name: string }[]> {
    return executor
      .selectFrom('agencies')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('localAuthorityCode', '=', laCode), eb('localAuthorityCode', 'is', null)]))
      .where('typeCode', '!=', 'partnership')
      .orderBy('name')
      .execute();
  }

  /**
   * What a form page needs: the case (if the actor may see it: 404 otherwise, audited), its version, and the enquiry
   * or plan the form acts on. The read is audited (ids only).
   */
  async form(actor: Actor, episodeId: string, form: ProtectionForm, subjectId: string | null) {
    const { episode, user } = await this.ctx.episodeFor(this.ctx.db, actor, episodeId, `case.${form}.form`, 'case.write');
    return this.ctx.db.transaction().execute(async (trx) => {
      let s47: { id: string; startedOn: string; completedOn: string | null; outcome: string | null } | undefined;
      let plan: Awaited<ReturnType<ProtectionService['planView']>> | undefined;
      if (form === 'icpc' || form === 'pre-birth') {
        if (!subjectId || !isUuid(subjectId)) throw new NotFoundError();
        s47 = await trx.selectFrom('s47Enquiries').select(['id', 'startedOn', 'completedOn', 'outcome']).where('id', '=', subjectId).where('episodeId', '=', episode.id).executeTakeFirst();
        if (!s47) throw new NotFoundError();
      }
      if (form === 'core-group' || form === 'review' || form === 'category' || form === 'end') {
        const row = subjectId && isUuid(subjectId) ? await trx.selectFrom('cpPlans').selectAll().where('id', '=', subjectId).where('episodeId', '=', episode.id).executeTakeFirst() : undefined;
        if (!row) throw new NotFoundError();
        plan = await this.planView(trx, row);
      }
      const agencies = ['icpc', 'pre-birth', 'core-group', 'review'].includes(form) ? await this.agencies(trx, episode.laCode) : [];
      await this.ctx.audit.record(trx, user, {
        action: `case.${form}.form`,
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: s47 ? ['s47'] : plan ? ['cpPlan'] : ['episode'],
        details: { subjectId: s47?.id ?? plan?.id ?? null },
      });
      return {
        episode: { id: episode.id, version: episode.version, isUnborn: episode.isUnborn, referralOn: episode.referralOn, expectedBirthOn: episode.expectedBirthOn, status: episode.status, isNfa: episode.isNfa },
        s47: s47 ? { ...s47, outcomeLabel: s47.outcome === 'cp-conference' ? 'Initial child protection conference' : s47.outcome } : null,
        plan: plan ?? null,
        agencies,
      };
    });
  }

  private async planView(executor: Executor, row: { id: string; startOn: string; initialCategory: string; latestCategory: string; previousPlans: number; endOn: string | null; endReason: string | null }) {
    const lastReview = await executor.selectFrom('conferences').select('heldOn').where('cpPlanId', '=', row.id).where('kind', '=', 'review').orderBy('heldOn', 'desc').executeTakeFirst();
    return {
      id: row.id,
      startOn: row.startOn,
      initialCategory: row.initialCategory,
      latestCategory: row.latestCategory,
      initialCategoryLabel: label(CATEGORIES, row.initialCategory),
      latestCategoryLabel: label(CATEGORIES, row.latestCategory),
      previousPlans: row.previousPlans,
      endOn: row.endOn,
      endReasonLabel: label(PLAN_END_REASONS, row.endReason),
      isOpen: row.endOn === null,
      lastReviewOn: lastReview?.heldOn ?? null,
    };
  }

  // -- the case page ----------------------------------------------------------------------------------------------

  /**
   * The child protection part of the case page. No access check or audit here: the case page has authorised and
   * audited the read of the episode. `canWrite` hides the actions from someone who may only read.
   */
  async section(executor: Executor, episode: CaseEpisode, options: { canWrite?: boolean } = {}) {
    const canAct = (options.canWrite ?? true) && episode.status === 'open' && !episode.isNfa;
    // One after another: the executor may be the case page's transaction (one connection).
    const conferences = await executor.selectFrom('conferences').selectAll().where('episodeId', '=', episode.id).orderBy('heldOn').orderBy('createdAt').execute();
    const plans = await executor.selectFrom('cpPlans').selectAll().where('episodeId', '=', episode.id).orderBy('startOn').orderBy('createdAt').execute();
    const s47s = await executor.selectFrom('s47Enquiries').select(['id', 'startedOn', 'completedOn', 'outcome']).where('episodeId', '=', episode.id).where('outcome', '=', 'cp-conference').orderBy('startedOn').execute();
    const planIds = plans.map((p) => p.id);
    const s47Ids = s47s.map((s) => s.id);
    const subjects = [...planIds, ...s47Ids];
    const coreGroups = planIds.length ? await executor.selectFrom('coreGroups').selectAll().where('cpPlanId', 'in', planIds).orderBy('heldOn').orderBy('createdAt').execute() : [];
    const deadlines = subjects.length
        ? await executor
            .selectFrom('caseDeadlines')
            .select(['id', 'step', 'subjectId', 'dueOn', 'rule', 'status', 'doneOn'])
            .where('episodeId', '=', episode.id)
            .where('subjectId', 'in', subjects)
            .where('step', 'in', ['icpc', ...PLAN_STEPS])
            .where('status', '!=', 'cancelled')
            .orderBy('dueOn')
            .execute()
        : [];

    const deadlineView = (d: (typeof deadlines)[number]) => ({
      id: d.id,
      step: d.step,
      stepLabel: STEPS[d.step as Step] ?? d.step,
      dueOn: d.dueOn,
      status: d.status,
      statusLabel: DEADLINE_STATUS[d.status],
      doneOn: d.doneOn,
      rule: describeRule(d.rule as AppliedRule),
      source: (d.rule as AppliedRule).source,
    });

    const conferenceViews = conferences.map((c) => ({
      id: c.id,
      kind: c.kind,
      kindLabel: CONFERENCE_KINDS[c.kind],
      heldOn: c.heldOn,
      planId: c.cpPlanId,
      s47Id: c.s47Id,
      outcome: c.outcome,
      outcomeLabel: c.kind === 'review' ? (c.continuePlan ? 'The plan continues' : 'The plan ends') : label(ICPC_OUTCOMES, c.outcome),
      categoryLabel: label(CATEGORIES, c.category),
      continuePlan: c.continuePlan,
      decisions: c.decisions,
      agencies: byAgency(c.attendance),
      counts: counts(c.attendance),
    }));

    const planViews = plans.map((p) => {
      const open = p.endOn === null;
      const planDeadlines = deadlines.filter((d) => d.subjectId === p.id).map(deadlineView);
      return {
        id: p.id,
        startOn: p.startOn,
        initialCategoryLabel: label(CATEGORIES, p.initialCategory),
        latestCategoryLabel: label(CATEGORIES, p.latestCategory),
        previousPlans: p.previousPlans,
        endOn: p.endOn,
        endReasonLabel: label(PLAN_END_REASONS, p.endReason),
        isOpen: open,
        conference: conferenceViews.find((c) => c.id === p.icpcId) ?? null,
        coreGroups: coreGroups
          .filter((g) => g.cpPlanId === p.id)
          .map((g) => ({ id: g.id, heldOn: g.heldOn, notes: g.notes, agencies: byAgency(g.attendance), counts: counts(g.attendance) })),
        reviews: conferenceViews.filter((c) => c.kind === 'review' && c.planId === p.id),
        deadlines: planDeadlines,
        openDeadlines: planDeadlines.filter((d) => d.status === 'open'),
        actions:
          canAct && open
            ? {
                coreGroup: protectionPaths.coreGroup(episode.id, p.id),
                review: protectionPaths.review(episode.id, p.id),
                category: protectionPaths.category(episode.id, p.id),
                end: protectionPaths.end(episode.id, p.id),
              }
            : null,
      };
    });

    const conferenced = new Set(conferences.map((c) => c.s47Id).filter(Boolean));
    const awaiting = s47s
      .filter((s) => !conferenced.has(s.id))
      .map((s) => {
        const due = deadlines.find((d) => d.step === 'icpc' && d.subjectId === s.id && d.status === 'open');
        return {
          s47Id: s.id,
          startedOn: s.startedOn,
          completedOn: s.completedOn,
          deadline: due ? deadlineView(due) : null,
          href: canAct ? (episode.isUnborn ? protectionPaths.preBirth(episode.id, s.id) : protectionPaths.icpc(episode.id, s.id)) : null,
          actionText: episode.isUnborn ? 'Record the pre-birth conference' : 'Record the initial child protection conference',
        };
      });

    return {
      episodeId: episode.id,
      version: episode.version,
      isUnborn: episode.isUnborn,
      expectedBirthOn: episode.expectedBirthOn,
      conferences: conferenceViews,
      plans: planViews,
      openPlan: planViews.find((p) => p.isOpen) ?? null,
      awaitingConference: awaiting,
      actions: {
        birth: canAct && episode.isUnborn ? protectionPaths.birth(episode.id) : null,
      },
      isEmpty: !conferenceViews.length && !planViews.length && !awaiting.length && !episode.isUnborn,
    };
  }
}

/** A plan's start date is its conference's date (CIN census); any path that could set another date goes through this. */
export function assertPlanStartsOnConference(startOn: string, conferenceOn: string): void {
  if (startOn !== conferenceOn) throw new ValidationError({ startOn: DQ.cpPlanStartsOnIcpc });
}

/** The people at a meeting, grouped by agency in the order they were entered. */
function byAgency(attendance: Participant[] | null | undefined) {
  const groups = new Map<string, { agencyName: string; people: { name: string; role: string; invited: boolean; attended: boolean; reportSubmitted: boolean }[] }>();
  for (const p of attendance ?? []) {
    const key = p.agencyId ?? `name:${p.agencyName}`;
    if (!groups.has(key)) groups.set(key, { agencyName: p.agencyName, people: [] });
    groups.get(key)!.people.push({ name: p.name, role: p.role, invited: p.invited ?? false, attended: p.attended ?? false, reportSubmitted: p.reportSubmitted ?? false });
  }
  return [...groups.values()];
}

function counts(attendance: Participant[] | null | undefined) {
  const list = attendance ?? [];
  return { invited: list.filter((p) => p.invited).length, attended: list.filter((p) => p.attended).length, reports: list.filter((p) => p.reportSubmitted).length, agencies: new Set(list.map((p) => p.agencyId ?? p.agencyName)).size };
}
