// Boards and their membership through the real app: who sees which board (the regional team all, a board's
// staff their own, a member through their membership, everyone else 404), membership rules and their audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { seedBoardsPledge } from '../../src/modules/partnership/demo/boards-pledge.ts';
import { createHarness, type Harness } from '../support/app.ts';

describe('boards', () => {
  let h: Harness;
  const db = () => h.container.partnership.context.db;
  const boards = () => h.container.partnership.boards;

  before(async () => {
    h = await createHarness();
    await seedBoardsPledge(h.container.partnership.context.db, h.container.audit, h.clock.now());
  });
  after(async () => h.close());

  it('seeds the demo members once, however often it runs', async () => {
    const before = await db().selectFrom('boardMembers').select('id').execute();
    const again = await seedBoardsPledge(db(), h.container.audit, h.clock.now());
    assert.equal(again.members, 0);
    assert.equal((await db().selectFrom('boardMembers').select('id').execute()).length, before.length);
    const chair = await db().selectFrom('boardMembers').select('name').where('boardCode', '=', 'LSCB-LONDON').where('role', '=', 'independent-chair').execute();
    assert.equal(chair.length, 1);
  });

  it('shows the regional team every board', async () => {
    const agent = await h.signIn('regional.manager@london-board.example');
    const list = await agent.get('/boards');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Camden/);
    assert.match(list.body, /Tower Hamlets/);
    const page = await agent.get('/boards/LSCB-LONDON');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Independent chair/);
    assert.match(page.body, /Margaret Ashdown/);
    assert.match(page.body, /Government Office for London/);
    assert.match(page.body, /href="\/boards\/LSCB-LONDON\/work-programme"/);
    assert.match(page.body, /href="\/boards\/LSCB-LONDON\/meetings"/);
    assert.match(page.body, /Not yet recorded/);
    assert.equal((await agent.get('/boards/LSCB-306')).statusCode, 200);
  });

  it('shows a board manager their own board and 404 for another', async () => {
    const agent = await h.signIn('board.manager@camden.example');
    const list = await agent.get('/boards');
    assert.match(list.body, /Camden/);
    assert.doesNotMatch(list.body, /Croydon/);
    assert.equal((await agent.get('/boards/LSCB-202')).statusCode, 200);
    assert.equal((await agent.get('/boards/LSCB-306')).statusCode, 404);
    assert.equal((await agent.get('/boards/LSCB-306/members/new')).statusCode, 404);
    const denied = await db().selectFrom('auditEvents').select(['outcome']).where('action', '=', 'board.read').where('recordId', '=', 'LSCB-306').execute();
    assert.ok(denied.some((e) => e.outcome === 'denied'));
  });

  it('shows a lead member their board through their membership, and nothing to a non-member', async () => {
    const lead = await h.signIn('lead.member@camden.example');
    const page = await lead.get('/boards/LSCB-202');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Helen Marsh/);
    assert.doesNotMatch(page.body, /Add a member/);
    assert.equal((await lead.get('/boards/LSCB-LONDON')).statusCode, 404);
    const outsider = await h.signIn('team.manager@camden.example');
    assert.equal((await outsider.get('/boards/LSCB-202')).statusCode, 404);
    assert.doesNotMatch((await outsider.get('/boards')).body, /href="\/boards\/LSCB-202"/);
  });

  it('adds, changes and ends a membership, each audited', async () => {
    const agent = await h.signIn('board.manager@camden.example');
    const met = await db().selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
    const res = await agent.submit('/boards/LSCB-202/members/new', '/boards/LSCB-202/members/new', {
      name: 'Inspector Grace Thorne', title: 'Partnership Inspector', role: 'member', agencyId: met.id, organisation: '',
      'joinedOn-day': '1', 'joinedOn-month': '10', 'joinedOn-year': '2009', userEmail: '',
    });
    assert.equal(res.statusCode, 303);
    const m = await db().selectFrom('boardMembers').selectAll().where('name', '=', 'Inspector Grace Thorne').executeTakeFirstOrThrow();
    const memberPage = `/boards/LSCB-202/members/${m.id}`;
    const updated = await agent.submit(memberPage, memberPage, { role: 'vice-chair', title: 'Partnership Superintendent', version: String(m.version) });
    assert.equal(updated.statusCode, 303);
    const stale = await agent.submit(memberPage, memberPage, { role: 'member', title: '', version: String(m.version) });
    assert.equal(stale.statusCode, 409);
    const early = await agent.submit(memberPage, `${memberPage}/end`, { 'leftOn-day': '1', 'leftOn-month': '1', 'leftOn-year': '2009', version: String(m.version + 1) });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /same as or after the date they joined/);
    const ended = await agent.submit(memberPage, `${memberPage}/end`, { 'leftOn-day': '31', 'leftOn-month': '3', 'leftOn-year': '2010', version: String(m.version + 1) });
    assert.equal(ended.statusCode, 303);
    const after = await db().selectFrom('boardMembers').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    assert.equal(after.role, 'vice-chair');
    assert.equal(after.leftOn, '2010-03-31');
    const actions = (await db().selectFrom('auditEvents').select(['action', 'details']).where('recordId', '=', m.id).execute()).map((e) => e.action);
    assert.deepEqual(actions.sort(), ['board-member.add', 'board-member.end', 'board-member.update']);
    const page = await agent.get('/boards/LSCB-202');
    assert.match(page.body, /Former members/);
  });

  it('refuses a second independent chair, a member with no agency, and an unknown Safehub user', async () => {
    const actor = await h.actorOf(await h.signIn('board.manager@camden.example'));
    const base = { name: 'Dr Ian Fenwick', title: null, organisation: null, joinedOn: '2009-10-01', userEmail: null };
    await assert.rejects(boards().addMember(actor, 'LSCB-202', { ...base, role: 'independent-chair', agencyId: null, organisation: 'Independent' }), (e: unknown) => e instanceof ValidationError && /already has an independent chair/.test(e.fields.role ?? ''));
    await assert.rejects(boards().addMember(actor, 'LSCB-202', { ...base, role: 'statutory-partner', agencyId: null }), (e: unknown) => e instanceof ValidationError && Boolean(e.fields.agencyId));
    await assert.rejects(boards().addMember(actor, 'LSCB-202', { ...base, role: 'lay-member', agencyId: null, userEmail: 'nobody@nowhere.example' }), (e: unknown) => e instanceof ValidationError && Boolean(e.fields.userEmail));
    const lay = await boards().addMember(actor, 'LSCB-202', { ...base, role: 'lay-member', agencyId: null });
    assert.ok(lay.id);
    await assert.rejects(boards().addMember(actor, 'LSCB-306', { ...base, role: 'lay-member', agencyId: null }), NotFoundError);
    const row = await db().selectFrom('boardMembers').select('version').where('id', '=', lay.id).executeTakeFirstOrThrow();
    await assert.rejects(boards().updateMember(actor, 'LSCB-202', lay.id, row.version + 5, { role: 'lay-member', title: null }), ConflictError);
  });

  it('links a Safehub user, who then sees the board', async () => {
    const manager = await h.actorOf(await h.signIn('board.manager@camden.example'));
    const adviserAgent = await h.signIn('hub.manager@camden.example', 'hub-manager');
    assert.equal((await adviserAgent.get('/boards/LSCB-202')).statusCode, 404);
    const la = await db().selectFrom('agencies').select('id').where('code', '=', 'la-202').executeTakeFirstOrThrow();
    await boards().addMember(manager, 'LSCB-202', { name: 'Priya Sandhu', title: 'MASH Manager', role: 'adviser', agencyId: la.id, organisation: null, joinedOn: '2009-11-01', userEmail: 'Hub.Manager@camden.example' });
    assert.equal((await adviserAgent.get('/boards/LSCB-202')).statusCode, 200);
  });
});
