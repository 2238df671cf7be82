// The child protection pages over the real app (CSRF on): the ICPC form with its attendance rows and error summary,
// a plan started and shown on the case page with its deadlines and rules, core group, review, category, end of plan
// and birth forms, a stale version, and who may open the pages. Episodes are inserted directly. Every name is invented.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/modules/casework/casework.support.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';

const CASEWORKER = 'caseworker@camden.example';
const HUB = 'hub.practitioner@camden.example';

type Form = Record<string, string | string[]>;

describe('child protection pages', () => {
  let h: Harness;
  let db: Db;
  let worker: Agent;
  let teamId: string;
  let agencyId: string;

  async function episode(opts: { isUnborn?: boolean; team?: string | null } = {}) {
    const id = randomUUID();
    await db
      .insertInto('caseEpisodes')
      .values({
        id,
        personId: randomUUID(),
        laCode: '202',
        contactId: null,
        externalReference: null,
        rulebook: 'wt2010',
        referralOn: '2026-09-01',
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
    await db.insertInto('strategyDiscussions').values({ id: discussionId, episodeId: id, heldOn: '2026-09-02', participants: '[]', initiatedS47: true, decisions: null, createdBy: null }).execute();
    const s47Id = randomUUID();
    await db.insertInto('s47Enquiries').values({ id: s47Id, episodeId: id, strategyDiscussionId: discussionId, startedOn: '2026-09-02', completedOn: '2026-09-10', outcome: 'cp-conference', icpcRequired: true, createdBy: null }).execute();
    return { id, s47Id };
  }

  const version = async (id: string) => String((await db.selectFrom('caseEpisodes').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);

  const date = (name: string, day: string): Form => {
    const [y, m, d] = day.split('-');
    return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
  };

  const attendance = (): Form => ({
    'attendance-0-agency': agencyId,
    'attendance-0-name': 'Ottoline Brackenbury',
    'attendance-0-role': 'Detective constable',
    'attendance-0-flags': ['invited', 'attended', 'report'],
    'attendance-2-agency': 'family',
    'attendance-2-name': 'Marisol Fenwick',
    'attendance-2-role': 'Mother',
    'attendance-2-flags': ['invited'],
  });

  before(async () => {
    h = await createHarness();
    db = h.container.casework.context.db;
    worker = await h.signIn(CASEWORKER);
    teamId = (await db.selectFrom('teams').select('id').where('code', '=', 'assessment-intervention').where('localAuthorityCode', '=', '202').executeTakeFirstOrThrow()).id;
    agencyId = (await db.selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow()).id;
  });
  after(() => h.close());

  it('shows the ICPC form with attendance rows that work without JavaScript', async () => {
    const e = await episode();
    const res = await worker.get(`/cases/${e.id}/conferences/new?s47=${e.s47Id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="govuk-heading-l">Record an initial child protection conference<\/h1>/);
    assert.match(res.body, /Section 47 enquiry started 2 September 2026/);
    assert.match(res.body, /<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Person 8<\/legend>/);
    assert.match(res.body, /name="attendance-0-flags" type="checkbox" value="attended"/);
    assert.match(res.body, new RegExp(`<option value="${agencyId}">`));
    assert.match(res.body, /Family member or carer/);
    assert.match(res.body, new RegExp(`name="s47Id" value="${e.s47Id}"`));
    assert.match(res.body, /name="version" value="1"/);
  });

  it('shows every error in the error summary and keeps what was typed', async () => {
    const e = await episode();
    const page = `/cases/${e.id}/conferences/new?s47=${e.s47Id}`;
    let res = await worker.submit(page, `/cases/${e.id}/conferences/new`, { version: await version(e.id), s47Id: e.s47Id });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /Enter the date the conference was held/);
    assert.match(res.body, /Add at least one person invited/);
    assert.match(res.body, /href="#attendance-0-agency"/);
    assert.match(res.body, /Select the outcome of the conference/);

    res = await worker.submit(page, `/cases/${e.id}/conferences/new`, {
      version: await version(e.id),
      s47Id: e.s47Id,
      ...date('heldOn', '2026-09-22'),
      'heldOn-month': '13',
      'attendance-1-name': 'Percival Ormsby',
      'attendance-1-role': 'Health visitor',
      outcome: 'cp-plan',
      decisions: 'Kept as typed',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /The date of the conference must be a real date/);
    assert.match(res.body, /Select the agency of person 2/);
    assert.match(res.body, /href="#attendance-1-agency"/);
    assert.match(res.body, /Select the category of abuse for the child protection plan/);
    assert.match(res.body, /value="Percival Ormsby"/);
    assert.match(res.body, />Kept as typed<\/textarea>/);
    assert.equal((await db.selectFrom('conferences').select('id').where('episodeId', '=', e.id).execute()).length, 0);
  });

  it('records an ICPC that starts a plan, goes back to the case, and the case shows the plan with its deadlines and rules', async () => {
    const e = await episode();
    const page = `/cases/${e.id}/conferences/new?s47=${e.s47Id}`;
    const res = await worker.submit(page, `/cases/${e.id}/conferences/new`, {
      version: await version(e.id),
      s47Id: e.s47Id,
      ...date('heldOn', '2026-09-22'),
      ...attendance(),
      outcome: 'cp-plan',
      category: 'NEG',
      decisions: 'Plan agreed.',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/cases/${e.id}?done=cp-plan`);

    const conference = await db.selectFrom('conferences').selectAll().where('episodeId', '=', e.id).executeTakeFirstOrThrow();
    const police = (await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirstOrThrow()).name;
    assert.deepEqual(
      conference.attendance.map((p) => [p.agencyName, p.name, p.invited, p.attended, p.reportSubmitted]),
      [
        [police, 'Ottoline Brackenbury', true, true, true],
        ['Family member or carer', 'Marisol Fenwick', true, false, false],
      ],
    );
    assert.equal(conference.attendance[0]!.agencyId, agencyId);

    const casePage = await worker.get(res.headers.location as string);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /<h2 class="govuk-heading-m" id="protection-heading">Child protection<\/h2>/);
    assert.match(casePage.body, /Child protection plan from 22 September 2026/);
    assert.match(casePage.body, /10 working days from the initial child protection conference \(Working Together 2010\)/);
    assert.match(casePage.body, /3 months from the initial child protection conference \(Working Together 2010\)/);
    assert.match(casePage.body, /6 October 2026/);
    assert.match(casePage.body, /Neglect/);
    assert.match(casePage.body, /Ottoline Brackenbury, Detective constable/);
    assert.match(casePage.body, /Who was invited to the conference on 22 September 2026/);
    assert.match(casePage.body, /1 of 2 invited attended/);
    const plan = await db.selectFrom('cpPlans').select('id').where('episodeId', '=', e.id).executeTakeFirstOrThrow();
    assert.match(casePage.body, new RegExp(`href="/cases/${e.id}/plans/${plan.id}/core-groups/new"`));
  });

  it('records a core group, a review that continues the plan, a change of category, and the end of the plan', async () => {
    const e = await episode();
    let res = await worker.submit(`/cases/${e.id}/conferences/new?s47=${e.s47Id}`, `/cases/${e.id}/conferences/new`, {
      version: await version(e.id),
      s47Id: e.s47Id,
      ...date('heldOn', '2026-09-22'),
      ...attendance(),
      outcome: 'cp-plan',
      category: 'NEG',
    });
    assert.equal(res.statusCode, 303);
    const planId = (await db.selectFrom('cpPlans').select('id').where('episodeId', '=', e.id).executeTakeFirstOrThrow()).id;
    const base = `/cases/${e.id}/plans/${planId}`;

    const form = await worker.get(`${base}/core-groups/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Record a core group/);
    assert.match(form.body, /Plan started<\/dt><dd class="govuk-summary-list__value">22 September 2026/);
    res = await worker.submit(`${base}/core-groups/new`, `${base}/core-groups/new`, { version: await version(e.id), ...date('heldOn', '2026-10-05'), ...attendance(), notes: 'Actions reviewed' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/cases/${e.id}?done=core-group`);

    res = await worker.submit(`${base}/reviews/new`, `${base}/reviews/new`, { version: await version(e.id), ...date('heldOn', '2026-10-20'), ...attendance() });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Say whether the child protection plan continues/);
    res = await worker.submit(`${base}/reviews/new`, `${base}/reviews/new`, { version: await version(e.id), ...date('heldOn', '2026-10-20'), ...attendance(), continuePlan: 'yes', latestCategory: '' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/cases/${e.id}?done=review`);

    res = await worker.submit(`${base}/category`, `${base}/category`, { version: await version(e.id), category: 'EMO' });
    assert.equal(res.statusCode, 303);

    res = await worker.submit(`${base}/end`, `${base}/end`, { version: await version(e.id), ...date('endOn', '2026-10-30') });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Select why the plan ended/);
    res = await worker.submit(`${base}/end`, `${base}/end`, { version: await version(e.id), ...date('endOn', '2026-10-30'), reason: 'looked-after' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/cases/${e.id}?done=plan-ended`);

    const casePage = await worker.get(`/cases/${e.id}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /Ended<\/dt><dd class="govuk-summary-list__value">30 October 2026: Became looked after/);
    assert.match(casePage.body, /Latest category<\/dt><dd class="govuk-summary-list__value">Emotional abuse/);
    assert.match(casePage.body, /Core group on 5 October 2026/);
    assert.match(casePage.body, /20 October 2026<\/strong>: The plan continues/);
    assert.doesNotMatch(casePage.body, new RegExp(`href="${base}/core-groups/new"`), 'no actions on an ended plan');
  });

  it('records a pre-birth conference and the birth through their pages', async () => {
    const e = await episode({ isUnborn: true });
    const before = await worker.get(`/cases/${e.id}`);
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /This case is for an unborn child, expected 30 October 2026/);
    assert.match(before.body, new RegExp(`href="/cases/${e.id}/conferences/pre-birth/new\\?s47=${e.s47Id}"`));

    let res = await worker.submit(`/cases/${e.id}/conferences/pre-birth/new?s47=${e.s47Id}`, `/cases/${e.id}/conferences/pre-birth/new`, {
      version: await version(e.id),
      s47Id: e.s47Id,
      ...date('heldOn', '2026-09-22'),
      ...attendance(),
      outcome: 'cp-plan',
      category: 'PHY',
    });
    assert.equal(res.statusCode, 303);

    const birthForm = await worker.get(`/cases/${e.id}/birth`);
    assert.equal(birthForm.statusCode, 200);
    assert.match(birthForm.body, /within 10 days of the birth, or 20 days if the mother is not medically fit/);
    res = await worker.submit(`/cases/${e.id}/birth`, `/cases/${e.id}/birth`, { version: await version(e.id), ...date('bornOn', '2026-10-25') });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Say whether the mother is medically fit to attend/);
    res = await worker.submit(`/cases/${e.id}/birth`, `/cases/${e.id}/birth`, { version: await version(e.id), ...date('bornOn', '2026-10-25'), motherMedicallyFit: 'no' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/cases/${e.id}?done=birth`);

    const casePage = await worker.get(`/cases/${e.id}`);
    assert.match(casePage.body, /Review conference or core group after the birth \(mother not medically fit\)/);
    assert.match(casePage.body, /20 days from the birth \(Working Together 2010\)/);
    assert.match(casePage.body, /14 November 2026/);
  });

  it('explains a change someone else made in the meantime (409) and saves nothing', async () => {
    const e = await episode();
    const stale = await version(e.id);
    await db.updateTable('caseEpisodes').set({ version: Number(stale) + 1 }).where('id', '=', e.id).execute();
    const res = await worker.submit(`/cases/${e.id}/conferences/new?s47=${e.s47Id}`, `/cases/${e.id}/conferences/new`, {
      version: stale,
      s47Id: e.s47Id,
      ...date('heldOn', '2026-09-22'),
      ...attendance(),
      outcome: 'no-further-action',
    });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /changed by someone else while you were working on it/);
    assert.equal((await db.selectFrom('conferences').select('id').where('episodeId', '=', e.id).execute()).length, 0);
  });

  it('answers 404 for a case the caseworker has no relationship to, and 403 to a role without case.write', async () => {
    const e = await episode({ team: null });
    const res = await worker.get(`/cases/${e.id}/conferences/new?s47=${e.s47Id}`);
    assert.equal(res.statusCode, 404);
    const denied = await db.selectFrom('auditEvents').select('outcome').where('action', '=', 'case.icpc.form').where('recordId', '=', e.id).execute();
    assert.deepEqual(denied.map((d) => d.outcome), ['denied']);

    const mine = await episode();
    assert.equal((await worker.get(`/cases/${mine.id}/conferences/new?s47=${randomUUID()}`)).statusCode, 404, 'an enquiry not on this case');
    assert.equal((await worker.get(`/cases/${mine.id}/plans/${randomUUID()}/end`)).statusCode, 404, 'a plan not on this case');

    const hub = await h.signIn(HUB);
    assert.equal((await hub.get(`/cases/${mine.id}/birth`)).statusCode, 403);
    const post = await hub.submit('/', `/cases/${mine.id}/birth`, { version: '1' });
    assert.equal(post.statusCode, 403);
  });
});
