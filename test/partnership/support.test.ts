// Support requests: asked by a borough, assigned, logged and closed by the regional team, seen only by those involved.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { seedSupportTraining } from '../../src/modules/partnership/demo/support-training.ts';
import { createHarness, DEMO_PASSWORD, type Agent, type Harness } from '../support/app.ts';

const CAMDEN_MANAGER = 'board.manager@camden.example';
const ISLINGTON_MANAGER = 'board.manager@islington.example';
const REGIONAL_MANAGER = 'regional.manager@london-board.example';
const ADVISER = 'regional.adviser@london-board.example';

describe('support requests', () => {
  let h: Harness;
  let camden: Agent;
  let islington: Agent;
  let manager: Agent;
  let adviser: Agent;

  before(async () => {
    h = await createHarness();
    const agency = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'la-206').executeTakeFirstOrThrow();
    await h.container.users.create(systemActor('test'), { email: ISLINGTON_MANAGER, displayName: 'Petra Okonjo-Hale', agencyId: agency.id, teamIds: [], password: DEMO_PASSWORD }, [{ roleCode: 'board-manager', scopeCode: 'LSCB-206' }]);
    camden = await h.signIn(CAMDEN_MANAGER);
    islington = await h.signIn(ISLINGTON_MANAGER);
    manager = await h.signIn(REGIONAL_MANAGER);
    adviser = await h.signIn(ADVISER);
  });
  after(async () => h.close());

  const support = () => h.container.partnership.support;
  const version = async (id: string) => h.container.partnership.context.db.selectFrom('supportRequests').select('version').where('id', '=', id).executeTakeFirstOrThrow();

  it('takes a request from a borough through assignment, a log and closing, each change audited', async () => {
    const res = await camden.submit('/support/new', '/support/new', { topic: 'first-response', urgency: 'urgent', detail: 'Help to set up a MASH information-sharing agreement with the local health trust' });
    assert.equal(res.statusCode, 303);
    const id = /\/support\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;

    const mine = await camden.get('/support');
    assert.match(mine.body, /Help|First response/);
    assert.equal((await islington.get(`/support/${id}`)).statusCode, 404);
    assert.doesNotMatch((await islington.get('/support')).body, new RegExp(id));
    assert.equal((await islington.get('/boards/LSCB-202/support')).statusCode, 404);
    assert.equal((await camden.get('/boards/LSCB-202/support')).statusCode, 200);
    assert.match((await manager.get('/support')).body, new RegExp(id));

    const adviserActor = await h.actorOf(adviser);
    const assigned = await manager.submit(`/support/${id}`, `/support/${id}/assign`, { version: '1', adviserId: adviserActor.userId });
    assert.equal(assigned.statusCode, 303);
    const logged = await adviser.submit(`/support/${id}`, `/support/${id}/log`, { version: '2', 'entryOn-day': '2', 'entryOn-month': '11', 'entryOn-year': '2026', entry: 'Met the trust’s named nurse and drafted the agreement' });
    assert.equal(logged.statusCode, 303);
    const page = await camden.get(`/support/${id}`);
    assert.match(page.body, /In progress/);
    assert.match(page.body, /drafted the agreement/);
    assert.equal((await camden.get(`/support/${id}/close`)).statusCode, 403);
    const closed = await adviser.submit(`/support/${id}/close`, `/support/${id}/close`, { version: '3', outcome: 'Agreement signed by the trust and the council' });
    assert.equal(closed.statusCode, 303);
    assert.match((await camden.get(`/support/${id}`)).body, /Agreement signed by the trust/);

    const events = await h.container.database.db.selectFrom('auditEvents').select(['action', 'outcome']).where('recordId', '=', id).orderBy('seq').execute();
    const actions = events.filter((e) => e.outcome === 'success').map((e) => e.action);
    assert.deepEqual(actions, ['support-request.create', 'support-request.assign', 'support-request.log', 'support-request.close']);
    assert.ok(events.some((e) => e.outcome === 'denied' && e.action === 'support-request.read'));
  });

  it('refuses a stale version and says what is missing', async () => {
    const camdenActor = await h.actorOf(camden);
    const managerActor = await h.actorOf(manager);
    const { id } = await support().create(camdenActor, { topic: 'culture-and-faith', urgency: 'routine', detail: 'Advice on a serious case review scoping for a faith-related abuse case' });
    await assert.rejects(support().create(camdenActor, { topic: 'nothing' as never, urgency: 'routine', detail: '' }), (e: unknown) => e instanceof ValidationError && !!e.fields.topic && !!e.fields.detail);
    await support().assign(managerActor, id, 1, managerActor.userId);
    await assert.rejects(support().assign(managerActor, id, 1, managerActor.userId), ConflictError);
    await assert.rejects(support().close(managerActor, id, 2, { outcome: '  ' }), (e: unknown) => e instanceof ValidationError && !!e.fields.outcome);
    const page = await manager.submit(`/support/${id}`, `/support/${id}/log`, { version: '2', entry: '' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /Enter what was done/);
    assert.match(page.body, /Enter the date it was done/);
    const stale = await manager.submit(`/support/${id}`, `/support/${id}/close`, { version: '1', outcome: 'Done' });
    assert.equal(stale.statusCode, 409);
    await assert.rejects(support().view(await h.actorOf(islington), id), NotFoundError);
    assert.equal((await version(id)).version, 2);
  });

  it('flags a rapid-response request not assigned within 1 working day, and suggests the theme lead', async () => {
    const managerActor = await h.actorOf(manager);
    const adviserActor = await h.actorOf(adviser);
    await support().addLead(managerActor, { userId: adviserActor.userId, kind: 'theme', code: 'sexual-exploitation' });
    const { id } = await support().create(await h.actorOf(camden), { topic: 'sexual-exploitation', urgency: 'rapid-response', detail: 'A group of young people missing from care: we need help to convene a multi-agency sexual exploitation meeting today' });
    // Asked on Thursday 29 October 2026: due by Friday 30 October; today (Monday 2 November) it is late.
    await h.container.partnership.context.db.updateTable('supportRequests').set({ requestedAt: new Date('2026-10-29T10:00:00Z') }).where('id', '=', id).execute();
    const list = await support().list(managerActor);
    assert.equal(list[0]!.urgency, 'rapid-response');
    const item = list.find((r) => r.id === id)!;
    assert.equal(item.isAssignmentOverdue, true);
    assert.equal(item.assignmentDueOn, '2026-10-30');
    assert.match((await manager.get('/support')).body, /Not assigned within 1 working day/);
    const v = await support().view(managerActor, id);
    assert.deepEqual(v.suggested.map((s) => s.userId), [adviserActor.userId]);
    // Asked on Friday 30 October: due Monday 2 November, which is today: not late yet.
    await h.container.partnership.context.db.updateTable('supportRequests').set({ requestedAt: new Date('2026-10-30T16:00:00Z') }).where('id', '=', id).execute();
    assert.equal((await support().list(managerActor)).find((r) => r.id === id)!.isAssignmentOverdue, false);
    // An adviser takes it: no longer flagged, and the adviser may not give it to someone else.
    await assert.rejects(support().assign(adviserActor, id, 1, managerActor.userId), ValidationError);
    await support().assign(adviserActor, id, 1, adviserActor.userId);
    assert.equal((await support().list(managerActor)).find((r) => r.id === id)!.isAssignmentOverdue, false);
  });

  it('shows who leads what to every signed-in user, and lets only the regional manager change it', async () => {
    const page = await camden.get('/advisers');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sexual exploitation/);
    assert.doesNotMatch(page.body, /Add a lead/);
    await assert.rejects(support().addLead(await h.actorOf(adviser), { userId: (await h.actorOf(adviser)).userId, kind: 'theme', code: 'training' }));
    const res = await manager.submit('/advisers', '/advisers/leads', { userId: (await h.actorOf(adviser)).userId, kind: 'agency-type', agencyTypeCode: 'police' });
    assert.equal(res.statusCode, 303);
    assert.match((await camden.get('/advisers')).body, /Agency: Police/);
    const managed = await manager.get('/advisers');
    assert.match(managed.body, /Add a lead/);
    const missing = await manager.submit('/advisers', '/advisers/leads', { userId: (await h.actorOf(adviser)).userId, kind: 'theme' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select a theme/);
  });

  it('seeds believable requests, leads and training once, however often it runs', async () => {
    const db = h.container.partnership.context.db;
    const first = await seedSupportTraining(db, h.container.audit, h.clock.now());
    assert.ok(first.requests >= 8 && first.requests <= 12, `requests ${first.requests}`);
    assert.ok(first.courses >= 4 && first.courses <= 6);
    const again = await seedSupportTraining(db, h.container.audit, h.clock.now());
    assert.deepEqual(again, { leads: 0, requests: 0, courses: 0, sessions: 0, bookings: 0 });

    const requests = await db.selectFrom('supportRequests').select(['status', 'urgency', 'assignedTo', 'outcome', 'id', 'boardCode']).execute();
    assert.ok(requests.filter((r) => r.status === 'closed').every((r) => r.outcome));
    const rapid = requests.find((r) => r.urgency === 'rapid-response' && r.status === 'in-progress')!;
    assert.ok((await db.selectFrom('supportRequestLog').select('id').where('requestId', '=', rapid.id).execute()).length >= 2);
    assert.ok(requests.some((r) => r.status === 'new' && !r.assignedTo));
    assert.ok(new Set(requests.map((r) => r.boardCode)).size >= 5);

    const leadMember = await h.actorOf(await h.signIn('lead.member@camden.example'));
    const booking = await db.selectFrom('trainingBookings').select(['isCompleted', 'attendeeName']).where('userId', '=', leadMember.userId).executeTakeFirstOrThrow();
    assert.equal(booking.isCompleted, true);
    assert.equal(booking.attendeeName, leadMember.displayName);
    const coverage = await h.container.partnership.training.coverage(await h.actorOf(manager), 2026, 'LSCB-202');
    assert.equal(coverage.rows.find((r) => r.audience === 'lead-members')!.percent, 100);

    // The seeded pages render for the regional team and for Camden.
    assert.match((await manager.get('/support')).body, /MASH information-sharing agreement|First response/);
    assert.equal((await manager.get(`/support/${rapid.id}`)).statusCode, 200);
    assert.equal((await camden.get('/training')).statusCode, 200);
  });
});
