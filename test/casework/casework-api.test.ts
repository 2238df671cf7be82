// The casework API: a caseworker reads their cases, one case whole with its deadlines and rules, and their tray;
// a team manager reads the team tray and the stuck-case flags; a case the caller may not see is 404 (as on the
// pages), and the reads are audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../src/kernel/clock.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { actorFor, actors, contactFactory, createUser } from '../front-door/factories.ts';

describe('the casework API', () => {
  let h: Harness;
  let worker: Agent;
  let manager: Agent;
  let other: Agent;
  let caseId = '';

  before(async () => {
    h = await createHarness({ clock: new FixedClock('2026-10-05T09:00:00Z'), personMatcher: new StubMatcher() });
    const f = contactFactory(h);
    const c = await f.screened('amber');
    const who = actors(h);
    await h.container.frontDoor.decide(await who.practitioner(), c.id, c.version, { outcome: 'section-17-assessment', thresholdLevel: 3, rationale: 'The information received meets the threshold for an assessment' });
    const decided = await f.get(c.id);
    if (decided.status === 'awaiting-sign-off') await h.container.frontDoor.signOff(await who.manager(), c.id, decided.version, { approve: 'yes', note: null });
    const caseworker = await actorFor(h, 'caseworker@camden.example', 'caseworker');
    caseId = (await h.container.casework.pathway.openFromContact(caseworker, c.id)).episodeIds[0]!;
    worker = await h.signIn('caseworker@camden.example', 'caseworker');
    manager = await h.signIn('team.manager@camden.example', 'team-manager');
    await createUser(h, 'other.worker@camden.example', 'Tamsin Orchard', 'la-202', 'caseworker', '202');
    other = await h.signIn('other.worker@camden.example', 'caseworker');
  });
  after(() => h.close());

  it("gives the worker the case whole, with each deadline's rule and source", async () => {
    const res = await worker.api('GET', `/api/v1/cases/${caseId}`);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    const initial = body.deadlines.find((d: { step: string }) => d.step === 'initial-assessment');
    assert.equal(initial.dueOn, '2026-10-19', '10 working days from the referral of 5 October');
    assert.equal(initial.rule.rulebook, 'wt2010');
    assert.match(initial.rule.source, /Working Together to Safeguard Children 2010/);
    const audited = await h.container.database.db.selectFrom('auditEvents').select('action').where('recordId', '=', caseId).where('action', '=', 'case.read').execute();
    assert.ok(audited.length >= 1, 'the read is audited');
  });

  it('lists the worker’s cases and their tray', async () => {
    const list = await worker.api('GET', '/api/v1/cases?view=mine');
    assert.equal(list.statusCode, 200);
    assert.ok(JSON.stringify(list.json()).includes(caseId));
    const tray = await worker.api('GET', '/api/v1/casework/tray');
    assert.equal(tray.statusCode, 200);
    assert.ok(JSON.stringify(tray.json()).includes(caseId));
  });

  it('answers 404 to a caseworker who is not the worker and not in the team, and 403 for the manager-only reads', async () => {
    assert.equal((await other.api('GET', `/api/v1/cases/${caseId}`)).statusCode, 404);
    assert.ok(!JSON.stringify((await other.api('GET', '/api/v1/cases?view=all')).json()).includes(caseId));
    assert.equal((await worker.api('GET', '/api/v1/casework/team-tray')).statusCode, 403);
    assert.equal((await worker.api('GET', '/api/v1/casework/stuck-flags')).statusCode, 403);
  });

  it('gives the team manager the team tray and the stuck-case flags', async () => {
    const team = await manager.api('GET', '/api/v1/casework/team-tray');
    assert.equal(team.statusCode, 200);
    assert.ok(JSON.stringify(team.json()).includes(caseId));
    const flags = await manager.api('GET', '/api/v1/casework/stuck-flags');
    assert.equal(flags.statusCode, 200);
  });

  it('refuses bad query values with a clear problem', async () => {
    const res = await worker.api('GET', '/api/v1/cases?view=everything');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'validation-failed');
  });
});
