// The stuck-case and consultation pages over the real app (CSRF on): the team manager sees a flag with its
// reasons, asks for a consultation, arranges and records the panel; the police close their action from the page;
// the follow-up resolves the flag. Also the rule settings, dismissing a flag, error summaries, stale versions,
// a referrer's own request, and who may open what.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import type { CaseworkTables } from '../../src/modules/casework/casework.tables.ts';
import type { FrontDoorTables } from '../../src/modules/front-door/front-door.tables.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { agencyId, contactFactory } from '../front-door/factories.ts';

type Tables = CaseworkTables & FrontDoorTables;

describe('stuck-case and consultation pages', () => {
  let h: Harness;
  const db = () => h.container.database.db.withTables<Tables>();
  const agents = new Map<string, Agent>();
  const agent = async (email: string, role?: string) => {
    const key = `${email}:${role ?? ''}`;
    if (!agents.has(key)) agents.set(key, await h.signIn(email, role));
    return agents.get(key)!;
  };
  const manager = () => agent('team.manager@camden.example');

  /** Loads a form page, takes its CSRF token and version, and posts the fields. */
  async function post(a: Agent, page: string, url: string, fields: Record<string, string | string[]>) {
    const res = await a.get(page);
    assert.equal(res.statusCode, 200, `${page} answered ${res.statusCode}`);
    const version = /name="version" value="(\d+)"/.exec(res.body)?.[1];
    return a.submit(page, url, { ...(version ? { version } : {}), ...fields });
  }

  async function flaggedChild(startOn = '2024-06-01') {
    const contact = await contactFactory(h).awaitingScreening();
    const person = await db().selectFrom('contactPersons').select(['personId', 'forenames', 'surname']).where('contactId', '=', contact.id).where('role', '=', 'child').executeTakeFirstOrThrow();
    const episodeId = randomUUID();
    await db().insertInto('caseEpisodes').values({ id: episodeId, personId: person.personId, laCode: '202', contactId: contact.id, externalReference: null, rulebook: 'wt2010', referralOn: '2024-01-05', referralSource: '2A', primaryNeed: 'N1', isNfa: false, isUnborn: false, expectedBirthOn: null, workerUserId: null, teamId: null, status: 'open', closedOn: null, closureReason: null, createdBy: null }).execute();
    await db().insertInto('cpPlans').values({ id: randomUUID(), episodeId, personId: person.personId, icpcId: randomUUID(), startOn, initialCategory: 'NEG', latestCategory: 'NEG', previousPlans: 0, endOn: null, endReason: null, createdBy: null }).execute();
    await h.container.casework.stuck.scan(systemActor('casework.scan-stuck'));
    const flag = await db().selectFrom('stuckCaseFlags').selectAll().where('personId', '=', person.personId).executeTakeFirstOrThrow();
    return { flag, name: `${person.forenames} ${person.surname}`, contactId: contact.id };
  }

  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('takes a flag through a consultation, a panel and its actions to a follow-up that resolves it', async () => {
    const { flag, name } = await flaggedChild();
    const m = await manager();
    const list = await m.get('/casework/stuck');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(name));
    assert.ok(list.body.includes('Child protection plan open for 29 months (since 1 June 2024)'));
    assert.ok(list.body.includes(`/consultations/new?flag=${flag.id}`));

    const newPage = `/consultations/new?flag=${flag.id}`;
    const empty = await m.submit(newPage, '/consultations/new', { flag: flag.id, reason: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /There is a problem/);
    assert.match(empty.body, /Enter why a consultation is needed/);
    const asked = await m.submit(newPage, '/consultations/new', { flag: flag.id, reason: 'Plan open for over two years with no change' });
    assert.equal(asked.statusCode, 303);
    const page = asked.headers.location!.split('?')[0]!;
    const id = page.split('/').pop()!;
    assert.match((await m.get(asked.headers.location!)).body, /Consultation asked for/);

    const met = await agencyId(h, 'met-police');
    const noDate = await post(m, `${page}/schedule`, `${page}/schedule`, { agencies: met });
    assert.equal(noDate.statusCode, 400);
    assert.match(noDate.body, /href="#panelOn"/);
    const scheduled = await post(m, `${page}/schedule`, `${page}/schedule`, { 'panelOn-day': '2', 'panelOn-month': '11', 'panelOn-year': '2026', agencies: met });
    assert.equal(scheduled.statusCode, 303);
    // A second tab with the old version is told someone else changed it.
    const stale = await m.submit(`${page}/schedule`, `${page}/schedule`, { version: '1', 'panelOn-day': '11', 'panelOn-month': '11', 'panelOn-year': '2026', agencies: met });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);

    const panelPage = await m.get(`${page}/panel`);
    assert.equal(panelPage.statusCode, 200);
    assert.match(panelPage.body, /Action 5/);
    const incomplete = await post(m, `${page}/panel`, `${page}/panel`, { 'action-2-description': 'Visit the family' });
    assert.equal(incomplete.statusCode, 400);
    for (const field of [`attended-${met}`, 'discussion', 'recommendations', 'action-2-ownerName', 'action-2-dueOn', 'followUpOn']) assert.match(incomplete.body, new RegExp(`href="#${field}"`), field);
    const held = await post(m, `${page}/panel`, `${page}/panel`, {
      [`attended-${met}`]: 'yes',
      [`representative-${met}`]: 'DS Harriet Penrose',
      discussion: 'Drift since the last review; no one agency holds the whole picture.',
      recommendations: 'Joint visit by police and social care within two weeks.',
      'action-1-description': 'Share the incident history with the social worker',
      'action-1-ownerAgencyId': met,
      'action-1-ownerName': 'DS Harriet Penrose',
      'action-1-dueOn-day': '20',
      'action-1-dueOn-month': '11',
      'action-1-dueOn-year': '2026',
      'followUpOn-day': '15',
      'followUpOn-month': '1',
      'followUpOn-year': '2027',
    });
    assert.equal(held.statusCode, 303);

    // The police researcher sees the consultation (not the discussion) and closes their action.
    const police = await agent('police.researcher@met.example');
    const theirs = await police.get(page);
    assert.equal(theirs.statusCode, 200);
    assert.match(theirs.body, /Joint visit by police and social care/);
    assert.ok(!theirs.body.includes('Drift since the last review'));
    const action = await db().selectFrom('consultationActions').select(['id', 'version']).where('consultationId', '=', id).executeTakeFirstOrThrow();
    const bad = await police.submit(page, `${page}/actions/${action.id}`, { version: String(action.version), status: 'done' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, new RegExp(`href="#completedOn-${action.id}"`));
    const done = await police.submit(page, `${page}/actions/${action.id}`, { version: String(action.version), status: 'done', 'completedOn-day': '2', 'completedOn-month': '11', 'completedOn-year': '2026' });
    assert.equal(done.statusCode, 303);

    // The health researcher (not invited) is told the page does not exist.
    assert.equal((await (await agent('health.researcher@clch.example')).get(page)).statusCode, 404);

    const unsaid = await post(m, `${page}/follow-up`, `${page}/follow-up`, {});
    assert.equal(unsaid.statusCode, 400);
    assert.match(unsaid.body, /Say whether the case has moved on/);
    const moved = await post(m, `${page}/follow-up`, `${page}/follow-up`, { caseMoved: 'yes', notes: 'Plan ended at review' });
    assert.equal(moved.statusCode, 303);
    const after = await m.get(moved.headers.location!);
    assert.match(after.body, /the stuck-case flag is resolved/);
    assert.equal((await db().selectFrom('stuckCaseFlags').select('status').where('id', '=', flag.id).executeTakeFirstOrThrow()).status, 'resolved');
    assert.match((await m.get('/consultations')).body, new RegExp(name));
  });

  it('marks overdue actions on the page with text, not colour alone', async () => {
    const { flag } = await flaggedChild();
    const m = await manager();
    const asked = await m.submit(`/consultations/new?flag=${flag.id}`, '/consultations/new', { flag: flag.id, reason: 'Stuck' });
    const page = asked.headers.location!.split('?')[0]!;
    const met = await agencyId(h, 'met-police');
    await post(m, `${page}/schedule`, `${page}/schedule`, { 'panelOn-day': '2', 'panelOn-month': '11', 'panelOn-year': '2026', agencies: met });
    await post(m, `${page}/panel`, `${page}/panel`, {
      [`attended-${met}`]: 'no',
      discussion: 'Discussed.',
      recommendations: 'Act.',
      'action-1-description': 'Visit',
      'action-1-ownerName': 'Helen Achterberg',
      'action-1-dueOn-day': '3',
      'action-1-dueOn-month': '11',
      'action-1-dueOn-year': '2026',
      'followUpOn-day': '1',
      'followUpOn-month': '2',
      'followUpOn-year': '2027',
    });
    // Time passes: the action's due day is now behind us (set in the row, so the sessions stay fresh).
    await db().updateTable('consultationActions').set({ dueOn: '2026-10-30' }).where('consultationId', '=', page.split('/').pop()!).execute();
    const body = (await m.get(page)).body;
    assert.match(body, /govuk-tag--red">Overdue</);
    assert.match((await m.get('/consultations')).body, /1 overdue/);
  });

  it('dismisses a flag with a reason, and says what is missing', async () => {
    const { flag } = await flaggedChild('2024-02-01');
    const m = await manager();
    const missing = await m.submit('/casework/stuck', `/casework/stuck/${flag.id}/dismiss`, { version: String(flag.version), reason: '' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, new RegExp(`href="#reason-${flag.id}"`));
    const ok = await m.submit('/casework/stuck', `/casework/stuck/${flag.id}/dismiss`, { version: String(flag.version), reason: 'Plan ends at next week’s review' });
    assert.equal(ok.statusCode, 303);
    const dismissed = await m.get('/casework/stuck?status=dismissed');
    assert.match(dismissed.body, /Plan ends at next week’s review/);
  });

  it('saves the authority’s stuck-case rules and refuses figures out of bounds', async () => {
    const m = await manager();
    const page = await m.get('/casework/stuck-rules');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Long child protection plan/);
    const all = ['long-cp-plan', 'repeat-cp-plan', 'repeat-s47-no-plan', 'repeat-nfa-contacts'];
    const figures = { 'long-cp-plan-months': '18', 'repeat-cp-plan-years': '2', 'repeat-s47-no-plan-count': '3', 'repeat-s47-no-plan-months': '12', 'repeat-nfa-contacts-count': '3', 'repeat-nfa-contacts-months': '12' };
    const bad = await post(m, '/casework/stuck-rules', '/casework/stuck-rules', { enabled: all, ...figures, 'long-cp-plan-months': '2' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#long-cp-plan-months"/);
    assert.match(bad.body, /must be a whole number from 3 to 60/);
    const ok = await post(m, '/casework/stuck-rules', '/casework/stuck-rules', { enabled: all.slice(1), ...figures, 'long-cp-plan-months': '24' });
    assert.equal(ok.statusCode, 303);
    const rules = await h.container.casework.stuck.rulesFor(db(), '202');
    assert.deepEqual(rules.rules.map((r) => [r.rule.code, r.enabled]), [['long-cp-plan', false], ['repeat-cp-plan', true], ['repeat-s47-no-plan', true], ['repeat-nfa-contacts', true]]);
    assert.equal(rules.rules[0]!.params.months, 24);
    const stale = await m.submit('/casework/stuck-rules', '/casework/stuck-rules', { version: '0', enabled: all, ...figures });
    assert.equal(stale.statusCode, 409);
    await post(m, '/casework/stuck-rules', '/casework/stuck-rules', { enabled: all, ...figures });
  });

  it('lets a referrer ask about a child on their own referral and see only its status', async () => {
    const teacher = await agent('referrer@camden-schools.example');
    const contact = await contactFactory(h).awaitingScreening({}, await h.actorOf(teacher));
    const choose = await teacher.get('/consultations/new');
    assert.equal(choose.statusCode, 200);
    assert.ok(choose.body.includes(`/consultations/new?contact=${contact.id}`));
    const form = `/consultations/new?contact=${contact.id}`;
    const child = await db().selectFrom('contactPersons').select('id').where('contactId', '=', contact.id).where('role', '=', 'child').executeTakeFirstOrThrow();
    const asked = await teacher.submit(form, '/consultations/new', { contact: contact.id, contactPersonId: child.id, reason: 'Fourth concern this year and nothing changes' });
    assert.equal(asked.statusCode, 303);
    const view = await teacher.get(asked.headers.location!);
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /Requested/);
    assert.ok(!view.body.includes('Fourth concern this year'));
    // Someone else's contact is not found.
    const other = await contactFactory(h).awaitingScreening({}, await h.actorOf(await agent('hub.manager@camden.example', 'hub-manager')));
    assert.equal((await teacher.get(`/consultations/new?contact=${other.id}`)).statusCode, 404);
  });

  it('guards every page by permission', async () => {
    const teacher = await agent('referrer@camden-schools.example');
    assert.equal((await teacher.get('/casework/stuck')).statusCode, 403);
    assert.equal((await teacher.get('/casework/stuck-rules')).statusCode, 403);
    const caseworker = await agent('caseworker@camden.example');
    assert.equal((await caseworker.get('/casework/stuck')).statusCode, 403);
    assert.equal((await caseworker.get('/consultations')).statusCode, 200);
    assert.equal((await caseworker.get(`/consultations/${randomUUID()}/schedule`)).statusCode, 403);
    assert.equal((await (await manager()).get(`/consultations/${randomUUID()}`)).statusCode, 404);
    assert.equal((await (await manager()).get('/consultations/not-an-id')).statusCode, 404);
  });
});
