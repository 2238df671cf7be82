// The pathway core over a real database: opening cases from decided referrals and by hand, every deadline the
// rulebooks set (Working Together 2010 and 2018/2023, with a board's local figure), the CIN census's data-quality
// rules, need-to-know access with audited refusals, and stale versions refused.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { DQ, PATHWAY_DQ } from '../../src/modules/casework/casework.domain.ts';
import type { LocalOverride, RulebookCode } from '../../src/modules/casework/casework.rules.ts';
import type { PathwayService } from '../../src/modules/casework/pathway.service.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { actorFor, actors, agencyId, child, contactFactory, createUser, type ContactRow } from '../front-door/factories.ts';

const START = '2026-10-05T09:00:00Z'; // a Monday, with no bank holiday for the next seven weeks

describe('the pathway core', () => {
  let h: Harness;
  let clock: FixedClock;
  let pathway: PathwayService;
  let caseworker: UserActor;
  let manager: UserActor;
  let otherWorker: UserActor;
  let islington: UserActor;
  let police: string;
  let health: string;

  const db = () => h.container.casework.context.db;
  const day = (d: string) => clock.set(`${d}T09:00:00Z`);
  const episode = (id: string) => db().selectFrom('caseEpisodes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const deadlines = (id: string) => db().selectFrom('caseDeadlines').select(['step', 'subjectId', 'dueOn', 'status', 'doneOn', 'rule']).where('episodeId', '=', id).orderBy('createdAt').execute();
  const deadlineOf = async (id: string, step: string, status = 'open') => (await deadlines(id)).find((d) => d.step === step && d.status === status);
  const version = async (id: string) => (await episode(id)).version;
  const audits = (action: string, recordId: string) => db().selectFrom('auditEvents').select(['outcome', 'details', 'purpose']).where('action', '=', action).where('recordId', '=', recordId).execute();

  async function setRulebook(code: RulebookCode, overrides: LocalOverride[] = []) {
    await db().deleteFrom('caseworkSettings').where('laCode', '=', '202').execute();
    await db().insertInto('caseworkSettings').values({ laCode: '202', rulebook: code, overrides: JSON.stringify(overrides), stuckRules: '[]', updatedAt: new Date() }).execute();
  }

  /** A referral the hub decided (a manager signs off the outcomes the board requires to be). */
  async function referral(outcome: 'section-17-assessment' | 'section-47-strategy-discussion' | 'immediate-protection' = 'section-17-assessment', overrides: Parameters<ReturnType<typeof contactFactory>['screened']>[1] = {}): Promise<ContactRow> {
    const f = contactFactory(h);
    const c = await f.screened(outcome === 'section-17-assessment' ? 'amber' : 'red', overrides);
    const who = actors(h);
    await h.container.frontDoor.decide(await who.practitioner(), c.id, c.version, { outcome, thresholdLevel: outcome === 'section-17-assessment' ? 3 : 4, rationale: 'The information received meets the threshold for this response' });
    const decided = await f.get(c.id);
    if (decided.status === 'awaiting-sign-off') await h.container.frontDoor.signOff(await who.manager(), c.id, decided.version, { approve: 'yes', note: null });
    return f.get(c.id);
  }

  async function openCase(outcome?: Parameters<typeof referral>[0]): Promise<string> {
    const c = await referral(outcome);
    const { episodeIds } = await pathway.openFromContact(caseworker, c.id);
    return episodeIds[0]!;
  }

  const participants = () => [
    { agencyId: police, name: 'DC Rowan Halloway', role: 'Child abuse investigation team' },
    { agencyId: health, name: 'Priya Castellane', role: 'Named nurse for safeguarding' },
  ];

  before(async () => {
    clock = new FixedClock(START);
    h = await createHarness({ clock, personMatcher: new StubMatcher() });
    pathway = h.container.casework.pathway;
    caseworker = await actorFor(h, 'caseworker@camden.example', 'caseworker');
    manager = await actorFor(h, 'team.manager@camden.example', 'team-manager');
    await createUser(h, 'other.worker@camden.example', 'Tamsin Orchard', 'la-202', 'caseworker', '202');
    otherWorker = await actorFor(h, 'other.worker@camden.example', 'caseworker');
    await createUser(h, 'team.manager@islington.example', 'Odile Brackenridge', 'la-206', 'team-manager', '206');
    islington = await actorFor(h, 'team.manager@islington.example', 'team-manager');
    police = await agencyId(h, 'met-police');
    health = (await db().selectFrom('agencies').select('id').where('typeCode', '=', 'health').orderBy('name').executeTakeFirstOrThrow()).id;
  });
  after(() => h.close());
  beforeEach(async () => {
    clock.set(START);
    await setRulebook('wt2010');
  });

  describe('opening a case from a decided referral', () => {
    it('opens one episode per child, with the referral decision met and the initial assessment due 10 working days from the referral', async () => {
      const c = await referral('section-17-assessment', { children: [child(), child()] });
      const opened = await pathway.openFromContact(caseworker, c.id);
      assert.equal(opened.episodeIds.length, 2);
      assert.equal(opened.created, 2);
      const ep = await episode(opened.episodeIds[0]!);
      assert.equal(ep.referralOn, '2026-10-05');
      assert.equal(ep.referralSource, '2A');
      assert.equal(ep.rulebook, 'wt2010');
      assert.equal(ep.workerUserId, caseworker.userId);
      assert.ok(ep.teamId && caseworker.teamIds.includes(ep.teamId));
      const decision = await deadlineOf(ep.id, 'referral-decision', 'met');
      assert.equal(decision?.dueOn, '2026-10-06');
      assert.equal(decision?.doneOn, '2026-10-05');
      const initial = await deadlineOf(ep.id, 'initial-assessment');
      assert.equal(initial?.dueOn, '2026-10-19');
      assert.equal(initial?.rule.source.includes('Working Together to Safeguard Children 2010'), true);
      assert.equal(await deadlineOf(ep.id, 'strategy-discussion'), undefined, 'no national figure and no local one');
      const events = await db().selectFrom('caseEvents').select(['kind', 'isSignificant']).where('episodeId', '=', ep.id).execute();
      assert.deepEqual(events, [{ kind: 'referral', isSignificant: true }]);
      assert.equal((await audits('case.open', ep.id)).length, 1);

      const again = await pathway.openFromContact(caseworker, c.id);
      assert.deepEqual(again.episodeIds, opened.episodeIds);
      assert.equal(again.created, 0);
    });

    it('refuses a contact that is not a decided referral', async () => {
      const c = await contactFactory(h).screened('amber');
      await assert.rejects(pathway.openFromContact(caseworker, c.id), (e: unknown) => e instanceof ValidationError && e.fields.contact === PATHWAY_DQ.notADecidedReferral);
    });

    it('hides another authority’s contact (404) and audits the refusal', async () => {
      const c = await referral();
      await assert.rejects(pathway.openFromContact(islington, c.id), NotFoundError);
      const denied = await audits('case.open', c.id);
      assert.equal(denied[0]?.outcome, 'denied');
    });

    it('allocates the case to the child’s allocated worker when a manager opens it', async () => {
      const c = await referral();
      await h.container.frontDoor.allocate(await actors(h).manager(), c.id, c.version, otherWorker.userId);
      const { episodeIds } = await pathway.openFromContact(manager, c.id);
      assert.equal((await episode(episodeIds[0]!)).workerUserId, otherWorker.userId);
    });

    it('adds a new referral about a child with an open case to that case instead of opening another', async () => {
      const first = await referral();
      const nhsNumber = (await db().selectFrom('contactPersons').select('nhsNumber').where('contactId', '=', first.id).executeTakeFirstOrThrow()).nhsNumber!;
      const { episodeIds: [open] } = await pathway.openFromContact(caseworker, first.id);
      const second = await referral('section-17-assessment', { children: [child({ nhsNumber })] });
      const result = await pathway.openFromContact(caseworker, second.id);
      assert.deepEqual(result.episodeIds, [open]);
      assert.equal(result.created, 0);
      await pathway.openFromContact(caseworker, second.id);
      const further = await db().selectFrom('caseEvents').select('kind').where('episodeId', '=', open!).where('kind', '=', 'further-referral').execute();
      assert.equal(further.length, 1, 'recorded once');
    });

    it('under Working Together 2018/2023 sets a single assessment 45 working days from the referral, and a strategy discussion only with a local figure', async () => {
      await setRulebook('wt2023');
      const plain = await openCase('section-47-strategy-discussion');
      assert.equal((await deadlineOf(plain, 'single-assessment'))?.dueOn, '2026-12-07');
      assert.equal(await deadlineOf(plain, 'initial-assessment'), undefined);
      assert.equal(await deadlineOf(plain, 'strategy-discussion'), undefined);

      await setRulebook('wt2023', [{ step: 'strategy-discussion', amount: 1, unit: 'working-days', source: 'Camden LSCB procedures 2023, 5.1' }]);
      const local = await openCase('section-47-strategy-discussion');
      const sd = await deadlineOf(local, 'strategy-discussion');
      assert.equal(sd?.dueOn, '2026-10-06');
      assert.equal(sd?.rule.isLocal, true);
      assert.equal(sd?.rule.source, 'Camden LSCB procedures 2023, 5.1');
    });
  });

  describe('opening a case by hand', () => {
    it('needs a person Safehub knows, in the user’s own authority, without another open case', async () => {
      const person = await db().insertInto('persons').values({ restrictedTeamId: null, mergedIntoId: null, createdBy: null }).returning('id').executeTakeFirstOrThrow();
      const input = { personId: person.id, laCode: '202', referralOn: '2026-10-01', referralSource: '3A' as const, primaryNeed: 'N1' as const, isUnborn: false, expectedBirthOn: null };
      await assert.rejects(pathway.openEpisode(caseworker, { ...input, personId: '7d0f3c8e-5f0a-4e52-9a57-4a4d0c1f9b11' }), (e: unknown) => e instanceof ValidationError && 'personId' in e.fields);
      await assert.rejects(pathway.openEpisode(caseworker, { ...input, laCode: '206' }), (e: unknown) => e instanceof ValidationError && e.fields.laCode === PATHWAY_DQ.ownAuthorityOnly);
      await assert.rejects(pathway.openEpisode(caseworker, { ...input, referralOn: '2026-10-06' }), (e: unknown) => e instanceof ValidationError && e.fields.referralOn === DQ.inFuture);
      const { episodeId } = await pathway.openEpisode(caseworker, input);
      const ep = await episode(episodeId);
      assert.equal(ep.primaryNeed, 'N1');
      assert.equal(ep.contactId, null);
      assert.equal((await deadlineOf(episodeId, 'initial-assessment'))?.dueOn, '2026-10-15');
      assert.equal(await deadlineOf(episodeId, 'referral-decision'), undefined, 'decided outside Safehub');
      await assert.rejects(pathway.openEpisode(caseworker, input), (e: unknown) => e instanceof ValidationError && e.fields.personId === PATHWAY_DQ.openEpisodeExists);
    });
  });

  describe('assessments', () => {
    it('under WT2010 records an initial assessment late (missed), then a core assessment with 35 working days from its start (met)', async () => {
      const id = await openCase();
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'single', startedOn: '2026-10-05' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === PATHWAY_DQ.assessmentKindWt2010);
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'core', startedOn: '2026-10-05' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === PATHWAY_DQ.coreNeedsReason);
      const { assessmentId } = await pathway.startAssessment(caseworker, id, await version(id), { kind: 'initial', startedOn: '2026-10-05' });
      day('2026-10-21');
      await assert.rejects(pathway.completeAssessment(caseworker, id, await version(id), assessmentId, { completedOn: '2026-10-22', outcome: 'child-in-need', factors: ['16A'], summary: null }), (e: unknown) => e instanceof ValidationError && e.fields.completedOn === DQ.inFuture);
      await pathway.completeAssessment(caseworker, id, await version(id), assessmentId, { completedOn: '2026-10-21', outcome: 'child-in-need', factors: ['16A', '3B'], summary: 'Neglect of basic care; domestic abuse between the parents.' });
      const initial = await deadlineOf(id, 'initial-assessment', 'missed');
      assert.equal(initial?.doneOn, '2026-10-21');
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'initial', startedOn: '2026-10-21' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === PATHWAY_DQ.initialAlreadyRecorded);

      const core = await pathway.startAssessment(caseworker, id, await version(id), { kind: 'core', startedOn: '2026-10-21' });
      assert.equal((await deadlineOf(id, 'core-assessment'))?.dueOn, '2026-12-09');
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'core', startedOn: '2026-10-21' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === PATHWAY_DQ.assessmentOpen);
      day('2026-11-20');
      await assert.rejects(pathway.completeAssessment(caseworker, id, await version(id), core.assessmentId, { completedOn: '2026-10-20', outcome: 'child-in-need', factors: ['21'], summary: null }), (e: unknown) => e instanceof ValidationError && e.fields.completedOn === PATHWAY_DQ.beforeStart);
      await pathway.completeAssessment(caseworker, id, await version(id), core.assessmentId, { completedOn: '2026-11-20', outcome: 'child-in-need', factors: ['21'], summary: null });
      assert.equal((await deadlineOf(id, 'core-assessment', 'met'))?.doneOn, '2026-11-20');
    });

    it('under WT2018/2023 has a single assessment only, met within 45 working days', async () => {
      await setRulebook('wt2023');
      const id = await openCase();
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'initial', startedOn: '2026-10-05' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === PATHWAY_DQ.assessmentKindWt2023);
      const { assessmentId } = await pathway.startAssessment(caseworker, id, await version(id), { kind: 'single', startedOn: '2026-10-05' });
      day('2026-11-30');
      await pathway.completeAssessment(caseworker, id, await version(id), assessmentId, { completedOn: '2026-11-30', outcome: 'not-in-need', factors: ['21'], summary: null });
      assert.equal((await deadlineOf(id, 'single-assessment', 'met'))?.dueOn, '2026-12-07');
    });

    it('refuses dates before the referral', async () => {
      const id = await openCase();
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'initial', startedOn: '2026-10-02' }), (e: unknown) => e instanceof ValidationError && e.fields.startedOn === DQ.beforeReferral);
    });
  });

  describe('strategy discussions and section 47 enquiries', () => {
    it('under WT2010 starts the enquiry as a core assessment, and counts the ICPC from the last strategy discussion', async () => {
      const id = await openCase('section-47-strategy-discussion');
      day('2026-10-07');
      const first = await pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-07', participants: participants(), initiatedS47: true, decisions: 'Joint visit by police and social care today.' });
      assert.ok(first.s47Id);
      const core = await db().selectFrom('caseAssessments').select(['kind', 'startedOn']).where('episodeId', '=', id).execute();
      assert.deepEqual(core, [{ kind: 'core', startedOn: '2026-10-07' }]);
      assert.equal((await deadlineOf(id, 'core-assessment'))?.dueOn, '2026-11-25');
      const initialDeadline = await db().selectFrom('caseDeadlines').select('status').where('episodeId', '=', id).where('step', '=', 'initial-assessment').executeTakeFirstOrThrow();
      assert.equal(initialDeadline.status, 'cancelled', 'an initial assessment never started is no longer due once the enquiry runs as a core assessment');
      const sd = await db().selectFrom('strategyDiscussions').select('participants').where('id', '=', first.strategyDiscussionId).executeTakeFirstOrThrow();
      assert.equal(sd.participants[0]?.agencyName.length ? true : false, true);

      day('2026-10-08');
      await pathway.completeS47(caseworker, id, await version(id), first.s47Id, { completedOn: '2026-10-08', outcome: 'cp-conference' });
      assert.equal((await deadlineOf(id, 'icpc'))?.dueOn, '2026-10-28');

      day('2026-10-09');
      await pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-09', participants: participants(), initiatedS47: false, decisions: null });
      const icpc = await deadlineOf(id, 'icpc');
      assert.equal(icpc?.dueOn, '2026-10-30', 'WT2010: 15 working days from the last strategy discussion');
      assert.equal(icpc?.subjectId, first.s47Id);
    });

    it('under WT2018/2023 counts the ICPC from the strategy discussion that initiated the enquiry', async () => {
      await setRulebook('wt2023');
      const id = await openCase('section-47-strategy-discussion');
      day('2026-10-07');
      const first = await pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-07', participants: participants(), initiatedS47: true, decisions: null });
      assert.equal((await db().selectFrom('caseAssessments').select('id').where('episodeId', '=', id).execute()).length, 0, 'no core assessment under WT2023');
      day('2026-10-09');
      await pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-09', participants: participants(), initiatedS47: false, decisions: null });
      await pathway.completeS47(caseworker, id, await version(id), first.s47Id!, { completedOn: '2026-10-09', outcome: 'cp-conference' });
      assert.equal((await deadlineOf(id, 'icpc'))?.dueOn, '2026-10-28');
      day('2026-10-12');
      await pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-12', participants: participants(), initiatedS47: false, decisions: null });
      assert.equal((await deadlineOf(id, 'icpc'))?.dueOn, '2026-10-28', 'a later discussion does not move it');
    });

    it('completes the strategy discussion deadline a board set locally, and opens no ICPC deadline for other outcomes', async () => {
      await setRulebook('wt2010', [{ step: 'strategy-discussion', amount: 1, unit: 'working-days', source: 'Camden LSCB procedures 2010, 5.1' }]);
      const id = await openCase('immediate-protection');
      day('2026-10-08');
      const sd = await pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-08', participants: participants(), initiatedS47: true, decisions: null });
      assert.equal((await deadlineOf(id, 'strategy-discussion', 'missed'))?.dueOn, '2026-10-06');
      await assert.rejects(pathway.completeS47(caseworker, id, await version(id), sd.s47Id!, { completedOn: '2026-10-08', outcome: 'monitor', icpcRequired: true }), (e: unknown) => e instanceof ValidationError && e.fields.outcome === PATHWAY_DQ.s47OutcomeMismatch);
      await pathway.completeS47(caseworker, id, await version(id), sd.s47Id!, { completedOn: '2026-10-08', outcome: 'provision-of-services' });
      assert.equal(await deadlineOf(id, 'icpc'), undefined);
    });

    it('refuses a participant agency Safehub does not know', async () => {
      const id = await openCase();
      await assert.rejects(
        pathway.recordStrategyDiscussion(caseworker, id, await version(id), { heldOn: '2026-10-05', participants: [{ agencyId: '5b8e2f5a-0c1d-4d43-9a0e-3b2f1c4d5e6f', name: 'Ada Pennock', role: 'Officer' }], initiatedS47: false, decisions: null }),
        (e: unknown) => e instanceof ValidationError && 'participant-1-agencyId' in e.fields,
      );
    });
  });

  describe('plans, early help, no further action and closure', () => {
    it('refuses a child in need plan while the child has an open child protection plan', async () => {
      const id = await openCase();
      const ep = await episode(id);
      const cp = await db()
        .insertInto('cpPlans')
        .values({ id: '0b6f5a8e-1d2c-4e3f-8a9b-1c2d3e4f5a6b', episodeId: id, personId: ep.personId, icpcId: '0b6f5a8e-1d2c-4e3f-8a9b-1c2d3e4f5a6c', startOn: '2026-10-05', initialCategory: 'NEG', latestCategory: 'NEG', previousPlans: 0, endOn: null, endReason: null, createdBy: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await assert.rejects(pathway.startCinPlan(caseworker, id, await version(id), { startOn: '2026-10-05' }), (e: unknown) => e instanceof ValidationError && e.fields.startOn === DQ.cinPlanDuringCpPlan);
      await db().updateTable('cpPlans').set({ endOn: '2026-10-05', endReason: 'no-longer-at-risk' }).where('id', '=', cp.id).execute();
      const { cinPlanId } = await pathway.startCinPlan(caseworker, id, await version(id), { startOn: '2026-10-05' });
      await assert.rejects(pathway.startCinPlan(caseworker, id, await version(id), { startOn: '2026-10-05' }), (e: unknown) => e instanceof ValidationError && e.fields.startOn === PATHWAY_DQ.cinPlanOpen);
      await assert.rejects(pathway.closeEpisode(caseworker, id, await version(id), { closedOn: '2026-10-05', reason: 'RC7' }), (e: unknown) => e instanceof ValidationError && e.fields.closedOn === DQ.closeWithOpenWork);
      await pathway.endCinPlan(caseworker, id, await version(id), cinPlanId, { endOn: '2026-10-05' });
      await pathway.closeEpisode(caseworker, id, await version(id), { closedOn: '2026-10-05', reason: 'RC7' });
      const closed = await episode(id);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closureReason, 'RC7');
      assert.equal((await deadlines(id)).filter((d) => d.status === 'open').length, 0, 'open deadlines are cancelled');
      assert.equal((await deadlineOf(id, 'initial-assessment', 'cancelled'))?.dueOn, '2026-10-19');
      await assert.rejects(pathway.startAssessment(caseworker, id, await version(id), { kind: 'initial', startedOn: '2026-10-05' }), (e: unknown) => e instanceof ValidationError && e.fields.kind === DQ.closedEpisode);
    });

    it('closes a referral with no further action (RC8), after which nothing can be recorded', async () => {
      const id = await openCase();
      await pathway.recordNfa(caseworker, id, await version(id), { reason: 'needs-met-by-universal-services' });
      const ep = await episode(id);
      assert.equal(ep.isNfa, true);
      assert.equal(ep.closureReason, 'RC8');
      assert.equal(ep.closedOn, '2026-10-05');
      for (const attempt of [
        () => pathway.startAssessment(caseworker, id, ep.version, { kind: 'initial', startedOn: '2026-10-05' }),
        () => pathway.recordStrategyDiscussion(caseworker, id, ep.version, { heldOn: '2026-10-05', participants: participants(), initiatedS47: true, decisions: null }),
        () => pathway.startCinPlan(caseworker, id, ep.version, { startOn: '2026-10-05' }),
        () => pathway.startEarlyHelp(caseworker, { episodeId: id, version: ep.version }, { startOn: '2026-10-05', cafOn: null, leadProfessional: null, leadAgencyId: null }),
      ]) {
        await assert.rejects(attempt(), (e: unknown) => e instanceof ValidationError && Object.values(e.fields).includes(DQ.nothingAfterNfa));
      }
    });

    it('refuses no further action once work is recorded, and RC8 without an assessment', async () => {
      const id = await openCase();
      await assert.rejects(pathway.closeEpisode(caseworker, id, await version(id), { closedOn: '2026-10-05', reason: 'RC8' }), (e: unknown) => e instanceof ValidationError && e.fields.reason === PATHWAY_DQ.closeNeedsAssessment);
      await pathway.startAssessment(caseworker, id, await version(id), { kind: 'initial', startedOn: '2026-10-05' });
      await assert.rejects(pathway.recordNfa(caseworker, id, await version(id), { reason: 'other' }), (e: unknown) => e instanceof ValidationError && e.fields.reason === PATHWAY_DQ.nfaAfterWork);
      await assert.rejects(pathway.closeEpisode(caseworker, id, await version(id), { closedOn: '2026-10-05', reason: 'RC8' }), (e: unknown) => e instanceof ValidationError && e.fields.closedOn === DQ.closeWithOpenWork);
    });

    it('starts and ends early help from a case and on its own', async () => {
      const id = await openCase();
      const { earlyHelpId } = await pathway.startEarlyHelp(caseworker, { episodeId: id, version: await version(id) }, { startOn: '2026-10-05', cafOn: '2026-10-05', leadProfessional: 'Wren Ashby', leadAgencyId: health });
      await assert.rejects(pathway.startEarlyHelp(caseworker, { episodeId: id, version: await version(id) }, { startOn: '2026-10-05', cafOn: null, leadProfessional: null, leadAgencyId: null }), (e: unknown) => e instanceof ValidationError && e.fields.startOn === PATHWAY_DQ.earlyHelpOpen);
      const row = await db().selectFrom('earlyHelpEpisodes').selectAll().where('id', '=', earlyHelpId).executeTakeFirstOrThrow();
      await assert.rejects(pathway.endEarlyHelp(caseworker, earlyHelpId, row.version + 1, { endOn: '2026-10-05', endReason: 'needs-met' }), ConflictError);
      await assert.rejects(pathway.endEarlyHelp(otherWorker, earlyHelpId, row.version, { endOn: '2026-10-05', endReason: 'needs-met' }), NotFoundError);
      await pathway.endEarlyHelp(caseworker, earlyHelpId, row.version, { endOn: '2026-10-05', endReason: 'needs-met' });
      assert.equal((await db().selectFrom('earlyHelpEpisodes').select('endReason').where('id', '=', earlyHelpId).executeTakeFirstOrThrow()).endReason, 'needs-met');

      const person = await db().insertInto('persons').values({ restrictedTeamId: null, mergedIntoId: null, createdBy: null }).returning('id').executeTakeFirstOrThrow();
      const alone = await pathway.startEarlyHelp(caseworker, { personId: person.id }, { startOn: '2026-10-01', cafOn: null, leadProfessional: null, leadAgencyId: null });
      const standalone = await db().selectFrom('earlyHelpEpisodes').select(['laCode', 'episodeId']).where('id', '=', alone.earlyHelpId).executeTakeFirstOrThrow();
      assert.deepEqual(standalone, { laCode: '202', episodeId: null });
    });
  });

  describe('allocation, access and concurrent edits', () => {
    it('lets a team manager allocate to a caseworker of the authority, and moves the child’s allocation with it', async () => {
      const id = await openCase();
      await assert.rejects(pathway.allocate(caseworker, id, await version(id), { workerUserId: otherWorker.userId, teamId: null }), ForbiddenError);
      const hubPractitioner = await actors(h).practitioner();
      await assert.rejects(pathway.allocate(manager, id, await version(id), { workerUserId: hubPractitioner.userId, teamId: null }), (e: unknown) => e instanceof ValidationError && 'workerUserId' in e.fields);
      await assert.rejects(pathway.allocate(manager, id, await version(id), { workerUserId: islington.userId, teamId: null }), (e: unknown) => e instanceof ValidationError && 'workerUserId' in e.fields);
      await pathway.allocate(manager, id, await version(id), { workerUserId: otherWorker.userId, teamId: null });
      const ep = await episode(id);
      assert.equal(ep.workerUserId, otherWorker.userId);
      assert.equal(ep.teamId, null);
      const allocation = await db().selectFrom('childAllocations').select('workerUserId').where('personId', '=', ep.personId).where('endedAt', 'is', null).executeTakeFirstOrThrow();
      assert.equal(allocation.workerUserId, otherWorker.userId);
      // The first caseworker is no longer allocated and the case has no team: it is hidden from them now.
      await assert.rejects(pathway.caseView(caseworker, id), NotFoundError);
      assert.equal((await pathway.caseView(otherWorker, id)).worker?.id, otherWorker.userId);
    });

    it('shows the case only to its worker, its team and the authority’s managers; everyone else gets 404 or 403, audited', async () => {
      const id = await openCase();
      const view = await pathway.caseView(caseworker, id);
      assert.equal(view.child?.surname.length ? true : false, true);
      assert.equal(view.deadlines.find((d) => d.step === 'initial-assessment')?.ruleText, '10 working days from the referral (Working Together 2010)');
      const reads = await audits('case.read', id);
      assert.equal(reads.filter((r) => r.outcome === 'success' && r.purpose === 'safeguarding').length, 1);

      await pathway.caseView(manager, id);
      await assert.rejects(pathway.caseView(otherWorker, id), NotFoundError);
      await assert.rejects(pathway.caseView(islington, id), NotFoundError);
      await assert.rejects(pathway.caseView(await actors(h).practitioner(), id), ForbiddenError);
      const denied = (await audits('case.read', id)).filter((r) => r.outcome === 'denied');
      assert.equal(denied.length, 3, 'two without a relationship (404), one without the permission (403)');
      await assert.rejects(pathway.startAssessment(otherWorker, id, await version(id), { kind: 'initial', startedOn: '2026-10-05' }), NotFoundError);
    });

    it('refuses a change made on a stale version', async () => {
      const id = await openCase();
      const seen = await version(id);
      await pathway.setPrimaryNeed(caseworker, id, seen, { primaryNeed: 'N1' });
      await assert.rejects(pathway.setPrimaryNeed(manager, id, seen, { primaryNeed: 'N4' }), ConflictError);
      assert.equal((await episode(id)).primaryNeed, 'N1');
    });

    it('lists the cases a user may see, with the overdue filter, audited', async () => {
      const id = await openCase();
      day('2026-10-20');
      const mine = await pathway.myCases(caseworker, { view: 'mine' });
      const row = mine.items.find((i) => i.id === id);
      assert.ok(row);
      assert.equal(row.nextDueOn, '2026-10-19');
      assert.equal(row.overdue, 1);
      assert.ok((await pathway.myCases(caseworker, { view: 'all', overdue: true })).items.some((i) => i.id === id));
      assert.ok((await pathway.myCases(manager, {})).items.some((i) => i.id === id));
      assert.equal((await pathway.myCases(otherWorker, { view: 'all' })).items.some((i) => i.id === id), false);
      assert.equal((await pathway.myCases(islington, {})).items.length, 0);
      const listed = await db().selectFrom('auditEvents').select('details').where('action', '=', 'case.list').where('actorUserId', '=', caseworker.userId).execute();
      assert.ok(listed.length >= 2);
    });
  });
});
