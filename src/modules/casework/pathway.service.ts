// The statutory pathway's core (shared/specs/statutory-rules.md sections 2, 5 and 7): a CIN episode from the
// referral to its closure, with allocation, assessments (initial and core under Working Together 2010, one single
// assessment under 2018/2023), strategy discussions, section 47 enquiries, child in need plans and early help.
// Conferences, child protection plans, core groups and reviews are in protection.service.ts.
//
// Every change goes through `ctx.change` (need-to-know access, the row locked, the version the user saw checked)
// and writes its audit event and its case history in the same transaction. Every deadline is a row with the rule
// that set it (casework.rules.ts); the census's data-quality rules are refused with the message a caseworker reads.
import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AuditDetailValue } from '../../platform/audit/audit-trail.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import { CASE_OUTCOMES, DQ, PATHWAY_DQ, type AssessmentKind } from './casework.domain.ts';
import type {
  AllocateInput,
  CloseInput,
  CompleteAssessmentInput,
  CompleteS47Input,
  EarlyHelpEndInput,
  EarlyHelpStartInput,
  NfaInput,
  OpenEpisodeInput,
  StartAssessmentInput,
  StrategyDiscussionInput,
} from './casework.forms.ts';
import { assessmentSteps, describeRule, icpcDeadline, STEPS, type AppliedRule, type EffectiveRulebook, type HeldStrategyDiscussion, type Step } from './casework.rules.ts';
import type { CaseworkContext, Episode, Executor, Trx } from './casework.support.ts';
import type { DeadlineStatus, Participant } from './casework.tables.ts';

type OpenEpisode = NonNullable<Episode>;

export const CASES_PAGE_SIZE = 25;

export interface MyCasesFilters {
  /** mine: allocated to me; team: my teams' cases; all: every case I may see (managers: the authority's). */
  view?: 'mine' | 'team' | 'all';
  overdue?: boolean;
  page?: number;
}

/** The rows of a deadline as the case page shows them. */
export interface DeadlineView {
  id: string;
  step: string;
  stepLabel: string;
  subjectId: string | null;
  dueOn: string;
  status: DeadlineStatus;
  doneOn: string | null;
  rule: AppliedRule;
  ruleText: string;
  isOverdue: boolean;
  isDueToday: boolean;
}

const ASSESSMENT_STEP: Record<AssessmentKind, Step> = { initial: 'initial-assessment', core: 'core-assessment', single: 'single-assessment' };

export class PathwayService {
  constructor(private readonly ctx: CaseworkContext) {}

  // -- opening an episode --------------------------------------------------------------------------------------

  /**
   * Opens one CIN episode per child named on a decided referral of the user's authority (idempotent per contact and
   * child). A child who already has an open case in the authority gets the referral added to that case's history.
   * Deadlines at opening: the referral decision (met or missed on the day it was made), the rulebook's assessment,
   * and a strategy discussion for a section 47 or immediate-protection outcome when the board set a local figure.
   */
  async openFromContact(actor: Actor, contactId: string): Promise<{ episodeIds: string[]; created: number }> {
    const { access, audit, db } = this.ctx;
    await access.require(actor, 'case.write', { recordType: 'contact', recordId: isUuid(contactId) ? contactId : undefined });
    const user = access.requireUser(actor);
    const found = isUuid(contactId) ? await db.selectFrom('contacts').select(['id', 'laCode']).where('id', '=', contactId).executeTakeFirst() : undefined;
    if (!found || user.scopeKind !== 'local-authority' || found.laCode !== user.scopeCode) {
      await audit.record(db, actor, { action: 'case.open', recordType: 'contact', recordId: isUuid(contactId) ? contactId : undefined, outcome: 'denied', details: { reason: found ? 'other-authority' : 'not-found' } });
      throw new NotFoundError();
    }
    return db.transaction().execute(async (trx) => {
      // The contact is locked so that two clicks (or two workers) open each child's episode once.
      const contact = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirstOrThrow();
      if (contact.status !== 'decided' || !contact.isReferral || !(CASE_OUTCOMES as readonly string[]).includes(contact.outcome ?? '')) {
        throw new ValidationError({ contact: PATHWAY_DQ.notADecidedReferral });
      }
      const children = await trx.selectFrom('contactPersons').select(['personId', 'isUnborn']).where('contactId', '=', contact.id).where('role', '=', 'child').orderBy('position').execute();
      if (!children.length) throw new ValidationError({ contact: 'This referral names no child' });
      const settings = await this.ctx.settingsFor(trx, contact.laCode);
      const book = await this.ctx.rulebookFor(trx, { laCode: contact.laCode, rulebook: settings.rulebook });
      const referralOn = londonDateOf(new Date(contact.receivedAt));
      const decidedOn = contact.decidedAt ? londonDateOf(new Date(contact.decidedAt)) : referralOn;
      const team = await this.firstTeam(trx, user, contact.laCode);
      const episodeIds: string[] = [];
      let created = 0;
      for (const child of children) {
        const same = await trx.selectFrom('caseEpisodes').select('id').where('contactId', '=', contact.id).where('personId', '=', child.personId).executeTakeFirst();
        if (same) {
          episodeIds.push(same.id);
          continue;
        }
        const open = await trx.selectFrom('caseEpisodes').selectAll().where('personId', '=', child.personId).where('laCode', '=', contact.laCode).where('status', '=', 'open').executeTakeFirst();
        if (open) {
          // CIN census: one open episode per child. The new referral joins the open case's history, once.
          const told = await trx.selectFrom('caseEvents').select('id').where('episodeId', '=', open.id).where('kind', '=', 'further-referral').where('subjectId', '=', contact.id).executeTakeFirst();
          if (!told) {
            await this.ctx.event(trx, open, user, 'further-referral', referralOn, contact.id, { contactId: contact.id, source: contact.source, outcome: contact.outcome }, true);
            await audit.record(trx, user, { action: 'case.further-referral', recordType: 'case-episode', recordId: open.id, purpose: 'safeguarding', details: { contactId: contact.id } });
          }
          episodeIds.push(open.id);
          continue;
        }
        const allocation = await trx
          .selectFrom('childAllocations')
          .select('workerUserId')
          .where('personId', '=', child.personId)
          .where('laCode', '=', contact.laCode)
          .where('endedAt', 'is', null)
          .orderBy('allocatedAt', 'desc')
          .executeTakeFirst();
        const episode = await this.insertEpisode(trx, user, {
          personId: child.personId,
          laCode: contact.laCode,
          contactId: contact.id,
          rulebook: book,
          referralOn,
          referralSource: contact.source,
          primaryNeed: null,
          isUnborn: child.isUnborn,
          expectedBirthOn: null,
          workerUserId: allocation?.workerUserId ?? user.userId,
          teamId: team,
        });
        // Working Together: the decision on a referral within 1 working day of its receipt.
        await this.ctx.openDeadline(trx, episode, book, 'referral-decision', null, referralOn);
        await this.ctx.completeDeadline(trx, episode.id, 'referral-decision', null, decidedOn);
        await this.ctx.openDeadline(trx, episode, book, assessmentSteps(book)[0]!, null, referralOn);
        if (contact.outcome === 'section-47-strategy-discussion' || contact.outcome === 'immediate-protection') {
          // No national figure: opened only when the board has set a local one.
          await this.ctx.openDeadline(trx, episode, book, 'strategy-discussion', null, decidedOn);
        }
        await this.ctx.event(trx, episode, user, 'referral', referralOn, contact.id, { contactId: contact.id, source: contact.source, outcome: contact.outcome, rulebook: book.code }, true);
        await audit.record(trx, user, {
          action: 'case.open',
          recordType: 'case-episode',
          recordId: episode.id,
          purpose: 'safeguarding',
          fields: ['referral', 'worker', 'team'],
          details: { contactId: contact.id, personId: child.personId, rulebook: book.code, allocated: Boolean(allocation) },
        });
        episodeIds.push(episode.id);
        created++;
      }
      return { episodeIds, created };
    });
  }

