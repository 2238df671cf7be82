// The pledge through the real app: the public page needs no sign-in; the regional manager starts a draft (copying
// the commitments), edits and publishes it, and the public page switches to it; stale forms are refused; signatories
// and investment commitments are recorded and audited; nobody else may manage the pledge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ValidationError } from '../../src/kernel/errors.ts';
import { seedBoardsPledge } from '../../src/modules/partnership/demo/boards-pledge.ts';
import { createHarness, type Harness } from '../support/app.ts';

describe('pledge', () => {
  let h: Harness;
  const db = () => h.container.partnership.context.db;
  const pledge = () => h.container.partnership.pledge;

  before(async () => {
    h = await createHarness();
  });
  after(async () => h.close());

  it('says when no pledge has been published, without a session', async () => {
    const res = await h.agent().get('/pledge');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /has not been published yet/);
  });

  it('seeds the pledge once, however often it runs', async () => {
    const first = await seedBoardsPledge(db(), h.container.audit, h.clock.now());
    assert.equal(first.versions, 2);
    assert.ok(first.signatories >= 10);
    const again = await seedBoardsPledge(db(), h.container.audit, h.clock.now());
    assert.equal(again.versions, 0);
    assert.equal((await db().selectFrom('pledgeVersions').select('id').execute()).length, 2);
    assert.equal((await db().selectFrom('pledgeSignatories').select('id').execute()).length, first.signatories);
  });

  it('shows the current pledge, its commitments and signatories to anyone, signed in or not', async () => {
    const res = await h.agent().get('/pledge');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /London Child Protection Procedures/);
    assert.match(res.body, /Sir Richard Tallis/);
    assert.match(res.body, /continue to prioritise investment/);
    assert.doesNotMatch(res.body, /sexual exploitation, and work across boroughs/);
    const signedIn = await h.signIn('caseworker@camden.example');
    assert.equal((await signedIn.get('/pledge')).statusCode, 200);
  });

  it('lets only the regional manager manage the pledge', async () => {
    const anonymous = await h.agent().get('/pledge/manage');
    assert.notEqual(anonymous.statusCode, 200);
    const boardManager = await h.signIn('board.manager@camden.example');
    assert.equal((await boardManager.get('/pledge/manage')).statusCode, 403);
    const regional = await h.signIn('regional.manager@london-board.example');
    assert.equal((await regional.get('/pledge/manage')).statusCode, 200);
  });

  it('publishes a draft, which becomes the public text; a stale form is refused', async () => {
    const agent = await h.signIn('regional.manager@london-board.example');
    const draft = await db().selectFrom('pledgeVersions').selectAll().where('status', '=', 'draft').executeTakeFirstOrThrow();
    const page = `/pledge/manage/versions/${draft.id}`;
    const commitments = await db().selectFrom('pledgeCommitments').select('text').where('pledgeVersionId', '=', draft.id).orderBy('position').execute();
    const fields: Record<string, string> = { title: 'The London safeguarding children pledge 2010', introduction: draft.introduction, version: String(draft.version) };
    commitments.forEach((c, i) => (fields[`commitment-${i + 1}`] = c.text));
    fields[`commitment-${commitments.length + 1}`] = 'We will publish each year what our organisation has spent on safeguarding children.';
    assert.equal((await agent.submit(page, page, fields)).statusCode, 303);
    const stale = await agent.submit(page, page, fields);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
    const stalePublish = await agent.submit(page, `${page}/publish`, { 'publishedOn-day': '1', 'publishedOn-month': '4', 'publishedOn-year': '2010', version: String(draft.version) });
    assert.equal(stalePublish.statusCode, 409);
    const published = await agent.submit(page, `${page}/publish`, { 'publishedOn-day': '1', 'publishedOn-month': '4', 'publishedOn-year': '2010', version: String(draft.version + 1) });
    assert.equal(published.statusCode, 303);
    const pub = await h.agent().get('/pledge');
    assert.match(pub.body, /The London safeguarding children pledge 2010/);
    assert.match(pub.body, /publish each year what our organisation has spent/);
    assert.match(pub.body, /Earlier versions/);
    assert.match(pub.body, /Nobody has signed this version yet/);
    const events = (await db().selectFrom('auditEvents').select('action').where('recordId', '=', draft.id).execute()).map((e) => e.action);
    assert.ok(events.includes('pledge-version.update'));
    assert.ok(events.includes('pledge-version.publish'));
    // Published versions are not edited.
    const actor = await h.actorOf(agent);
    await assert.rejects(pledge().updateDraft(actor, draft.id, draft.version + 2, { title: 'x', introduction: 'y', commitments: ['z'] }), ConflictError);
  });

  it('starts a new draft that copies the commitments, only one at a time', async () => {
    const actor = await h.actorOf(await h.signIn('regional.manager@london-board.example'));
    const { id } = await pledge().createDraft(actor);
    const v = await pledge().version(actor, id);
    assert.equal(v.version.number, 3);
    assert.equal(v.commitments.length, 10);
    await assert.rejects(pledge().createDraft(actor), ValidationError);
  });

  it('adds and removes a signatory and records an investment commitment, audited', async () => {
    const agent = await h.signIn('regional.manager@london-board.example');
    const current = await db().selectFrom('pledgeVersions').select(['id']).where('number', '=', 2).executeTakeFirstOrThrow();
    const bad = await agent.submit('/pledge/manage/signatories/new', '/pledge/manage/signatories/new', { name: '', title: '', organisation: '', agencyId: '', pledgeVersionId: current.id, 'signedOn-day': '1', 'signedOn-month': '1', 'signedOn-year': '2010' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the name of the person who signed/);
    assert.match(bad.body, /after the date that version was published/);
    const ok = await agent.submit('/pledge/manage/signatories/new', '/pledge/manage/signatories/new', { name: 'Dr Nadia Brennan', title: 'Chief Executive', organisation: 'Whittington Health', agencyId: '', pledgeVersionId: current.id, 'signedOn-day': '15', 'signedOn-month': '4', 'signedOn-year': '2010' });
    assert.equal(ok.statusCode, 303);
    assert.match((await h.agent().get('/pledge')).body, /Dr Nadia Brennan/);
    const s = await db().selectFrom('pledgeSignatories').select('id').where('name', '=', 'Dr Nadia Brennan').executeTakeFirstOrThrow();
    const inv = await agent.submit('/pledge/manage/investment/new', '/pledge/manage/investment/new', { signatoryId: s.id, agencyId: '', 'committedOn-day': '20', 'committedOn-month': '4', 'committedOn-year': '2010', statement: 'Named nurse and named doctor posts are protected in the 2010–11 budget.' });
    assert.equal(inv.statusCode, 303);
    assert.equal((await agent.submit('/pledge/manage', `/pledge/manage/signatories/${s.id}/remove`, {})).statusCode, 303);
    assert.doesNotMatch((await h.agent().get('/pledge')).body, /Dr Nadia Brennan/);
    const actions = (await db().selectFrom('auditEvents').select('action').where('recordId', '=', s.id).execute()).map((e) => e.action).sort();
    assert.deepEqual(actions, ['pledge-signatory.add', 'pledge-signatory.remove']);
  });
});
