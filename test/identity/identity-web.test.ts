// Identity through the real app: the find page, the person page with merge and unmerge, the clerical
// review pages, and the API (match, source records one at a time and in batches). The matcher is the
// deterministic test matcher; the engine's accuracy is tested in src/modules/identity/engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { apiWithKey, createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

describe('identity pages and API', () => {
  let h: Harness;
  let policeKey = '';
  let hub: Agent;
  let manager: Agent;
  const db = () => h.container.database.db.withTables<IdentityTables>();
  const record = (localId: string, extra: Record<string, unknown> = {}) => ({ localId, forenames: 'Jamal', surname: 'Mensah', dateOfBirth: '2014-09-12', laCode: '202', ...extra });

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    const met = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
    policeKey = (await h.container.apiKeys.create({ kind: 'system', name: 'test', correlationId: 't' }, { name: 'Police records', agencyId: met.id, scopes: ['source-record.write'] })).key;
    hub = await h.signIn('hub.practitioner@camden.example');
    manager = await h.signIn('hub.manager@camden.example', 'hub-manager');
  });
  after(() => h.close());

  it('loads a batch of agency records, reporting each bad row, and changes nothing when it is sent again', async () => {
    const batch = {
      records: [
        record('MPS-100', { nhsNumber: '9434765919' }),
        record('MPS-101', { forenames: '', dateOfBirth: '2014-02-31' }),
        record('MPS-102', { forenames: 'Abena', surname: 'Mensah', dateOfBirth: '2016-01-20' }),
        record('MPS-103', { laCode: '999' }),
      ],
    };
    const first = await apiWithKey(h.app, policeKey, 'POST', '/api/v1/source-records/batch', batch);
    assert.equal(first.statusCode, 200);
    const body = first.json();
    assert.deepEqual([body.accepted, body.rejected], [2, 2]);
    assert.deepEqual(body.results[1].errors, { forenames: 'Enter first names', dateOfBirth: 'Date of birth must be a real date after 1900' });
    assert.deepEqual(body.results[3].errors, { laCode: 'Local authority code is not a London authority' });
    const again = (await apiWithKey(h.app, policeKey, 'POST', '/api/v1/source-records/batch', batch)).json();
    assert.deepEqual(again.results.filter((r: { status: string }) => r.status === 'accepted').map((r: { outcome: string }) => r.outcome), ['unchanged', 'unchanged']);
    const count = await db().selectFrom('sourceRecords').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2);
  });

  it('answers two simultaneous registrations of one new record with one person and, at worst, a conflict to retry', async () => {
    const sends = await Promise.all([1, 2, 3].map(() => apiWithKey(h.app, policeKey, 'POST', '/api/v1/source-records', record('MPS-150', { forenames: 'Kofi', dateOfBirth: '2013-05-05' }))));
    const codes = sends.map((r) => r.statusCode).sort();
    assert.ok(codes.every((c) => c === 200 || c === 201 || c === 409), `codes ${codes.join(', ')}`);
    assert.ok(codes.includes(201));
    for (const r of sends.filter((x) => x.statusCode === 409)) assert.equal(r.json().code, 'conflict');
    const rows = await db().selectFrom('sourceRecords').select('id').where('localId', '=', 'MPS-150').execute();
    assert.equal(rows.length, 1);
  });

  it('refuses record writes from a key without the permission, and from people without it', async () => {
    const met = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
    const readOnly = (await h.container.apiKeys.create({ kind: 'system', name: 'test', correlationId: 't' }, { name: 'Read only', agencyId: met.id, scopes: ['reference.read'] })).key;
    assert.equal((await apiWithKey(h.app, readOnly, 'POST', '/api/v1/source-records', record('MPS-200'))).statusCode, 403);
    assert.equal((await hub.api('POST', '/api/v1/source-records', record('MPS-201'))).statusCode, 403);
  });

  it('finds a person on the find page without putting the search in the URL, showing who knows them', async () => {
    const page = await hub.submit('/people/find', '/people/find', { forenames: 'Jamal', surname: 'Mensah', 'dateOfBirth-day': '12', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2014' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1 possible match/);
    assert.match(page.body, /Very likely the same person|Probably the same person/);
    assert.match(page.body, /Metropolitan Police Service/);
    assert.doesNotMatch(page.body, /MPS-100/, "the police record's reference stays with the police");
    const bad = await hub.submit('/people/find', '/people/find', { forenames: 'Jamal', surname: 'Mensah', 'dateOfBirth-day': '12', 'dateOfBirth-month': '', 'dateOfBirth-year': '2014' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Date of birth must include a day, month and year/);
  });

  it('matches through the API with evidence, and audits each person shown', async () => {
    const res = await hub.api('POST', '/api/v1/persons/match', { forenames: 'Jamal', surname: 'Mensah', dateOfBirth: '2014-09-12' });
    assert.equal(res.statusCode, 200);
    const [top] = res.json().items;
    assert.ok(top.probability > 0.5);
    assert.ok(Array.isArray(top.evidence) && top.evidence.length > 0);
    const events = await h.container.database.db.selectFrom('auditEvents').select('recordId').where('action', '=', 'person.match-result').execute();
    assert.ok(events.some((e) => e.recordId === top.personId));
  });

  it('merges two people from the person page and undoes it, keeping both histories', async () => {
    const [a, b] = await db()
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select(['l.personId', 'r.localId'])
      .where('r.localId', 'in', ['MPS-100', 'MPS-102'])
      .where('l.endedAt', 'is', null)
      .orderBy('r.localId')
      .execute();
    assert.ok(a && b && a.personId !== b.personId);
    const refused = await hub.submit(`/people/${a.personId}`, `/people/${a.personId}/merge`, { mergedId: b.personId, reason: 'Same child' });
    assert.equal(refused.statusCode, 403, 'a hub practitioner cannot merge');
    const noReason = await manager.submit(`/people/${a.personId}`, `/people/${a.personId}/merge`, { mergedId: b.personId, reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Give the reason for the merge/);
    const merged = await manager.submit(`/people/${a.personId}`, `/people/${a.personId}/merge`, { mergedId: b.personId, reason: 'Same child recorded twice by the police' });
    assert.equal(merged.statusCode, 303);
    const page = await manager.get(merged.headers.location as string);
    assert.match(page.body, /People merged/);
    assert.match(page.body, /Undo this merge/);
    const eventId = /\/people\/[0-9a-f-]+\/events\/([0-9a-f-]+)\/unmerge/.exec(page.body)![1]!;
    const undone = await manager.submit(`/people/${a.personId}`, `/people/${a.personId}/events/${eventId}/unmerge`, { reason: 'Different children: siblings' });
    assert.equal(undone.statusCode, 303);
    const otherPage = await manager.get(`/people/${b.personId}`);
    assert.match(otherPage.body, /Merge undone/);
    assert.match(otherPage.body, /Merged<\/strong>/);
  });

  it('takes a reviewer through a possible match to a decision', async () => {
    const key = policeKey;
    const uncertain = await apiWithKey(h.app, key, 'POST', '/api/v1/source-records', record('MPS-300', { forenames: 'Jamaal', surname: 'Mensa-Boateng' }));
    assert.equal(uncertain.statusCode, 201);
    assert.equal(uncertain.json().outcome, 'sent-to-review');
    const list = await hub.get('/identity/reviews');
    assert.match(list.body, /1 waiting/);
    const reviewId = /\/identity\/reviews\/([0-9a-f-]{36})/.exec(list.body)![1]!;
    const page = await hub.get(`/identity/reviews/${reviewId}`);
    assert.match(page.body, /A record held by Metropolitan Police Service/);
    assert.doesNotMatch(page.body, /Mensa-Boateng/, 'the police values are not shown to the hub');
    const missing = await hub.submit(`/identity/reviews/${reviewId}`, `/identity/reviews/${reviewId}`, {});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Say whether these are the same person/);
    const decided = await hub.submit(`/identity/reviews/${reviewId}`, `/identity/reviews/${reviewId}`, { decision: 'separate', reason: 'Different dates of birth on the school roll' });
    assert.equal(decided.statusCode, 303);
    assert.match((await hub.get(decided.headers.location as string)).body, /Decision recorded/);
    const labels = await hub.api('GET', '/api/v1/match-reviews/decisions');
    assert.equal(labels.json().items[0].status, 'separate');
  });

  it("shows a privacy officer a person's access history only while their agency holds a record of them", async () => {
    const police = await h.container.database.db.selectFrom('users').select('id').where('email', '=', 'police.researcher@met.example').executeTakeFirstOrThrow();
    const officer = await h.container.users.create(
      { kind: 'system', name: 'test', correlationId: 't' },
      { email: 'privacy@met.example', displayName: 'Met Privacy', agencyId: (await h.container.database.db.selectFrom('users').select('agencyId').where('id', '=', police.id).executeTakeFirstOrThrow()).agencyId, teamIds: [], password: 'test-demo-password-123' },
      [{ roleCode: 'privacy-officer', scopeCode: 'met-police' }],
    );
    assert.ok(officer);
    const person = await db()
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select('l.personId')
      .where('r.localId', '=', 'MPS-100')
      .where('l.endedAt', 'is', null)
      .executeTakeFirstOrThrow();
    const metOfficer = await h.signIn('privacy@met.example');
    const page = await metOfficer.get(`/audit/access-history/person/${person.personId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /person\.match-result/);
    const camdenOfficer = await h.signIn('privacy.officer@camden.example');
    assert.equal((await camdenOfficer.get(`/audit/access-history/person/${person.personId}`)).statusCode, 404, 'Camden holds no record of this person');
  });

  it('keeps identity pages from roles without them', async () => {
    const referrer = await h.signIn('referrer@camden-schools.example');
    for (const url of ['/people/find', '/identity/reviews']) assert.equal((await referrer.get(url)).statusCode, 403, url);
    const caseworker = await h.signIn('caseworker@camden.example');
    assert.equal((await caseworker.get('/people/find')).statusCode, 200);
    assert.equal((await caseworker.get('/identity/reviews')).statusCode, 403);
  });
});