  /** Opens an episode for a referral that did not come through the front door (recorded by the authority itself). */
  async openEpisode(actor: Actor, input: OpenEpisodeInput): Promise<{ episodeId: string }> {
    const { access, audit, db } = this.ctx;
    await access.require(actor, 'case.write', { recordType: 'case-episode' });
    const user = access.requireUser(actor);
    if (user.scopeKind !== 'local-authority' || user.scopeCode !== input.laCode) throw new ValidationError({ laCode: PATHWAY_DQ.ownAuthorityOnly });
    if (input.referralOn > this.ctx.today()) throw new ValidationError({ referralOn: DQ.inFuture });
    if (input.isUnborn && !input.expectedBirthOn) throw new ValidationError({ expectedBirthOn: 'Enter the expected date of birth of the unborn child' });
    return db.transaction().execute(async (trx) => {
      const person = isUuid(input.personId) ? await trx.selectFrom('persons').select(['id', 'status']).where('id', '=', input.personId).executeTakeFirst() : undefined;
      if (!person) throw new ValidationError({ personId: 'Enter the Safehub ID of a person Safehub knows' });
      if (person.status !== 'active') throw new ValidationError({ personId: 'This record was merged into another: use the ID of the record it was merged into' });
      const open = await trx.selectFrom('caseEpisodes').select('id').where('personId', '=', person.id).where('laCode', '=', input.laCode).where('status', '=', 'open').executeTakeFirst();
      if (open) throw new ValidationError({ personId: PATHWAY_DQ.openEpisodeExists });
      const settings = await this.ctx.settingsFor(trx, input.laCode);
      const book = await this.ctx.rulebookFor(trx, { laCode: input.laCode, rulebook: settings.rulebook });
      const episode = await this.insertEpisode(trx, user, {
        personId: person.id,
        laCode: input.laCode,
        contactId: null,
        rulebook: book,
        referralOn: input.referralOn,
        referralSource: input.referralSource,
        primaryNeed: input.primaryNeed,
        isUnborn: input.isUnborn,
        expectedBirthOn: input.isUnborn ? input.expectedBirthOn : null,
        workerUserId: user.userId,
        teamId: await this.firstTeam(trx, user, input.laCode),
      });
      // The referral decision was made outside Safehub, so it carries no deadline here; the assessment does.
      await this.ctx.openDeadline(trx, episode, book, assessmentSteps(book)[0]!, null, input.referralOn);
      await this.ctx.event(trx, episode, user, 'referral', input.referralOn, null, { source: input.referralSource, rulebook: book.code, isUnborn: input.isUnborn }, true);
      await audit.record(trx, user, { action: 'case.open', recordType: 'case-episode', recordId: episode.id, purpose: 'safeguarding', fields: ['referral'], details: { personId: person.id, rulebook: book.code, manual: true } });
      return { episodeId: episode.id };
    });
  }

