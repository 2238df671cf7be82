// The person registry: idempotent registration, the three bands, clerical review, merge and unmerge
// as reversible events, agency walls in search results, and permissions. The matcher here is a small
// deterministic stand-in, so these tests check the registry's rules, not the engine's accuracy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Actor, UserActor } from '../../src/kernel/actor.ts';
import type { FixedClock } from '../../src/kernel/clock.ts';
import { personFieldsSchema, sourceRecordSchema } from '../../src/modules/identity/identity.forms.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { RegistryService } from '../../src/modules/identity/registry.service.ts';
import type { PlatformTables } from '../../src/platform/db/schema.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

/** Asserts that a ValidationError names the problem (its field messages hold the wording). */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { fields?: Record<string, string> }) => {
    const text = [error.message, ...Object.values(error.fields ?? {})].join(' | ');
    assert.match(text, pattern);
    return true;
  });
}

const NHS_A = '9434765919';
const NHS_B = '9434765870';

describe('person registry', () => {
  let h: Harness;
  let registry: RegistryService;
  let db: Kysely<PlatformTables & IdentityTables>;
  const actors = new Map<string, UserActor>();

  async function actorFor(email: string, role: string): Promise<UserActor> {
    const key = `${email}:${role}`;
    if (!actors.has(key)) {
      actors.set(key, await h.actorOf(await h.signIn(email, role)));
    }
    return actors.get(key)!;
  }
  const police = () => actorFor('police.researcher@met.example', 'agency-researcher');
  const hub = () => actorFor('hub.practitioner@camden.example', 'hub-practitioner');
  const manager = () => actorFor('hub.manager@camden.example', 'hub-manager');
  const record = (fields: Record<string, unknown>) => sourceRecordSchema.parse({ forenames: 'Amelia', surname: 'Okonjo', dateOfBirth: '2015-03-04', ...fields });

  before(async () => {
    h = await createHarness();
    db = h.container.database.db.withTables<IdentityTables>();
    registry = new RegistryService(db, h.container.access, h.container.audit, h.clock, new StubMatcher());
  });
  after(() => h.close());

  it('registers a record once: sending it again changes nothing, correcting it keeps its person', async () => {
    const first = await registry.register(await police(), record({ localId: 'MPS-1', nhsNumber: NHS_A, laCode: '202' }));
    assert.equal(first.outcome, 'new-person');
    const again = await registry.register(await police(), record({ localId: 'MPS-1', nhsNumber: NHS_A, laCode: '202' }));
    assert.deepEqual([again.outcome, again.sourceRecordId, again.personId], ['unchanged', first.sourceRecordId, first.personId]);
    const corrected = await registry.register(await police(), record({ localId: 'MPS-1', nhsNumber: NHS_A, laCode: '202', postcode: 'nw1  2aa' }));
    assert.deepEqual([corrected.outcome, corrected.personId], ['updated', first.personId]);
    const stored = await db.selectFrom('sourceRecords').select(['postcode', 'version']).where('id', '=', first.sourceRecordId).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { postcode: 'NW1 2AA', version: 2 });
  });

  it('links a record from another agency automatically when the match is certain', async () => {
    const police1 = await db.selectFrom('sourceRecords').select('id').where('localId', '=', 'MPS-1').executeTakeFirstOrThrow();
    const referrer = await actorFor('referrer@camden-schools.example', 'referrer');
    await assert.rejects(registry.register(referrer, record({ localId: 'X' })), /do not have access/, 'a referrer may not write source records');
    const agencyKey = await h.container.apiKeys.create({ kind: 'system', name: 'test', correlationId: 't' }, {
      name: 'School MIS',
      agencyId: (await db.selectFrom('agencies').select('id').where('code', '=', 'la-202-education').executeTakeFirstOrThrow()).id,
      scopes: ['source-record.write'],
    });
    const school = await h.container.apiKeys.authenticate(agencyKey.key, 'test');
    const linked = await registry.register(school, record({ localId: 'UPN-1', forenames: 'Amy', nhsNumber: NHS_A }));
    assert.equal(linked.outcome, 'linked-automatically');
    const link = await db.selectFrom('personLinks').select('personId').where('sourceRecordId', '=', police1.id).where('endedAt', 'is', null).executeTakeFirstOrThrow();
    assert.equal(linked.personId, link.personId);
  });

  it('sends an uncertain match to clerical review, and a confirmed review joins the two people', async () => {
    const uncertain = await registry.register(await police(), record({ localId: 'MPS-2', forenames: 'Amelie', surname: 'Okonjo-Smith', laCode: '202' }));
    assert.equal(uncertain.outcome, 'sent-to-review');
    const reviews = await registry.reviews(await hub());
    const review = reviews.find((r) => r.sourceRecordId === uncertain.sourceRecordId)!;
    assert.ok(review);
    const detail = await registry.review(await hub(), review.id);
    assert.ok(detail.candidate.length >= 1);
    assert.ok(detail.candidate.every((r) => !('surname' in r) || r.isOwn), 'another agency’s values are not shown to the reviewer');
    await registry.decide(await hub(), review.id, 'linked', 'Same child: school confirmed the double-barrelled surname');
    const link = await db.selectFrom('personLinks').select(['personId', 'method']).where('sourceRecordId', '=', uncertain.sourceRecordId).where('endedAt', 'is', null).executeTakeFirstOrThrow();
    assert.deepEqual(link, { personId: review.candidatePersonId, method: 'clerical' });
    const provisional = await db.selectFrom('persons').select(['status', 'mergedIntoId']).where('id', '=', uncertain.personId).executeTakeFirstOrThrow();
    assert.deepEqual(provisional, { status: 'merged', mergedIntoId: review.candidatePersonId });
    await rejectsWith(registry.decide(await hub(), review.id, 'separate', ''), /already been decided/);
  });

  it('merges two people and unmerges them exactly, with the events in both histories', async () => {
    const a = await registry.register(await police(), record({ localId: 'MPS-10', forenames: 'Kacper', surname: 'Nowicki', dateOfBirth: '2012-07-01' }));
    const b = await registry.register(await police(), record({ localId: 'MPS-11', forenames: 'Kasper', surname: 'Novitski', dateOfBirth: '2011-07-01' }));
    assert.notEqual(a.personId, b.personId);
    await assert.rejects(registry.merge(await hub(), a.personId, b.personId, 'Same boy'), /do not have access/, 'hub practitioners cannot merge');
    const mergeId = await registry.merge(await manager(), a.personId, b.personId, 'Same boy: dates of birth differ by a keying error');
    const afterMerge = await db.selectFrom('personLinks').select('personId').where('sourceRecordId', 'in', [a.sourceRecordId, b.sourceRecordId]).where('endedAt', 'is', null).execute();
    assert.deepEqual(afterMerge.map((l) => l.personId), [a.personId, a.personId]);
    await registry.unmerge(await manager(), mergeId, 'Different boys: cousins at the same school');
    const afterUnmerge = await db.selectFrom('personLinks').select(['sourceRecordId', 'personId']).where('sourceRecordId', 'in', [a.sourceRecordId, b.sourceRecordId]).where('endedAt', 'is', null).execute();
    assert.deepEqual(Object.fromEntries(afterUnmerge.map((l) => [l.sourceRecordId, l.personId])), { [a.sourceRecordId]: a.personId, [b.sourceRecordId]: b.personId });
    const historyA = await registry.person(await manager(), a.personId);
    const historyB = await registry.person(await manager(), b.personId);
    assert.deepEqual(historyA.events.map((e) => e.kind), ['unmerge', 'merge']);
    assert.deepEqual(historyB.events.map((e) => e.kind), ['unmerge', 'merge']);
    assert.ok(historyA.events.every((e) => !e.canUnmerge), 'an undone merge cannot be undone again');
    await rejectsWith(registry.unmerge(await manager(), mergeId, 'again and again'), /already been undone/);
    // Every link change is kept: two ended links per record (merged, unmerged) and one active.
    const all = await db.selectFrom('personLinks').select(['method', 'endReason']).where('sourceRecordId', '=', b.sourceRecordId).orderBy('createdAt').execute();
    assert.deepEqual(all.map((l) => [l.method, l.endReason]), [['new-person', 'merged'], ['merge', 'unmerged'], ['unmerge', null]]);
  });

  it('refuses to merge two people with different valid NHS numbers', async () => {
    const a = await registry.register(await police(), record({ localId: 'MPS-20', forenames: 'Twin', surname: 'One', dateOfBirth: '2018-01-01', nhsNumber: NHS_B }));
    const b = await registry.register(await police(), record({ localId: 'MPS-21', forenames: 'Other', surname: 'Two', dateOfBirth: '2019-01-01', nhsNumber: '9000000009' }));
    await rejectsWith(registry.merge(await manager(), a.personId, b.personId, 'Merge please'), /different NHS numbers/);
  });

  it('shows the hub who knows a person and the hub’s own records, never another agency’s values', async () => {
    const results = await registry.match(await hub(), personFieldsSchema.parse({ forenames: 'Amelia', surname: 'Okonjo', dateOfBirth: '2015-03-04', nhsNumber: NHS_A }));
    assert.ok(results.length >= 1);
    const top = results[0]!;
    assert.ok(top.probability >= 0.99);
    assert.deepEqual(top.knownTo.map((k) => k.agencyName).sort(), ['London Borough of Camden Education Services', 'Metropolitan Police Service']);
    assert.deepEqual(top.ownRecords, [], 'the Camden hub holds no record of its own here');
    const json = JSON.stringify(results);
    for (const value of ['MPS-1', 'UPN-1', 'NW1 2AA', 'Amy']) assert.ok(!json.includes(value), `result reveals ${value}`);
    const events = await db.selectFrom('auditEvents').select(['action', 'recordId']).where('action', '=', 'person.match-result').execute();
    assert.ok(events.some((e) => e.recordId === top.personId), 'each person shown is an audited read');
  });

  it('keeps restricted people out of search results and person pages', async () => {
    const hidden = await registry.register(await police(), record({ localId: 'MPS-30', forenames: 'Hidden', surname: 'Child', dateOfBirth: '2016-06-06', nhsNumber: '9876543210' }));
    await db.updateTable('persons').set({ isRestricted: true }).where('id', '=', hidden.personId).execute();
    const results = await registry.match(await hub(), personFieldsSchema.parse({ forenames: 'Hidden', surname: 'Child', dateOfBirth: '2016-06-06', nhsNumber: '9876543210' }));
    assert.ok(!results.some((r) => r.personId === hidden.personId));
    await assert.rejects(registry.person(await hub(), hidden.personId), /not found/i);
  });

  it('keeps each node’s match index in step with records written by another node', async () => {
    const nodeB = new RegistryService(db, h.container.access, h.container.audit, h.clock, new StubMatcher());
    const query = personFieldsSchema.parse({ forenames: 'Oskar', surname: 'Lindgren', dateOfBirth: '2019-10-10' });
    assert.equal((await nodeB.match(await hub(), query)).length, 0);
    (h.clock as FixedClock).advance(1000);
    const written = await registry.register(await police(), record({ localId: 'MPS-40', forenames: 'Oskar', surname: 'Lindgren', dateOfBirth: '2019-10-10' }));
    const found = await nodeB.match(await hub(), query);
    assert.deepEqual(found.map((c) => c.personId), [written.personId]);
  });

  it('refuses search to roles without it', async () => {
    const referrer: Actor = await actorFor('referrer@camden-schools.example', 'referrer');
    await assert.rejects(registry.match(referrer, personFieldsSchema.parse({ forenames: 'A', surname: 'B' })), /do not have access/);
  });

  it('validates identity fields with clear messages', () => {
    const bad = sourceRecordSchema.safeParse({ localId: '', forenames: '', surname: 'X', dateOfBirth: '2015-02-30', nhsNumber: '12345', upn: 'bad' });
    assert.equal(bad.success, false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    assert.equal(messages.localId, "Enter the agency's own reference");
    assert.equal(messages.forenames, 'Enter first names');
    assert.equal(messages.dateOfBirth, 'Date of birth must be a real date after 1900');
    assert.equal(messages.nhsNumber, 'NHS number must be 10 digits');
    assert.equal(messages.upn, 'UPN must be a letter, 11 digits and a check character');
  });
});
