// Child protection in casework, through the service over a real database: initial and pre-birth conferences, the
// plans they start (on the conference's date, never alongside a child in need plan), core groups and review
// conferences with their Working Together deadlines, the birth of an unborn child, and who may record them.
// Episodes, strategy discussions and section 47 enquiries are inserted directly. Every person is invented.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { DQ } from '../../src/modules/casework/casework.domain.ts';
import { effectiveRulebook, icpcDeadline } from '../../src/modules/casework/casework.rules.ts';
import type { Db } from '../../src/modules/casework/casework.support.ts';
import type { ProtectionService } from '../../src/modules/casework/protection.service.ts';
import { createHarness, type Harness } from '../support/app.ts';

const CASEWORKER = 'caseworker@camden.example';
const MANAGER = 'team.manager@camden.example';

const people = [
  { agencyId: null, agencyName: "Camden children's social care", name: 'Imogen Thackeray', role: 'Conference chair', invited: true, attended: true, reportSubmitted: false },
  { agencyId: null, agencyName: 'Family member or carer', name: 'Lorna Pettigrew', role: 'Mother', invited: true, attended: false, reportSubmitted: false },
];

describe('child protection: conferences, plans, core groups and reviews', () => {
  let h: Harness;
  let db: Db;
  let service: ProtectionService;
  let worker: UserActor;
  let manager: UserActor;
  let teamId: string;

  interface Made {
    id: string;
    personId: string;
    s47Id: string;
    icpcDueOn: string;
  }

  /** An open episode at the point its section 47 enquiry decided on a conference (WT2010 unless told). */
  async function episode(opts: { personId?: string; isUnborn?: boolean; team?: string | null; laCode?: string; referralOn?: string; discussionOn?: string; s47Outcome?: string } = {}): Promise<Made> {
    const id = randomUUID();
    const personId = opts.personId ?? randomUUID();
    const referralOn = opts.referralOn ?? '2026-09-01';
    const discussionOn = opts.discussionOn ?? '2026-09-02';
    await db
      .insertInto('caseEpisodes')
      .values({
        id,
        personId,
        laCode: opts.laCode ?? '202',
        contactId: null,
        externalReference: null,
        rulebook: 'wt2010',
        referralOn,
        referralSource: '2A',
        primaryNeed: 'N1',
        isNfa: false,
        isUnborn: opts.isUnborn ?? false,
        expectedBirthOn: opts.isUnborn ? '2026-10-30' : null,
        workerUserId: null,
        teamId: opts.team === undefined ? teamId : opts.team,
        status: 'open',
        closedOn: null,
        closureReason: null,
        createdBy: null,
      })
      .execute();
    const discussionId = randomUUID();
    await db.insertInto('strategyDiscussions').values({ id: discussionId, episodeId: id, heldOn: discussionOn, participants: '[]', initiatedS47: true, decisions: null, createdBy: null }).execute();
    const s47Id = randomUUID();
    await db
      .insertInto('s47Enquiries')
      .values({ id: s47Id, episodeId: id, strategyDiscussionId: discussionId, startedOn: discussionOn, completedOn: discussionOn, outcome: opts.s47Outcome ?? 'cp-conference', icpcRequired: true, createdBy: null })
      .execute();
    const due = icpcDeadline(effectiveRulebook('wt2010'), [{ id: discussionId, heldOn: discussionOn, initiatedSection47: true }])!;
    await db.insertInto('caseDeadlines').values({ episodeId: id, laCode: opts.laCode ?? '202', step: 'icpc', subjectId: s47Id, dueOn: due.dueOn, rule: JSON.stringify(due.rule), status: 'open', doneOn: null, alertedAt: null }).execute();
    return { id, personId, s47Id, icpcDueOn: due.dueOn };
  }

  const version = async (id: string) => (await db.selectFrom('caseEpisodes').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const deadlines = (episodeId: string) => db.selectFrom('caseDeadlines').selectAll().where('episodeId', '=', episodeId).orderBy('createdAt').execute();
  const deadline = async (episodeId: string, step: string) => (await deadlines(episodeId)).filter((d) => d.step === step);

  const icpc = async (e: Made, heldOn: string, extra: Record<string, unknown> = {}, actor: UserActor = worker) =>
    service.recordIcpc(actor, e.id, await version(e.id), { s47Id: e.s47Id, heldOn, attendance: people, outcome: 'cp-plan', category: 'NEG', decisions: 'Plan agreed with the family present.', ...extra } as never);

  before(async () => {
    h = await createHarness();
    db = h.container.casework.context.db;
    service = h.container.casework.protection;
    worker = await h.actorOf(await h.signIn(CASEWORKER));
    manager = await h.actorOf(await h.signIn(MANAGER));
    teamId = (await db.selectFrom('teams').select('id').where('code', '=', 'assessment-intervention').where('localAuthorityCode', '=', '202').executeTakeFirstOrThrow()).id;
  });
  after(() => h.close());

  it('meets the ICPC deadline when the conference is within 15 working days, and starts the plan on the conference date', async () => {
    const e = await episode();
    assert.equal(e.icpcDueOn, '2026-09-23');
    const { conferenceId, planId } = await icpc(e, '2026-09-22');
    assert.ok(planId);

    const [due] = await deadline(e.id, 'icpc');
    assert.equal(due!.status, 'met');
    assert.equal(due!.doneOn, '2026-09-22');

    const plan = await db.selectFrom('cpPlans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
    assert.equal(plan.startOn, '2026-09-22');
    assert.equal(plan.icpcId, conferenceId);
    assert.equal(plan.initialCategory, 'NEG');
    assert.equal(plan.latestCategory, 'NEG');
    assert.equal(plan.previousPlans, 0);
    assert.equal(plan.personId, e.personId);

    const conference = await db.selectFrom('conferences').selectAll().where('id', '=', conferenceId).executeTakeFirstOrThrow();
    assert.equal(conference.kind, 'initial');
    assert.equal(conference.cpPlanId, planId);
    assert.deepEqual(
      conference.attendance.map((p) => [p.agencyName, p.attended]),
      [
        ["Camden children's social care", true],
        ['Family member or carer', false],
      ],
    );

    const events = await db.selectFrom('caseEvents').select(['kind', 'isSignificant', 'occurredOn']).where('episodeId', '=', e.id).orderBy('recordedAt').execute();
    assert.deepEqual(
      events.map((x) => [x.kind, x.isSignificant, x.occurredOn]),
      [
        ['icpc', true, '2026-09-22'],
        ['cp-plan-started', true, '2026-09-22'],
      ],
    );
  });

  it('sets the first core group at 10 working days and the first review at 3 months from the ICPC, with the rule that set each', async () => {
    const e = await episode();
    const { planId } = await icpc(e, '2026-09-22');
    const [coreGroup] = await deadline(e.id, 'first-core-group');
    const [review] = await deadline(e.id, 'first-review');
    assert.equal(coreGroup!.subjectId, planId);
    assert.equal(coreGroup!.dueOn, '2026-10-06');
    assert.equal(coreGroup!.status, 'open');
    assert.equal(coreGroup!.rule.amount, 10);
    assert.equal(coreGroup!.rule.unit, 'working-days');
    assert.equal(coreGroup!.rule.rulebook, 'wt2010');
    assert.match(coreGroup!.rule.source, /Sussex Child Protection Procedures/);
    assert.equal(review!.subjectId, planId);
    assert.equal(review!.dueOn, '2026-12-22');
    assert.equal(review!.rule.unit, 'calendar-months');

    // The case page shows each deadline with its rule in words.
    const ep = await db.selectFrom('caseEpisodes').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
    const section = await service.section(db, ep);
    const plan = section.plans[0]!;
    assert.deepEqual(
      plan.openDeadlines.map((d) => [d.step, d.dueOn, d.rule]),
      [
        ['first-core-group', '2026-10-06', '10 working days from the initial child protection conference (Working Together 2010)'],
        ['first-review', '2026-12-22', '3 months from the initial child protection conference (Working Together 2010)'],
      ],
    );
    assert.equal(plan.initialCategoryLabel, 'Neglect');
    assert.ok(plan.actions?.coreGroup.endsWith(`/plans/${planId}/core-groups/new`));
    assert.equal(section.awaitingConference.length, 0);
  });

  it('records a missed ICPC deadline when the conference is late', async () => {
    const e = await episode();
    await icpc(e, '2026-09-25', { outcome: 'no-further-action', category: null });
    const [due] = await deadline(e.id, 'icpc');
    assert.equal(due!.status, 'missed');
    assert.equal(due!.doneOn, '2026-09-25');
    assert.equal((await db.selectFrom('cpPlans').select('id').where('episodeId', '=', e.id).execute()).length, 0, 'no plan without the outcome');
    assert.equal((await deadline(e.id, 'first-core-group')).length, 0);
  });

  it('needs a category for a plan, a section 47 enquiry that decided on a conference, and one conference per enquiry', async () => {
    const e = await episode();
    await assert.rejects(icpc(e, '2026-09-22', { category: null }), (err: unknown) => err instanceof ValidationError && /category of abuse/.test(err.fields.category ?? ''));

    const other = await episode({ s47Outcome: 'no-further-action' });
    await assert.rejects(icpc(other, '2026-09-22'), (err: unknown) => err instanceof ValidationError && /did not decide on a child protection conference/.test(err.fields.s47Id ?? ''));

    const foreign = await episode();
    await assert.rejects(icpc({ ...e, s47Id: foreign.s47Id }, '2026-09-22'), (err: unknown) => err instanceof ValidationError && /on this case/.test(err.fields.s47Id ?? ''));

    await assert.rejects(icpc(e, '2026-11-20'), (err: unknown) => err instanceof ValidationError && err.fields.heldOn === DQ.inFuture);
    await assert.rejects(icpc(e, '2026-08-20'), (err: unknown) => err instanceof ValidationError && err.fields.heldOn === DQ.beforeReferral);

    await icpc(e, '2026-09-22');
    await assert.rejects(icpc(e, '2026-09-23'), (err: unknown) => err instanceof ValidationError && /already been recorded/.test(err.fields.s47Id ?? ''));
  });

  it('refuses a plan while the child has an open child in need plan, and allows it once that plan ended', async () => {
    const e = await episode();
    const cinId = randomUUID();
    await db.insertInto('cinPlans').values({ id: cinId, episodeId: e.id, personId: e.personId, startOn: '2026-09-05', endOn: null, createdBy: null }).execute();
    await assert.rejects(icpc(e, '2026-09-22'), (err: unknown) => err instanceof ValidationError && err.fields.outcome === DQ.cpPlanDuringCinPlan);
    assert.equal((await deadline(e.id, 'icpc'))[0]!.status, 'open', 'nothing was recorded');

    await db.updateTable('cinPlans').set({ endOn: '2026-09-22' }).where('id', '=', cinId).execute();
    const { planId } = await icpc(e, '2026-09-22');
    assert.ok(planId);
  });

  it('refuses a second open plan for the same child', async () => {
    const personId = randomUUID();
    const first = await episode({ personId });
    await icpc(first, '2026-09-22');
    const second = await episode({ personId });
    await assert.rejects(icpc(second, '2026-09-23'), (err: unknown) => err instanceof ValidationError && /already has an open child protection plan/.test(err.fields.outcome ?? ''));
  });

  it("counts the child's earlier plans, in any authority", async () => {
    const personId = randomUUID();
    const elsewhere = await episode({ personId, laCode: '203', team: null });
    for (const [startOn, endOn] of [
      ['2019-03-01', '2020-01-10'],
      ['2021-06-01', '2022-02-01'],
    ]) {
      await db
        .insertInto('cpPlans')
        .values({ id: randomUUID(), episodeId: elsewhere.id, personId, icpcId: randomUUID(), startOn: startOn!, initialCategory: 'EMO', latestCategory: 'EMO', previousPlans: 0, endOn: endOn!, endReason: 'no-longer-at-risk', createdBy: null })
        .execute();
    }
    const e = await episode({ personId });
    const { planId } = await icpc(e, '2026-09-22');
    const plan = await db.selectFrom('cpPlans').select('previousPlans').where('id', '=', planId).executeTakeFirstOrThrow();
    assert.equal(plan.previousPlans, 2);
  });

  it('meets the first core group deadline with the first core group only, on or after the plan started', async () => {
    const e = await episode();
    const { planId } = await icpc(e, '2026-09-22');
    await assert.rejects(
      service.recordCoreGroup(worker, e.id, await version(e.id), planId!, { heldOn: '2026-09-21', attendance: people, notes: null }),
      (err: unknown) => err instanceof ValidationError && /before the child protection plan started/.test(err.fields.heldOn ?? ''),
    );
    await service.recordCoreGroup(worker, e.id, await version(e.id), planId!, { heldOn: '2026-10-05', attendance: people, notes: 'Actions reviewed.' });
    const [first] = await deadline(e.id, 'first-core-group');
    assert.equal(first!.status, 'met');
    assert.equal(first!.doneOn, '2026-10-05');
    await service.recordCoreGroup(worker, e.id, await version(e.id), planId!, { heldOn: '2026-10-20', attendance: people, notes: null });
    assert.equal((await deadline(e.id, 'first-core-group'))[0]!.doneOn, '2026-10-05', 'the second core group leaves it as it was');
    assert.equal((await db.selectFrom('coreGroups').select('id').where('cpPlanId', '=', planId!).execute()).length, 2);
  });

  it('opens the next review 6 months on when a review conference continues the plan, and updates the category', async () => {
    const e = await episode();
    const { planId } = await icpc(e, '2026-09-22');
    const { nextReviewOn } = await service.recordReview(worker, e.id, await version(e.id), planId!, { heldOn: '2026-10-20', attendance: people, continuePlan: true, latestCategory: 'EMO', decisions: null, endReason: null });
    assert.equal(nextReviewOn, '2027-04-20');
    const [first] = await deadline(e.id, 'first-review');
    assert.equal(first!.status, 'met');
    const [later] = await deadline(e.id, 'later-review');
    assert.equal(later!.status, 'open');
    assert.equal(later!.dueOn, '2027-04-20');
    assert.equal(later!.rule.amount, 6);
    assert.equal(later!.rule.from, 'the previous review conference');
    const plan = await db.selectFrom('cpPlans').selectAll().where('id', '=', planId!).executeTakeFirstOrThrow();
    assert.equal(plan.initialCategory, 'NEG');
    assert.equal(plan.latestCategory, 'EMO');
    assert.equal(plan.endOn, null);
  });

  it('ends the plan at a review conference that does not continue it, and cancels its open deadlines', async () => {
    const e = await episode();
    const { planId } = await icpc(e, '2026-09-22');
    await assert.rejects(
      service.recordReview(worker, e.id, await version(e.id), planId!, { heldOn: '2026-10-20', attendance: people, continuePlan: false, latestCategory: null, decisions: null, endReason: null }),
      (err: unknown) => err instanceof ValidationError && /why the child protection plan ends/.test(err.fields.endReason ?? ''),
    );
    await service.recordReview(worker, e.id, await version(e.id), planId!, { heldOn: '2026-10-20', attendance: people, continuePlan: false, latestCategory: null, decisions: null, endReason: 'no-longer-at-risk' });
    const plan = await db.selectFrom('cpPlans').selectAll().where('id', '=', planId!).executeTakeFirstOrThrow();
    assert.equal(plan.endOn, '2026-10-20');
    assert.equal(plan.endReason, 'no-longer-at-risk');
    const rows = await deadlines(e.id);
    assert.deepEqual(rows.filter((d) => d.step === 'first-review').map((d) => d.status), ['met']);
    assert.deepEqual(rows.filter((d) => d.step === 'first-core-group').map((d) => d.status), ['cancelled']);
    assert.equal(rows.filter((d) => d.step === 'later-review').length, 0);
    await assert.rejects(
      service.recordCoreGroup(worker, e.id, await version(e.id), planId!, { heldOn: '2026-10-21', attendance: people, notes: null }),
      (err: unknown) => err instanceof ValidationError && /has ended/.test(err.fields.heldOn ?? ''),
    );
  });

  it('ends a plan outside a review conference, cancelling the core group and review deadlines; changes its category', async () => {
    const e = await episode();
    const { planId } = await icpc(e, '2026-09-22');
    await service.changeCategory(worker, e.id, await version(e.id), planId!, { category: 'PHY' });
    await assert.rejects(service.changeCategory(worker, e.id, await version(e.id), planId!, { category: 'PHY' }), ValidationError);
    await assert.rejects(
      service.endPlan(worker, e.id, await version(e.id), planId!, { endOn: '2026-09-01', reason: 'moved-away' }),
      (err: unknown) => err instanceof ValidationError && /before it started/.test(err.fields.endOn ?? ''),
    );
    await service.endPlan(worker, e.id, await version(e.id), planId!, { endOn: '2026-10-01', reason: 'moved-away' });
    const plan = await db.selectFrom('cpPlans').selectAll().where('id', '=', planId!).executeTakeFirstOrThrow();
    assert.equal(plan.latestCategory, 'PHY');
    assert.equal(plan.endOn, '2026-10-01');
    const open = (await deadlines(e.id)).filter((d) => d.subjectId === planId && d.status === 'open');
    assert.equal(open.length, 0);
    assert.deepEqual((await deadlines(e.id)).filter((d) => d.subjectId === planId).map((d) => d.status).sort(), ['cancelled', 'cancelled']);
    const ended = await db.selectFrom('caseEvents').selectAll().where('episodeId', '=', e.id).where('kind', '=', 'cp-plan-ended').executeTakeFirstOrThrow();
    assert.equal(ended.isSignificant, true);
    assert.deepEqual(ended.details, { reason: 'moved-away', conferenceId: null });
  });

  it('holds a pre-birth conference for an unborn child, then opens the 10-day deadline at the birth', async () => {
    const e = await episode({ isUnborn: true });
    await assert.rejects(icpc(e, '2026-09-22'), (err: unknown) => err instanceof ValidationError && /pre-birth conference/.test(err.fields.heldOn ?? ''));
    const { planId } = await service.recordPreBirthConference(worker, e.id, await version(e.id), { s47Id: e.s47Id, heldOn: '2026-09-22', attendance: people, outcome: 'cp-plan', category: 'NEG', decisions: null });
    assert.equal((await deadline(e.id, 'icpc'))[0]!.status, 'met');
    const conference = await db.selectFrom('conferences').select('kind').where('cpPlanId', '=', planId).executeTakeFirstOrThrow();
    assert.equal(conference.kind, 'pre-birth');

    const { deadlines: opened } = await service.recordBirth(worker, e.id, await version(e.id), { bornOn: '2026-10-25', motherMedicallyFit: true });
    assert.deepEqual(opened, [{ planId, step: 'post-birth-review', dueOn: '2026-11-04' }]);
    const ep = await db.selectFrom('caseEpisodes').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
    assert.equal(ep.isUnborn, false);
    const [row] = await deadline(e.id, 'post-birth-review');
    assert.equal(row!.rule.unit, 'calendar-days');
    assert.match(row!.rule.source, /London Child Protection Procedures/);
    await assert.rejects(service.recordBirth(worker, e.id, await version(e.id), { bornOn: '2026-10-25', motherMedicallyFit: true }), (err: unknown) => err instanceof ValidationError && /already recorded/.test(err.fields.bornOn ?? ''));

    // The first core group after the birth meets the post-birth deadline (and is late for the first core group).
    await service.recordCoreGroup(worker, e.id, await version(e.id), planId!, { heldOn: '2026-11-01', attendance: people, notes: null });
    assert.equal((await deadline(e.id, 'post-birth-review'))[0]!.status, 'met');
    assert.equal((await deadline(e.id, 'first-core-group'))[0]!.status, 'missed');
  });

  it('gives 20 days after the birth when the mother is not medically fit, met by a review conference', async () => {
    const e = await episode({ isUnborn: true });
    const { planId } = await service.recordPreBirthConference(worker, e.id, await version(e.id), { s47Id: e.s47Id, heldOn: '2026-09-22', attendance: people, outcome: 'cp-plan', category: 'PHY', decisions: null });
    await service.recordBirth(worker, e.id, await version(e.id), { bornOn: '2026-10-25', motherMedicallyFit: false });
    const [row] = await deadline(e.id, 'post-birth-review-mother-unwell');
    assert.equal(row!.dueOn, '2026-11-14');
    assert.equal(row!.subjectId, planId);
    assert.equal((await deadline(e.id, 'post-birth-review')).length, 0);
    await service.recordReview(worker, e.id, await version(e.id), planId!, { heldOn: '2026-11-02', attendance: people, continuePlan: true, latestCategory: null, decisions: null, endReason: null });
    assert.equal((await deadline(e.id, 'post-birth-review-mother-unwell'))[0]!.status, 'met');
  });

  it('records a birth with no plan open without opening a deadline', async () => {
    const e = await episode({ isUnborn: true });
    const { deadlines: opened } = await service.recordBirth(worker, e.id, await version(e.id), { bornOn: '2026-10-25', motherMedicallyFit: true });
    assert.deepEqual(opened, []);
    const ep = await db.selectFrom('caseEpisodes').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
    const section = await service.section(db, ep);
    assert.equal(section.isUnborn, false);
    assert.equal(section.actions.birth, null);
    assert.equal(section.awaitingConference.length, 1);
    assert.ok(section.awaitingConference[0]!.href?.includes(`/conferences/new?s47=${e.s47Id}`));
  });

  it('refuses a stale version with a conflict and changes nothing', async () => {
    const e = await episode();
    const stale = await version(e.id);
    await db.updateTable('caseEpisodes').set({ version: stale + 1 }).where('id', '=', e.id).execute();
    await assert.rejects(
      service.recordIcpc(worker, e.id, stale, { s47Id: e.s47Id, heldOn: '2026-09-22', attendance: people, outcome: 'cp-plan', category: 'NEG', decisions: null }),
      ConflictError,
    );
    assert.equal((await db.selectFrom('conferences').select('id').where('episodeId', '=', e.id).execute()).length, 0);
  });

  it('hides a case from a caseworker who is neither allocated nor in its team (404, audited), but not from the team manager', async () => {
    const e = await episode({ team: null });
    await assert.rejects(icpc(e, '2026-09-22'), NotFoundError);
    const denied = await db.selectFrom('auditEvents').selectAll().where('action', '=', 'case.icpc.record').where('outcome', '=', 'denied').where('recordId', '=', e.id).execute();
    assert.equal(denied.length, 1);
    assert.equal(denied[0]!.actorUserId, worker.userId);
    assert.equal((await db.selectFrom('conferences').select('id').where('episodeId', '=', e.id).execute()).length, 0);

    const { planId } = await icpc(e, '2026-09-22', {}, manager);
    assert.ok(planId);
    await assert.rejects(service.form(worker, e.id, 'review', planId), NotFoundError);
  });

  it('audits each change in the same transaction with ids and codes, never the words recorded', async () => {
    const e = await episode();
    const { planId, conferenceId } = await icpc(e, '2026-09-22', { decisions: 'Neighbour Wendell Ashgrove reported shouting.' });
    const row = await db.selectFrom('auditEvents').selectAll().where('action', '=', 'case.icpc.record').where('recordId', '=', e.id).where('outcome', '=', 'success').executeTakeFirstOrThrow();
    assert.equal(row.actorUserId, worker.userId);
    const details = JSON.stringify(row.details);
    assert.match(details, new RegExp(conferenceId));
    assert.match(details, new RegExp(planId!));
    assert.doesNotMatch(details, /Ashgrove|Thackeray|Pettigrew/);
  });

  it('lets an episode version move on with every change', async () => {
    const e = await episode();
    const before = await version(e.id);
    await icpc(e, '2026-09-22');
    assert.equal(await version(e.id), before + 1);
  });
});
