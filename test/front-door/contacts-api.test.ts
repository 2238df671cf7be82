// The front-door API through the real app (CSRF on): partner systems send contacts with an API key (idempotent by
// their own reference), bad input is problem+json with field errors that never repeat what was sent, credentials
// and scopes are checked first, a batch loads its good rows whatever the bad ones do, and the hub, the manager and
// the police researcher carry a contact from screening to a signed-off decision with version checks.
// Every person here is invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiWithKey, createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { agencyId, apiKeyFor, child, createUser, db } from './factories.ts';

/** A contact as a partner system sends it (plain JSON). */
function body(overrides: Record<string, unknown> = {}) {
  return {
    laCode: '202',
    source: '2A',
    referrer: { name: 'Grace Adeyemi', role: 'Designated safeguarding lead', email: 'dsl@camden-schools.example' },
    children: [child()],
    concern: 'Told her teacher there is no food at home and she looks after her baby brother at night.',
    indicators: ['neglect'],
    consent: { position: 'given' },
    ...overrides,
  };
}

describe('front door: the contacts API', () => {
  let h: Harness;
  let schoolKey: string;
  let readOnlyKey: string;

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    schoolKey = (await apiKeyFor(h, 'la-202-education', ['contact.submit'])).key;
    readOnlyKey = (await apiKeyFor(h, 'la-202-education', ['reference.read'])).key;
    await createUser(h, 'second.manager@camden.example', 'Ifeoma Ward', 'la-202', 'hub-manager', '202');
  });
  after(() => h.close());

  describe('sending a contact', () => {
    it('creates a contact for a partner system’s key, and the same externalReference again returns it (200)', async () => {
      const sent = body({ externalReference: 'MIS-CONCERN-1001' });
      const first = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts', sent);
      assert.equal(first.statusCode, 201);
      const created = first.json();
      assert.match(created.reference, /^202-2026-\d{6}$/);
      assert.equal(created.status, 'screening');
      assert.deepEqual(Object.keys(created).sort(), ['contactId', 'reference', 'status']);

      const again = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts', sent);
      assert.equal(again.statusCode, 200);
      assert.deepEqual(again.json(), created);
      const stored = await db(h).selectFrom('contacts').select(['id', 'apiKeyId', 'referrerUserId']).where('externalReference', '=', 'MIS-CONCERN-1001').execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.referrerUserId, null);
      assert.notEqual(stored[0]!.apiKeyId, null);
    });

    it('answers a bad body with problem+json naming each field, without repeating what was sent', async () => {
      const res = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts', {
        ...body(),
        laCode: 'Camden',
        children: [{ forenames: 'Tobiah', surname: 'Kestlebury', dateOfBirth: '2019-02-30' }],
        concern: 'short',
        indicators: ['unknown-thing'],
        consent: { position: 'overridden' },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      const problem = res.json();
      assert.equal(problem.code, 'validation-failed');
      assert.ok(problem.correlationId);
      assert.deepEqual(Object.keys(problem.errors).sort(), ['children.0.dateOfBirth', 'concern', 'consent.authorisedBy', 'consent.exception', 'indicators.0', 'laCode']);
      assert.equal(problem.errors.concern, 'Describe the concern in your own words (at least 10 characters)');
      for (const value of ['Tobiah', 'Kestlebury', '2019-02-30', 'Camden', 'unknown-thing']) assert.ok(!res.body.includes(value), `the problem repeats ${value}`);
    });

    it('refuses a request without credentials (401) and a key without the contact.submit scope (403)', async () => {
      const before = await db(h).selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      for (const url of ['/api/v1/contacts/mine', `/api/v1/contacts/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`]) {
        const anonymous = await h.app.inject({ method: 'GET', url });
        assert.equal(anonymous.statusCode, 401);
        assert.equal(anonymous.json().code, 'unauthenticated');
      }
      // A POST with neither a key nor a session meets the CSRF check first (the platform runs it before the
      // sign-in check), so it is refused as 403 csrf-invalid rather than 401; either way nothing is made.
      const anonymous = await h.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body()) });
      assert.equal(anonymous.statusCode, 403);
      assert.equal(anonymous.json().code, 'csrf-invalid');
      const after = await db(h).selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
      const wrongKey = await apiWithKey(h.app, 'shk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'POST', '/api/v1/contacts', body());
      assert.equal(wrongKey.statusCode, 401);
      const scoped = await apiWithKey(h.app, readOnlyKey, 'POST', '/api/v1/contacts', { nonsense: true });
      assert.equal(scoped.statusCode, 403, 'refused before the body is looked at');
      assert.equal(scoped.json().code, 'forbidden');
      const denied = await db(h).selectFrom('auditEvents').select('action').where('action', '=', 'contact.submit').where('outcome', '=', 'denied').execute();
      assert.ok(denied.length >= 1, 'the refusal is audited');
    });

    it('lets a signed-in referrer send a contact with the CSRF token, and refuses it without', async () => {
      const referrer = await h.signIn('referrer@camden-schools.example');
      const ok = await referrer.api('POST', '/api/v1/contacts', body());
      assert.equal(ok.statusCode, 201);
      const noToken = await h.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: `safehub_session=${referrer.sessionCookie}`, 'content-type': 'application/json' }, payload: JSON.stringify(body()) });
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().code, 'csrf-invalid');
    });

    it('shows a partner system its own contacts, with status and outcome only', async () => {
      const res = await apiWithKey(h.app, schoolKey, 'GET', '/api/v1/contacts/mine');
      assert.equal(res.statusCode, 200);
      const { items } = res.json();
      assert.equal(items.length, 1, 'only the contact this key sent, not the referrer’s');
      assert.deepEqual(Object.keys(items[0]).sort(), ['id', 'laCode', 'outcome', 'receivedAt', 'reference', 'status', 'toldAt']);
      assert.equal(items[0].status, 'in-progress');
      const one = await apiWithKey(h.app, schoolKey, 'GET', `/api/v1/contacts/${items[0].id}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().level, 'referrer');
      assert.ok(!one.body.includes('no food at home'));
    });
  });

  describe('a batch', () => {
    it('loads the good rows, reports the bad one with its reasons (and no personal data), and changes nothing when sent again', async () => {
      const contacts = [
        body({ externalReference: 'MIS-B-1' }),
        body({ externalReference: 'MIS-B-2', children: [{ forenames: 'Sefa', surname: 'Marrowdene', dateOfBirth: '2031-13-01' }] }),
        body({ externalReference: 'MIS-B-3' }),
        body(),
        body({ externalReference: 'MIS-B-5', laCode: '999' }),
      ];
      const first = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts/batch', { contacts });
      assert.equal(first.statusCode, 200);
      const result = first.json();
      assert.deepEqual([result.received, result.created, result.unchanged, result.rejected], [5, 2, 0, 3]);
      assert.deepEqual(
        result.results.map((r: { row: number; status: string }) => [r.row, r.status]),
        [
          [1, 'created'],
          [2, 'rejected'],
          [3, 'created'],
          [4, 'rejected'],
          [5, 'rejected'],
        ],
      );
      assert.deepEqual(result.results[1].errors, { 'children.0.dateOfBirth': 'Date of birth must be a real date after 1900' });
      assert.deepEqual(Object.keys(result.results[3].errors), ['externalReference'], 'a batch row needs its own reference');
      assert.deepEqual(result.results[4].errors, { laCode: 'Select a London local authority' });
      for (const value of ['Sefa', 'Marrowdene', '2031-13-01']) assert.ok(!first.body.includes(value), `the result repeats ${value}`);
      const stored = await db(h).selectFrom('contacts').select('externalReference').where('externalReference', 'like', 'MIS-B-%').execute();
      assert.deepEqual(stored.map((s) => s.externalReference).sort(), ['MIS-B-1', 'MIS-B-3']);

      const again = (await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts/batch', { contacts })).json();
      assert.deepEqual([again.created, again.unchanged, again.rejected], [0, 2, 3]);
      assert.equal(again.results[0].contactId, result.results[0].contactId);
    });

    it('refuses an empty batch and one of more than 500', async () => {
      const empty = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts/batch', { contacts: [] });
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().errors.contacts, 'Send at least one contact');
      const big = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts/batch', { contacts: Array.from({ length: 501 }, () => ({})) });
      assert.equal(big.statusCode, 400);
      assert.equal(big.json().errors.contacts, 'Send 500 contacts or fewer');
    });
  });

  describe('the hub at work', () => {
    let practitioner: Agent;
    let manager: Agent;
    let contactId: string;

    before(async () => {
      practitioner = await h.signIn('hub.practitioner@camden.example');
      manager = await h.signIn('hub.manager@camden.example', 'hub-manager');
      const sent = await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts', body({ externalReference: 'MIS-HUB-1', children: [child({ forenames: 'Ilse', surname: 'Wyncliffe' })] }));
      contactId = sent.json().contactId;
    });

    it('lists the hub queue with filters given as codes, and refuses unknown codes', async () => {
      const all = await practitioner.api('GET', '/api/v1/hub/queue?sort=received');
      assert.equal(all.statusCode, 200);
      const queue = all.json();
      assert.ok(queue.items.some((i: { id: string }) => i.id === contactId));
      assert.ok(queue.items.every((i: { status: string }) => i.status !== 'with-allocated-worker'));
      const unrated = await practitioner.api('GET', '/api/v1/hub/queue?rag=red,amber');
      assert.deepEqual(unrated.json().items, [], 'nothing is rated yet');
      const bad = await practitioner.api('GET', '/api/v1/hub/queue?rag=purple&sort=name');
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().errors).sort(), ['rag.0', 'sort']);
    });

    it('screens, records the section 47 track, asks the police, takes their answer, decides and signs off, with version checks', async () => {
      const view = (await practitioner.api('GET', `/api/v1/contacts/${contactId}`)).json();
      assert.equal(view.level, 'hub');
      assert.equal(view.people[0].surname, 'Wyncliffe');
      let version: number = view.contact.version;

      const screened = await practitioner.api('POST', `/api/v1/contacts/${contactId}/screening`, { version, rag: 'red', thresholdLevel: 4, reason: 'Young child caring for a baby at night' });
      assert.equal(screened.statusCode, 200);
      assert.equal(screened.json().version, version + 1);
      const stale = await practitioner.api('POST', `/api/v1/contacts/${contactId}/screening`, { version, rag: 'amber', thresholdLevel: 3, reason: 'Second thoughts' });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().code, 'conflict');
      version = screened.json().version;

      const red = (await practitioner.api('GET', '/api/v1/hub/queue?rag=red')).json();
      assert.deepEqual(red.items.map((i: { id: string }) => i.id), [contactId]);

      const badConsent = await practitioner.api('POST', `/api/v1/contacts/${contactId}/consent`, { version, position: 'overridden' });
      assert.equal(badConsent.statusCode, 400);
      assert.ok('authorisedBy' in badConsent.json().errors);
      const consent = await practitioner.api('POST', `/api/v1/contacts/${contactId}/consent`, { version, position: 'refused', reason: 'Mother refused on the phone' });
      assert.equal(consent.statusCode, 200);
      version = consent.json().version;

      const police = await agencyId(h, 'met-police');
      const refused = await practitioner.api('POST', `/api/v1/contacts/${contactId}/checks`, { version, agencyIds: [police], question: 'Any incidents at the address?' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().errors.agencyIds, /cannot ask partners for checks/);

      assert.equal((await practitioner.api('POST', `/api/v1/contacts/${contactId}/section-47-track`, { version, reason: 'Strategy discussion held with police by phone' })).statusCode, 200);
      version += 1;
      const asked = await practitioner.api('POST', `/api/v1/contacts/${contactId}/checks`, { version, agencyIds: [police], question: 'Any incidents at the address?' });
      assert.equal(asked.statusCode, 200);
      assert.equal(asked.json().requested, 1);
      version = asked.json().version;

      const researcher = await h.signIn('police.researcher@met.example');
      const checks = (await researcher.api('GET', '/api/v1/checks')).json();
      assert.equal(checks.items.length, 1);
      const checkId: string = checks.items[0].id;
      const check = await researcher.api('GET', `/api/v1/checks/${checkId}`);
      assert.equal(check.json().check.basis, 'section-47');
      const unexplained = await researcher.api('POST', `/api/v1/checks/${checkId}/response`, { version: 1, kind: 'disclosed', disclosure: 'Two domestic incidents this year', decidedByName: 'Sarah Whitfield' });
      assert.equal(unexplained.statusCode, 400);
      assert.deepEqual(Object.keys(unexplained.json().errors).sort(), ['lawfulBasis', 'sharingWhat', 'sharingWhy']);
      const answer = await researcher.api('POST', `/api/v1/checks/${checkId}/response`, {
        version: 1,
        kind: 'disclosed',
        disclosure: 'Two domestic incidents this year',
        sharingWhat: 'Dates and outline of incidents',
        sharingWhy: 'Needed to judge the risk to the children',
        lawfulBasis: 'public-task',
        decidedByName: 'Sarah Whitfield',
      });
      assert.equal(answer.statusCode, 200);
      assert.equal((await researcher.api('GET', '/api/v1/checks?status=answered')).json().items.length, 1);

      const decided = await manager.api('POST', `/api/v1/contacts/${contactId}/decision`, { version, outcome: 'section-47-strategy-discussion', thresholdLevel: 4, rationale: 'Significant harm is likely: convene a strategy discussion' });
      assert.equal(decided.statusCode, 200);
      assert.equal(decided.json().needsSignOff, true);
      version = decided.json().version;
      const self = await manager.api('POST', `/api/v1/contacts/${contactId}/sign-off`, { version, approve: 'yes' });
      assert.equal(self.statusCode, 400);
      const notManager = await practitioner.api('POST', `/api/v1/contacts/${contactId}/sign-off`, { version, approve: 'yes' });
      assert.equal(notManager.statusCode, 403);

      const before = (await apiWithKey(h.app, schoolKey, 'GET', `/api/v1/contacts/${contactId}`)).json();
      assert.deepEqual([before.contact.status, before.contact.outcome], ['in-progress', null]);
      const second = await h.signIn('second.manager@camden.example');
      assert.equal((await second.api('POST', `/api/v1/contacts/${contactId}/sign-off`, { version, approve: 'yes' })).statusCode, 200);
      const after = (await apiWithKey(h.app, schoolKey, 'GET', `/api/v1/contacts/${contactId}`)).json();
      assert.deepEqual([after.contact.status, after.contact.outcome], ['decided', 'section-47-strategy-discussion']);
    });

    it('allocates a decided referral and transfers another contact, refusing hub actions to API keys', async () => {
      const sent = (await apiWithKey(h.app, schoolKey, 'POST', '/api/v1/contacts', body({ externalReference: 'MIS-HUB-2' }))).json();
      assert.equal((await apiWithKey(h.app, schoolKey, 'POST', `/api/v1/contacts/${sent.contactId}/screening`, { version: 1, rag: 'red', thresholdLevel: 4, reason: 'A key cannot rate' })).statusCode, 403);
      const transferred = await practitioner.api('POST', `/api/v1/contacts/${sent.contactId}/transfer`, { version: 1, toLaCode: '203', reason: 'The family has moved to Greenwich' });
      assert.equal(transferred.statusCode, 200);
      const readOnly = (await practitioner.api('GET', `/api/v1/contacts/${sent.contactId}`)).json();
      assert.equal(readOnly.level, 'hub-read-only');
      assert.equal((await practitioner.api('POST', `/api/v1/contacts/${sent.contactId}/screening`, { version: 2, rag: 'red', thresholdLevel: 4, reason: 'Not ours now' })).statusCode, 403);

      const caseworker = await db(h).selectFrom('users').select('id').where('email', '=', 'caseworker@camden.example').executeTakeFirstOrThrow();
      const current = (await manager.api('GET', `/api/v1/contacts/${contactId}`)).json();
      const allocated = await manager.api('POST', `/api/v1/contacts/${contactId}/allocate`, { version: current.contact.version, workerUserId: caseworker.id });
      assert.equal(allocated.statusCode, 200);
      const allocation = await db(h).selectFrom('childAllocations').select('workerUserId').where('contactId', '=', contactId).execute();
      assert.deepEqual(allocation, [{ workerUserId: caseworker.id }]);
    });
  });

  it('documents the front-door routes in the OpenAPI document', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    for (const path of ['/api/v1/contacts', '/api/v1/contacts/batch', '/api/v1/contacts/import', '/api/v1/contacts/mine', '/api/v1/contacts/{id}', '/api/v1/hub/queue', '/api/v1/contacts/{id}/screening', '/api/v1/checks/{id}/response']) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    assert.deepEqual(doc.paths['/api/v1/contacts'].post.tags, ['front-door']);
    assert.ok(doc.paths['/api/v1/contacts/import'].post.requestBody.content['text/csv']);
  });
});