  private async insertEpisode(
    trx: Trx,
    user: UserActor,
    v: { personId: string; laCode: string; contactId: string | null; rulebook: EffectiveRulebook; referralOn: string; referralSource: string; primaryNeed: string | null; isUnborn: boolean; expectedBirthOn: string | null; workerUserId: string; teamId: string | null },
  ): Promise<OpenEpisode> {
    const now = this.ctx.clock.now();
    return trx
      .insertInto('caseEpisodes')
      .values({
        id: randomUUID(),
        personId: v.personId,
        laCode: v.laCode,
        contactId: v.contactId,
        externalReference: null,
        rulebook: v.rulebook.code,
        referralOn: v.referralOn,
        referralSource: v.referralSource,
        primaryNeed: v.primaryNeed,
        isNfa: false,
        isUnborn: v.isUnborn,
        expectedBirthOn: v.expectedBirthOn,
        workerUserId: v.workerUserId,
        teamId: v.teamId,
        status: 'open',
        closedOn: null,
        closureReason: null,
        createdAt: now,
        createdBy: user.userId,
        updatedAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The user's first team in the authority (in the order of their memberships), or null. */
  private async firstTeam(executor: Executor, user: UserActor, laCode: string): Promise<string | null> {
    if (!user.teamIds.length) return null;
    const teams = await executor.selectFrom('teams').select('id').where('id', 'in', user.teamIds).where('localAuthorityCode', '=', laCode).execute();
    return user.teamIds.find((id) => teams.some((t) => t.id === id)) ?? null;
  }

  // -- allocation, primary need, no further action -------------------------------------------------------------

  /** Allocates the case to a worker (an active caseworker or team manager of the authority) and a team. */
  async allocate(actor: Actor, episodeId: string, version: number, input: AllocateInput): Promise<void> {
    await this.ctx.change(
      actor,
      episodeId,
      version,
      'case.allocate',
      async (trx, ep, user) => {
        if (ep.status === 'closed') throw new ValidationError({ workerUserId: DQ.closedEpisode });
        const worker = await trx
          .selectFrom('users as u')
          .innerJoin('roleAssignments as r', 'r.userId', 'u.id')
          .select(['u.id', 'r.roleCode'])
          .where('u.id', '=', input.workerUserId)
          .where('r.roleCode', 'in', ['caseworker', 'team-manager'])
          .where('r.scopeCode', '=', ep.laCode)
          .where('r.revokedAt', 'is', null)
          .where('u.isDisabled', '=', false)
          .executeTakeFirst();
        if (!worker) throw new ValidationError({ workerUserId: 'Select a caseworker or team manager of this local authority' });
        if (input.teamId) {
          const team = await trx.selectFrom('teams').select('id').where('id', '=', input.teamId).where('localAuthorityCode', '=', ep.laCode).executeTakeFirst();
          if (!team) throw new ValidationError({ teamId: 'Select a team of this local authority' });
        }
        await trx.updateTable('caseEpisodes').set({ workerUserId: input.workerUserId, teamId: input.teamId }).where('id', '=', ep.id).execute();
        // The front door sends later contacts about the child straight to their caseworker (child_allocations).
        if (worker.roleCode === 'caseworker') {
          const now = this.ctx.clock.now();
          await trx.updateTable('childAllocations').set({ endedAt: now }).where('personId', '=', ep.personId).where('laCode', '=', ep.laCode).where('endedAt', 'is', null).execute();
          await trx.insertInto('childAllocations').values({ personId: ep.personId, laCode: ep.laCode, workerUserId: input.workerUserId, contactId: ep.contactId, allocatedAt: now, allocatedBy: user.userId }).execute();
        }
        await this.ctx.event(trx, ep, user, 'allocated', this.ctx.today(), null, { workerUserId: input.workerUserId, teamId: input.teamId }, false);
        await this.audit(trx, user, 'case.allocate', ep.id, ['worker', 'team'], { workerUserId: input.workerUserId, teamId: input.teamId, from: ep.workerUserId });
      },
      'case.manage',
    );
  }

  async setPrimaryNeed(actor: Actor, episodeId: string, version: number, input: { primaryNeed: string }): Promise<void> {
    await this.ctx.change(actor, episodeId, version, 'case.primary-need', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'primaryNeed');
      await trx.updateTable('caseEpisodes').set({ primaryNeed: input.primaryNeed }).where('id', '=', ep.id).execute();
      await this.ctx.event(trx, ep, user, 'primary-need', this.ctx.today(), null, { primaryNeed: input.primaryNeed, from: ep.primaryNeed }, false);
      await this.audit(trx, user, 'case.primary-need', ep.id, ['primaryNeed'], { primaryNeed: input.primaryNeed });
    });
  }

  /**
   * A referral that goes no further: the episode is closed today with RC8 and marked "referral NFA", after which
   * nothing more can be recorded on it (CIN census). Refused once any work has been recorded.
   */
  async recordNfa(actor: Actor, episodeId: string, version: number, input: NfaInput): Promise<void> {
    await this.ctx.change(actor, episodeId, version, 'case.nfa', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'reason');
      if (await this.hasWork(trx, ep.id)) throw new ValidationError({ reason: PATHWAY_DQ.nfaAfterWork });
      const today = this.ctx.today();
      await trx.updateTable('caseEpisodes').set({ isNfa: true, status: 'closed', closedOn: today, closureReason: 'RC8' }).where('id', '=', ep.id).execute();
      await this.ctx.cancelDeadlines(trx, ep.id, Object.keys(STEPS) as Step[]);
      await this.ctx.event(trx, ep, user, 'referral-nfa', today, null, { reason: input.reason, closureReason: 'RC8' }, true);
      await this.audit(trx, user, 'case.nfa', ep.id, ['isNfa', 'closure'], { reason: input.reason });
    });
  }

  private async hasWork(trx: Trx, episodeId: string): Promise<boolean> {
    const counts = await Promise.all([
      trx.selectFrom('caseAssessments').select('id').where('episodeId', '=', episodeId).limit(1).execute(),
      trx.selectFrom('strategyDiscussions').select('id').where('episodeId', '=', episodeId).limit(1).execute(),
      trx.selectFrom('cinPlans').select('id').where('episodeId', '=', episodeId).limit(1).execute(),
      trx.selectFrom('cpPlans').select('id').where('episodeId', '=', episodeId).limit(1).execute(),
      trx.selectFrom('conferences').select('id').where('episodeId', '=', episodeId).limit(1).execute(),
    ]);
    return counts.some((rows) => rows.length > 0);
  }

  // -- assessments ---------------------------------------------------------------------------------------------

  /**
   * Starts an assessment of a kind the rulebook has: WT2010 an initial assessment, then a core assessment (after a
   * completed initial one, or from a section 47 enquiry); WT2018/2023 one single assessment. Initial and single
   * assessments count from the referral (their deadline opened with the episode); a core assessment has 35 working
   * days from its start.
   */
  async startAssessment(actor: Actor, episodeId: string, version: number, input: StartAssessmentInput): Promise<{ assessmentId: string }> {
    return this.ctx.change(actor, episodeId, version, 'case.assessment.start', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'kind');
      this.ctx.assertDay(ep, input.startedOn, 'startedOn');
      const book = await this.ctx.rulebookFor(trx, ep);
      if (book.assessments === 'single' && input.kind !== 'single') throw new ValidationError({ kind: PATHWAY_DQ.assessmentKindWt2023 });
      if (book.assessments === 'initial-and-core' && input.kind === 'single') throw new ValidationError({ kind: PATHWAY_DQ.assessmentKindWt2010 });
      const existing = await trx.selectFrom('caseAssessments').select(['id', 'kind', 'completedOn']).where('episodeId', '=', ep.id).execute();
      if (existing.some((a) => a.kind === input.kind && a.completedOn === null)) throw new ValidationError({ kind: PATHWAY_DQ.assessmentOpen });
      if (input.kind === 'initial' && existing.some((a) => a.kind === 'initial')) throw new ValidationError({ kind: PATHWAY_DQ.initialAlreadyRecorded });
      if (input.kind === 'core') {
        const s47 = await trx.selectFrom('s47Enquiries').select('id').where('episodeId', '=', ep.id).executeTakeFirst();
        if (!s47 && !existing.some((a) => a.kind === 'initial' && a.completedOn !== null)) throw new ValidationError({ kind: PATHWAY_DQ.coreNeedsReason });
      }
      const id = await this.insertAssessment(trx, ep, user, input.kind, input.startedOn, book);
      await this.audit(trx, user, 'case.assessment.start', ep.id, ['assessment'], { assessmentId: id, kind: input.kind });
      return { assessmentId: id };
    });
  }

  private async insertAssessment(trx: Trx, ep: OpenEpisode, user: UserActor, kind: AssessmentKind, startedOn: string, book: EffectiveRulebook): Promise<string> {
    const id = randomUUID();
    await trx.insertInto('caseAssessments').values({ id, episodeId: ep.id, kind, startedOn, completedOn: null, outcome: null, factors: [], summary: null, createdBy: user.userId }).execute();
    // A core assessment has its own clock (35 working days from its start, WT2010).
    if (kind === 'core') await this.ctx.openDeadline(trx, ep, book, 'core-assessment', id, startedOn);
    await this.ctx.event(trx, ep, user, 'assessment-started', startedOn, id, { kind }, false);
    return id;
  }

  /** Completes an assessment; its deadline is met, or missed when completed after its due day. */
  async completeAssessment(actor: Actor, episodeId: string, version: number, assessmentId: string, input: CompleteAssessmentInput): Promise<void> {
    await this.ctx.change(actor, episodeId, version, 'case.assessment.complete', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'completedOn');
      const a = isUuid(assessmentId) ? await trx.selectFrom('caseAssessments').selectAll().where('id', '=', assessmentId).where('episodeId', '=', ep.id).executeTakeFirst() : undefined;
      if (!a) throw new NotFoundError();
      if (a.completedOn) throw new ValidationError({ completedOn: PATHWAY_DQ.notOpen });
      this.ctx.assertDay(ep, input.completedOn, 'completedOn');
      if (input.completedOn < a.startedOn) throw new ValidationError({ completedOn: PATHWAY_DQ.beforeStart });
      await trx.updateTable('caseAssessments').set({ completedOn: input.completedOn, outcome: input.outcome, factors: input.factors, summary: input.summary, version: a.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', a.id).execute();
      const step = ASSESSMENT_STEP[a.kind];
      await this.ctx.completeDeadline(trx, ep.id, step, a.kind === 'core' ? a.id : null, input.completedOn);
      if (input.outcome === 'section-47') {
        const book = await this.ctx.rulebookFor(trx, ep);
        // Reasonable cause to suspect significant harm: a strategy discussion (a deadline only with a local figure).
        await this.ctx.openDeadline(trx, ep, book, 'strategy-discussion', null, input.completedOn);
      }
      await this.ctx.event(trx, ep, user, 'assessment-completed', input.completedOn, a.id, { kind: a.kind, outcome: input.outcome, factors: input.factors }, true);
      await this.audit(trx, user, 'case.assessment.complete', ep.id, ['assessment', 'outcome', 'factors', 'summary'], { assessmentId: a.id, kind: a.kind, outcome: input.outcome });
    });
  }

  // -- strategy discussions and section 47 enquiries -----------------------------------------------------------

  /**
   * Records a strategy discussion. One that decides to start a section 47 enquiry starts it (on the day held),
   * and under WT2010 a core assessment with it (an s47 enquiry is run as a core assessment). An ICPC deadline already
   * open is recounted: WT2010 from the last strategy discussion, WT2018/2023 from the one that initiated the enquiry.
   */
  async recordStrategyDiscussion(actor: Actor, episodeId: string, version: number, input: StrategyDiscussionInput): Promise<{ strategyDiscussionId: string; s47Id: string | null }> {
    return this.ctx.change(actor, episodeId, version, 'case.strategy-discussion', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'heldOn');
      this.ctx.assertDay(ep, input.heldOn, 'heldOn');
      const agencyIds = [...new Set(input.participants.map((p) => p.agencyId))];
      const agencies = await trx.selectFrom('agencies').select(['id', 'name']).where('id', 'in', agencyIds).execute();
      input.participants.forEach((p, i) => {
        if (!agencies.some((a) => a.id === p.agencyId)) throw new ValidationError({ [`participant-${i + 1}-agencyId`]: 'Select the agency from the list' });
      });
      const participants: Participant[] = input.participants.map((p) => ({ agencyId: p.agencyId, agencyName: agencies.find((a) => a.id === p.agencyId)!.name, name: p.name, role: p.role }));
      const book = await this.ctx.rulebookFor(trx, ep);
      const id = randomUUID();
      await trx.insertInto('strategyDiscussions').values({ id, episodeId: ep.id, heldOn: input.heldOn, participants: JSON.stringify(participants), initiatedS47: input.initiatedS47, decisions: input.decisions, createdBy: user.userId }).execute();
      await this.ctx.completeDeadline(trx, ep.id, 'strategy-discussion', null, input.heldOn);
      await this.ctx.event(trx, ep, user, 'strategy-discussion', input.heldOn, id, { initiatedS47: input.initiatedS47, agencies: agencyIds }, true);

      let s47Id: string | null = null;
      if (input.initiatedS47) {
        const open = await trx.selectFrom('s47Enquiries').select('id').where('episodeId', '=', ep.id).where('completedOn', 'is', null).executeTakeFirst();
        if (!open) {
          s47Id = randomUUID();
          await trx.insertInto('s47Enquiries').values({ id: s47Id, episodeId: ep.id, strategyDiscussionId: id, startedOn: input.heldOn, completedOn: null, outcome: null, icpcRequired: null, createdBy: user.userId }).execute();
          await this.ctx.event(trx, ep, user, 's47-started', input.heldOn, s47Id, { strategyDiscussionId: id }, true);
          if (book.assessments === 'initial-and-core') {
            const core = await trx.selectFrom('caseAssessments').select('id').where('episodeId', '=', ep.id).where('kind', '=', 'core').where('completedOn', 'is', null).executeTakeFirst();
            if (!core) await this.insertAssessment(trx, ep, user, 'core', input.heldOn, book);
            // The enquiry is run as a core assessment (WT2010): an initial assessment never started is no longer due.
            const initial = await trx.selectFrom('caseAssessments').select('id').where('episodeId', '=', ep.id).where('kind', '=', 'initial').executeTakeFirst();
            if (!initial) await this.ctx.cancelDeadlines(trx, ep.id, ['initial-assessment']);
          }
        }
      }
      await this.recountIcpc(trx, ep, book);
      await this.audit(trx, user, 'case.strategy-discussion', ep.id, ['strategyDiscussion', 'participants', 'decisions'], { strategyDiscussionId: id, initiatedS47: input.initiatedS47, s47Id, agencies: agencyIds });
      return { strategyDiscussionId: id, s47Id };
    });
  }

  /** The strategy discussions an enquiry's ICPC deadline counts from: its initiating one and every later one. */
  private async discussionsFor(trx: Trx, episodeId: string, s47: { strategyDiscussionId: string }): Promise<HeldStrategyDiscussion[]> {
    const all = await trx.selectFrom('strategyDiscussions').select(['id', 'heldOn', 'initiatedS47']).where('episodeId', '=', episodeId).orderBy('heldOn').orderBy('createdAt').execute();
    const initiating = all.find((d) => d.id === s47.strategyDiscussionId);
    return all
      .filter((d) => !initiating || d.heldOn >= initiating.heldOn)
      .map((d) => ({ id: d.id, heldOn: d.heldOn, initiatedSection47: d.id === s47.strategyDiscussionId }));
  }

  /** Recounts every open ICPC deadline of the episode from the strategy discussions held so far. */
  private async recountIcpc(trx: Trx, ep: OpenEpisode, book: EffectiveRulebook): Promise<void> {
    const open = await trx.selectFrom('caseDeadlines').select(['subjectId', 'dueOn']).where('episodeId', '=', ep.id).where('step', '=', 'icpc').where('status', '=', 'open').execute();
    for (const d of open) {
      if (!d.subjectId) continue;
      const s47 = await trx.selectFrom('s47Enquiries').select(['id', 'strategyDiscussionId']).where('id', '=', d.subjectId).executeTakeFirst();
      if (!s47) continue;
      const next = icpcDeadline(book, await this.discussionsFor(trx, ep.id, s47));
      if (!next || next.dueOn === d.dueOn) continue;
      const anchor = await trx.selectFrom('strategyDiscussions').select('heldOn').where('id', '=', next.anchorId).executeTakeFirstOrThrow();
      await this.ctx.openDeadline(trx, ep, book, 'icpc', s47.id, anchor.heldOn);
    }
  }

  /**
   * Completes a section 47 enquiry with its outcome. A conference outcome opens the ICPC's deadline (15 working
   * days from the strategy discussion the rulebook counts from); the protection service completes it when held.
   */
  async completeS47(actor: Actor, episodeId: string, version: number, s47Id: string, input: CompleteS47Input): Promise<void> {
    await this.ctx.change(actor, episodeId, version, 'case.s47.complete', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'completedOn');
      const s47 = isUuid(s47Id) ? await trx.selectFrom('s47Enquiries').selectAll().where('id', '=', s47Id).where('episodeId', '=', ep.id).executeTakeFirst() : undefined;
      if (!s47) throw new NotFoundError();
      if (s47.completedOn) throw new ValidationError({ completedOn: PATHWAY_DQ.notOpen });
      this.ctx.assertDay(ep, input.completedOn, 'completedOn');
      if (input.completedOn < s47.startedOn) throw new ValidationError({ completedOn: PATHWAY_DQ.beforeStart });
      const conference = input.outcome === 'cp-conference';
      if (input.icpcRequired !== undefined && input.icpcRequired !== conference) throw new ValidationError({ outcome: PATHWAY_DQ.s47OutcomeMismatch });
      await trx.updateTable('s47Enquiries').set({ completedOn: input.completedOn, outcome: input.outcome, icpcRequired: conference, version: s47.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', s47.id).execute();
      const book = await this.ctx.rulebookFor(trx, ep);
      let icpcDueOn: string | null = null;
      if (conference) {
        const next = icpcDeadline(book, await this.discussionsFor(trx, ep.id, s47));
        if (next) {
          const anchor = await trx.selectFrom('strategyDiscussions').select('heldOn').where('id', '=', next.anchorId).executeTakeFirstOrThrow();
          icpcDueOn = (await this.ctx.openDeadline(trx, ep, book, 'icpc', s47.id, anchor.heldOn))?.dueOn ?? null;
        }
      } else {
        await this.ctx.cancelDeadlines(trx, ep.id, ['icpc'], s47.id);
      }
      await this.ctx.event(trx, ep, user, 's47-completed', input.completedOn, s47.id, { outcome: input.outcome, icpcRequired: conference }, true);
      await this.audit(trx, user, 'case.s47.complete', ep.id, ['s47', 'outcome'], { s47Id: s47.id, outcome: input.outcome, icpcDueOn });
    });
  }

  // -- child in need plans -------------------------------------------------------------------------------------

  /** Starts a child in need plan; refused while the child has an open child protection plan (CIN census). */
  async startCinPlan(actor: Actor, episodeId: string, version: number, input: { startOn: string }): Promise<{ cinPlanId: string }> {
    return this.ctx.change(actor, episodeId, version, 'case.cin-plan.start', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'startOn');
      this.ctx.assertDay(ep, input.startOn, 'startOn');
      const cp = await trx.selectFrom('cpPlans').select('id').where('personId', '=', ep.personId).where('endOn', 'is', null).executeTakeFirst();
      if (cp) throw new ValidationError({ startOn: DQ.cinPlanDuringCpPlan });
      const cin = await trx.selectFrom('cinPlans').select('id').where('personId', '=', ep.personId).where('endOn', 'is', null).executeTakeFirst();
      if (cin) throw new ValidationError({ startOn: PATHWAY_DQ.cinPlanOpen });
      const id = randomUUID();
      await trx.insertInto('cinPlans').values({ id, episodeId: ep.id, personId: ep.personId, startOn: input.startOn, endOn: null, createdBy: user.userId }).execute();
      await this.ctx.event(trx, ep, user, 'cin-plan-started', input.startOn, id, {}, true);
      await this.audit(trx, user, 'case.cin-plan.start', ep.id, ['cinPlan'], { cinPlanId: id });
      return { cinPlanId: id };
    });
  }

  async endCinPlan(actor: Actor, episodeId: string, version: number, cinPlanId: string, input: { endOn: string }): Promise<void> {
    await this.ctx.change(actor, episodeId, version, 'case.cin-plan.end', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'endOn');
      const plan = isUuid(cinPlanId) ? await trx.selectFrom('cinPlans').selectAll().where('id', '=', cinPlanId).where('episodeId', '=', ep.id).executeTakeFirst() : undefined;
      if (!plan) throw new NotFoundError();
      if (plan.endOn) throw new ValidationError({ endOn: PATHWAY_DQ.notOpen });
      this.ctx.assertDay(ep, input.endOn, 'endOn');
      if (input.endOn < plan.startOn) throw new ValidationError({ endOn: PATHWAY_DQ.beforeStart });
      await trx.updateTable('cinPlans').set({ endOn: input.endOn, version: plan.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', plan.id).execute();
      await this.ctx.event(trx, ep, user, 'cin-plan-ended', input.endOn, plan.id, {}, true);
      await this.audit(trx, user, 'case.cin-plan.end', ep.id, ['cinPlan'], { cinPlanId: plan.id });
    });
  }

  // -- early help ----------------------------------------------------------------------------------------------

  /**
   * Starts an early help episode for the child: from a case (stepping down; the case may be open or closed, but
   * not a referral closed with no further action), or on its own for a person of the user's authority.
   */
  async startEarlyHelp(actor: Actor, from: { episodeId: string; version: number } | { personId: string }, input: EarlyHelpStartInput): Promise<{ earlyHelpId: string }> {
    if ('episodeId' in from) {
      return this.ctx.change(actor, from.episodeId, from.version, 'case.early-help.start', async (trx, ep, user) => {
        if (ep.isNfa) throw new ValidationError({ startOn: DQ.nothingAfterNfa });
        this.ctx.assertDay(ep, input.startOn, 'startOn');
        const id = await this.insertEarlyHelp(trx, user, { personId: ep.personId, laCode: ep.laCode, contactId: ep.contactId, episodeId: ep.id }, input);
        await this.ctx.event(trx, ep, user, 'early-help-started', input.startOn, id, { leadAgencyId: input.leadAgencyId }, true);
        await this.audit(trx, user, 'case.early-help.start', ep.id, ['earlyHelp'], { earlyHelpId: id });
        return { earlyHelpId: id };
      });
    }
    const { access, audit, db } = this.ctx;
    await access.require(actor, 'case.write', { recordType: 'early-help' });
    const user = access.requireUser(actor);
    if (user.scopeKind !== 'local-authority' || !user.scopeCode) throw new ValidationError({ personId: PATHWAY_DQ.ownAuthorityOnly });
    const laCode = user.scopeCode;
    if (input.startOn > this.ctx.today()) throw new ValidationError({ startOn: DQ.inFuture });
    return db.transaction().execute(async (trx) => {
      const person = isUuid(from.personId) ? await trx.selectFrom('persons').select(['id', 'status']).where('id', '=', from.personId).executeTakeFirst() : undefined;
      if (!person || person.status !== 'active') throw new ValidationError({ personId: 'Enter the Safehub ID of a person Safehub knows' });
      const id = await this.insertEarlyHelp(trx, user, { personId: person.id, laCode, contactId: null, episodeId: null }, input);
      await trx
        .insertInto('caseEvents')
        .values({ episodeId: null, personId: person.id, laCode, kind: 'early-help-started', occurredOn: input.startOn, recordedAt: this.ctx.clock.now(), actorUserId: user.userId, subjectId: id, details: JSON.stringify({ leadAgencyId: input.leadAgencyId }), isSignificant: true })
        .execute();
      await audit.record(trx, user, { action: 'case.early-help.start', recordType: 'early-help', recordId: id, purpose: 'safeguarding', fields: ['earlyHelp'], details: { personId: person.id } });
      return { earlyHelpId: id };
    });
  }

  private async insertEarlyHelp(trx: Trx, user: UserActor, who: { personId: string; laCode: string; contactId: string | null; episodeId: string | null }, input: EarlyHelpStartInput): Promise<string> {
    if (input.cafOn && input.cafOn > this.ctx.today()) throw new ValidationError({ cafOn: DQ.inFuture });
    if (input.leadAgencyId) {
      const agency = await trx.selectFrom('agencies').select('id').where('id', '=', input.leadAgencyId).executeTakeFirst();
      if (!agency) throw new ValidationError({ leadAgencyId: 'Select the lead agency from the list' });
    }
    const open = await trx.selectFrom('earlyHelpEpisodes').select('id').where('personId', '=', who.personId).where('laCode', '=', who.laCode).where('endOn', 'is', null).executeTakeFirst();
    if (open) throw new ValidationError({ startOn: PATHWAY_DQ.earlyHelpOpen });
    const id = randomUUID();
    await trx
      .insertInto('earlyHelpEpisodes')
      .values({ id, ...who, externalReference: null, startOn: input.startOn, cafOn: input.cafOn, leadProfessional: input.leadProfessional, leadAgencyId: input.leadAgencyId, endOn: null, endReason: null, createdBy: user.userId })
      .execute();
    return id;
  }

  /** Ends an early help episode (its own version is checked). Need-to-know: through its case, or the authority's caseworkers. */
  async endEarlyHelp(actor: Actor, earlyHelpId: string, version: number, input: EarlyHelpEndInput): Promise<void> {
    const { access, audit, db } = this.ctx;
    await access.require(actor, 'case.write', { recordType: 'early-help', recordId: isUuid(earlyHelpId) ? earlyHelpId : undefined });
    const user = access.requireUser(actor);
    const found = isUuid(earlyHelpId) ? await db.selectFrom('earlyHelpEpisodes').selectAll().where('id', '=', earlyHelpId).executeTakeFirst() : undefined;
    let episode: OpenEpisode | undefined;
    if (found?.episodeId) episode = (await this.ctx.episodeFor(db, actor, found.episodeId, 'case.early-help.end', 'case.write')).episode;
    if (!found || user.scopeKind !== 'local-authority' || user.scopeCode !== found.laCode) {
      await audit.record(db, actor, { action: 'case.early-help.end', recordType: 'early-help', recordId: isUuid(earlyHelpId) ? earlyHelpId : undefined, outcome: 'denied', details: { reason: found ? 'other-authority' : 'not-found' } });
      throw new NotFoundError();
    }
    await db.transaction().execute(async (trx) => {
      const eh = await trx.selectFrom('earlyHelpEpisodes').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
      if (eh.version !== version) throw new ConflictError('This early help episode was changed by someone else. Reload the case and try again.');
      if (eh.endOn) throw new ValidationError({ endOn: PATHWAY_DQ.notOpen });
      if (input.endOn < eh.startOn) throw new ValidationError({ endOn: PATHWAY_DQ.beforeStart });
      if (input.endOn > this.ctx.today()) throw new ValidationError({ endOn: DQ.inFuture });
      await trx.updateTable('earlyHelpEpisodes').set({ endOn: input.endOn, endReason: input.endReason, version: eh.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', eh.id).execute();
      await trx
        .insertInto('caseEvents')
        .values({ episodeId: episode?.id ?? null, personId: eh.personId, laCode: eh.laCode, kind: 'early-help-ended', occurredOn: input.endOn, recordedAt: this.ctx.clock.now(), actorUserId: user.userId, subjectId: eh.id, details: JSON.stringify({ endReason: input.endReason }), isSignificant: true })
        .execute();
      await audit.record(trx, user, { action: 'case.early-help.end', recordType: 'early-help', recordId: eh.id, purpose: 'safeguarding', fields: ['earlyHelp'], details: { endReason: input.endReason, episodeId: episode?.id ?? null } });
    });
  }

  // -- closure -------------------------------------------------------------------------------------------------

  /**
   * Closes the episode with a CIN census reason. Refused while an assessment, section 47 enquiry, child in need
   * plan or child protection plan is open; deadlines still open are cancelled. RC8 and RC9 ("closed after
   * assessment") need an assessment on the episode.
   */
  async closeEpisode(actor: Actor, episodeId: string, version: number, input: CloseInput): Promise<void> {
    await this.ctx.change(actor, episodeId, version, 'case.close', async (trx, ep, user) => {
      this.ctx.assertOpenForWork(ep, 'closedOn');
      this.ctx.assertDay(ep, input.closedOn, 'closedOn');
      const [assessments, s47s, cinPlans, cpPlans] = await Promise.all([
        trx.selectFrom('caseAssessments').select(['id', 'completedOn']).where('episodeId', '=', ep.id).execute(),
        trx.selectFrom('s47Enquiries').select('id').where('episodeId', '=', ep.id).where('completedOn', 'is', null).execute(),
        trx.selectFrom('cinPlans').select('id').where('episodeId', '=', ep.id).where('endOn', 'is', null).execute(),
        trx.selectFrom('cpPlans').select('id').where('episodeId', '=', ep.id).where('endOn', 'is', null).execute(),
      ]);
      if (assessments.some((a) => a.completedOn === null) || s47s.length || cinPlans.length || cpPlans.length) throw new ValidationError({ closedOn: DQ.closeWithOpenWork });
      if ((input.reason === 'RC8' || input.reason === 'RC9') && !assessments.length) throw new ValidationError({ reason: PATHWAY_DQ.closeNeedsAssessment });
      await trx.updateTable('caseEpisodes').set({ status: 'closed', closedOn: input.closedOn, closureReason: input.reason }).where('id', '=', ep.id).execute();
      await this.ctx.cancelDeadlines(trx, ep.id, Object.keys(STEPS) as Step[]);
      await this.ctx.event(trx, ep, user, 'episode-closed', input.closedOn, null, { reason: input.reason }, true);
      await this.audit(trx, user, 'case.close', ep.id, ['closure'], { reason: input.reason });
    });
  }

  // -- reading -------------------------------------------------------------------------------------------------

  /**
   * The whole case as its page shows it, in one audited read: the episode, the child, worker and team, every
   * piece of work, every deadline with the rule that set it, and the history.
   */
  async caseView(actor: Actor, episodeId: string) {
    const { episode } = await this.ctx.episodeFor(this.ctx.db, actor, episodeId, 'case.read');
    const today = this.ctx.today();
    return this.ctx.db.transaction().execute(async (trx) => {
      const child = await this.childOf(trx, episode);
      const people = await trx.selectFrom('users').select(['id', 'displayName']).where('id', 'in', [episode.workerUserId ?? episode.id, episode.createdBy ?? episode.id]).execute();
      const team = episode.teamId ? await trx.selectFrom('teams').select(['id', 'name']).where('id', '=', episode.teamId).executeTakeFirst() : undefined;
      const la = await trx.selectFrom('localAuthorities').select(['code', 'name']).where('code', '=', episode.laCode).executeTakeFirst();
      const assessments = await trx.selectFrom('caseAssessments').selectAll().where('episodeId', '=', episode.id).orderBy('startedOn').orderBy('createdAt').execute();
      const strategyDiscussions = await trx.selectFrom('strategyDiscussions').selectAll().where('episodeId', '=', episode.id).orderBy('heldOn').orderBy('createdAt').execute();
      const s47s = await trx.selectFrom('s47Enquiries').selectAll().where('episodeId', '=', episode.id).orderBy('startedOn').orderBy('createdAt').execute();
      const cinPlans = await trx.selectFrom('cinPlans').selectAll().where('episodeId', '=', episode.id).orderBy('startOn').execute();
      const earlyHelp = await trx
        .selectFrom('earlyHelpEpisodes as e')
        .leftJoin('agencies as a', 'a.id', 'e.leadAgencyId')
        .selectAll('e')
        .select('a.name as leadAgencyName')
        .where((eb) => eb.or([eb('e.episodeId', '=', episode.id), eb.and([eb('e.personId', '=', episode.personId), eb('e.laCode', '=', episode.laCode), eb('e.endOn', 'is', null)])]))
        .orderBy('e.startOn')
        .execute();
      const openCpPlan = await trx.selectFrom('cpPlans').select(['id', 'episodeId', 'startOn']).where('personId', '=', episode.personId).where('endOn', 'is', null).executeTakeFirst();
      const deadlineRows = await trx.selectFrom('caseDeadlines').selectAll().where('episodeId', '=', episode.id).orderBy('dueOn').orderBy('createdAt').execute();
      const deadlines: DeadlineView[] = deadlineRows.map((d) => ({
        id: d.id,
        step: d.step,
        stepLabel: STEPS[d.step as Step] ?? d.step,
        subjectId: d.subjectId,
        dueOn: d.dueOn,
        status: d.status,
        doneOn: d.doneOn,
        rule: d.rule,
        ruleText: describeRule(d.rule),
        isOverdue: d.status === 'open' && d.dueOn < today,
        isDueToday: d.status === 'open' && d.dueOn === today,
      }));
      const events = await trx
        .selectFrom('caseEvents as e')
        .leftJoin('users as u', 'u.id', 'e.actorUserId')
        .select(['e.id', 'e.kind', 'e.occurredOn', 'e.recordedAt', 'e.subjectId', 'e.details', 'e.isSignificant', 'u.displayName as actorName'])
        .where('e.episodeId', '=', episode.id)
        .orderBy('e.occurredOn', 'desc')
        .orderBy('e.recordedAt', 'desc')
        .execute();
      await this.ctx.audit.record(trx, actor, {
        action: 'case.read',
        recordType: 'case-episode',
        recordId: episode.id,
        purpose: 'safeguarding',
        fields: ['child', 'referral', 'worker', 'assessments', 'strategyDiscussions', 's47Enquiries', 'plans', 'earlyHelp', 'deadlines', 'history'],
        details: { personId: episode.personId },
      });
      return {
        episode,
        today,
        child,
        la: la ?? { code: episode.laCode, name: episode.laCode },
        worker: people.find((p) => p.id === episode.workerUserId) ?? null,
        openedBy: people.find((p) => p.id === episode.createdBy) ?? null,
        team: team ?? null,
        rulebook: await this.ctx.rulebookFor(trx, episode),
        assessments,
        strategyDiscussions,
        s47s,
        cinPlans,
        earlyHelp,
        openCpPlan: openCpPlan ?? null,
        deadlines,
        events,
      };
    });
  }

  /** The episode and the child's name for a form page (audited as a read of the case's summary). */
  async caseSummary(actor: Actor, episodeId: string, permission: 'case.write' | 'case.manage' = 'case.write') {
    const { episode } = await this.ctx.episodeFor(this.ctx.db, actor, episodeId, 'case.read-summary', permission);
    return this.ctx.db.transaction().execute(async (trx) => {
      const child = await this.childOf(trx, episode);
      const book = await this.ctx.rulebookFor(trx, episode);
      const assessments = await trx.selectFrom('caseAssessments').selectAll().where('episodeId', '=', episode.id).orderBy('startedOn').execute();
      const s47s = await trx.selectFrom('s47Enquiries').selectAll().where('episodeId', '=', episode.id).orderBy('startedOn').execute();
      const cinPlans = await trx.selectFrom('cinPlans').selectAll().where('episodeId', '=', episode.id).orderBy('startOn').execute();
      const earlyHelp = await trx.selectFrom('earlyHelpEpisodes').selectAll().where('episodeId', '=', episode.id).orderBy('startOn').execute();
      await this.ctx.audit.record(trx, actor, { action: 'case.read-summary', recordType: 'case-episode', recordId: episode.id, purpose: 'safeguarding', fields: ['child', 'referral'], details: { personId: episode.personId } });
      return { episode, child, rulebook: book, assessments, s47s, cinPlans, earlyHelp };
    });
  }

  /** The child's name and date of birth as the authority holds them: from the referral, else the authority's own record. */
  private async childOf(executor: Executor, episode: OpenEpisode): Promise<{ forenames: string; surname: string; dateOfBirth: string | null; isUnborn: boolean } | null> {
    if (episode.contactId) {
      const named = await executor.selectFrom('contactPersons').select(['forenames', 'surname', 'dateOfBirth', 'isUnborn']).where('contactId', '=', episode.contactId).where('personId', '=', episode.personId).executeTakeFirst();
      if (named) return named;
    }
    const record = await executor
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .innerJoin('agencies as a', 'a.id', 'r.agencyId')
      .select(['r.forenames', 'r.surname', 'r.dateOfBirth'])
      .where('l.personId', '=', episode.personId)
      .where('l.endedAt', 'is', null)
      .where('a.typeCode', '=', 'childrens-social-care')
      .where('a.localAuthorityCode', '=', episode.laCode)
      .orderBy('r.updatedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    return record ? { ...record, isUnborn: episode.isUnborn } : null;
  }

  /** Open cases the user may see, paged: their own, their teams', or (managers) the authority's. Audited as a list read. */
  async myCases(actor: Actor, filters: MyCasesFilters = {}) {
    const { access, db, audit } = this.ctx;
    await access.require(actor, 'case.read', { recordType: 'case-episode' });
    const user = access.requireUser(actor);
    if (user.scopeKind !== 'local-authority' || !user.scopeCode) await access.deny(user, 'case.list', { recordType: 'case-episode' }, 'no-authority');
    const la = user.scopeCode!;
    const isManager = access.can(user, 'case.manage');
    const view = filters.view ?? (isManager ? 'all' : 'mine');
    const today = this.ctx.today();
    const page = Math.max(1, filters.page ?? 1);
    const teams = user.teamIds.length ? user.teamIds : ['00000000-0000-0000-0000-000000000000'];
    let q = db.selectFrom('caseEpisodes as e').where('e.laCode', '=', la).where('e.status', '=', 'open');
    if (view === 'mine') q = q.where('e.workerUserId', '=', user.userId);
    else if (view === 'team') q = q.where('e.teamId', 'in', teams);
    else if (!isManager) q = q.where((eb) => eb.or([eb('e.workerUserId', '=', user.userId), eb('e.teamId', 'in', teams)]));
    if (filters.overdue) {
      q = q.where((eb) => eb.exists(eb.selectFrom('caseDeadlines as d').select('d.id').whereRef('d.episodeId', '=', 'e.id').where('d.status', '=', 'open').where('d.dueOn', '<', today)));
    }
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .leftJoin('contactPersons as p', (join) => join.onRef('p.contactId', '=', 'e.contactId').onRef('p.personId', '=', 'e.personId'))
      .leftJoin('users as u', 'u.id', 'e.workerUserId')
      .leftJoin('teams as t', 't.id', 'e.teamId')
      .select(['e.id', 'e.personId', 'e.referralOn', 'e.rulebook', 'e.isUnborn', 'e.workerUserId', 'u.displayName as workerName', 't.name as teamName', 'p.forenames', 'p.surname', 'p.dateOfBirth'])
      .select((eb) => [
        eb.selectFrom('caseDeadlines as d').select((d) => d.fn.min('d.dueOn').as('n')).whereRef('d.episodeId', '=', 'e.id').where('d.status', '=', 'open').as('nextDueOn'),
        eb.selectFrom('caseDeadlines as d').select((d) => d.fn.countAll<number>().as('n')).whereRef('d.episodeId', '=', 'e.id').where('d.status', '=', 'open').where('d.dueOn', '<', today).as('overdue'),
      ])
      .orderBy('nextDueOn', (ob) => ob.asc().nullsLast())
      .orderBy('e.referralOn')
      .orderBy('e.id')
      .limit(CASES_PAGE_SIZE)
      .offset((page - 1) * CASES_PAGE_SIZE)
      .execute();
    const items = rows.map((r) => ({ ...r, overdue: Number(r.overdue ?? 0), nextDueOn: r.nextDueOn ?? null }));
    await audit.record(db, user, { action: 'case.list', recordType: 'case-episode', purpose: 'safeguarding', fields: ['child', 'deadlines'], details: { view, episodeIds: items.map((i) => i.id) } });
    return { items, total, page, pages: Math.max(1, Math.ceil(total / CASES_PAGE_SIZE)), view, isManager, today };
  }

  /** The authority's caseworkers and team managers, its teams, and the partner agencies, for the forms. */
  async formOptions(laCode: string) {
    const db = this.ctx.db;
    const workers = await db
      .selectFrom('users as u')
      .innerJoin('roleAssignments as r', 'r.userId', 'u.id')
      .select(['u.id', 'u.displayName', 'r.roleCode'])
      .where('r.roleCode', 'in', ['caseworker', 'team-manager'])
      .where('r.scopeCode', '=', laCode)
      .where('r.revokedAt', 'is', null)
      .where('u.isDisabled', '=', false)
      .orderBy('u.displayName')
      .execute();
    const teams = await db.selectFrom('teams').select(['id', 'name']).where('localAuthorityCode', '=', laCode).orderBy('name').execute();
    const agencies = await db
      .selectFrom('agencies')
      .select(['id', 'name', 'typeCode'])
      .where((eb) => eb.or([eb('localAuthorityCode', '=', laCode), eb('localAuthorityCode', 'is', null)]))
      .where('typeCode', '<>', 'partnership')
      .orderBy('name')
      .execute();
    return { workers: [...new Map(workers.map((w) => [w.id, w])).values()], teams, agencies };
  }

  private async audit(trx: Trx, user: UserActor, action: string, episodeId: string, fields: string[], details: Record<string, AuditDetailValue>): Promise<void> {
    await this.ctx.audit.record(trx, user, { action, recordType: 'case-episode', recordId: episodeId, purpose: 'safeguarding', fields, details });
  }
}
