// The family page and API through the real app (CSRF on): who may see it, what it shows, the add and end
// forms with their errors, the link from the person page, and one audit event per read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { apiWithKey, createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

describe('family page and API', () => {
  let h: Harness;
  let hub: Agent;
  const db = () => h.container.database.db.withTables<IdentityTables>();
  const people: Record<string, string> = {};

  async function held(agencyCode: string, record: Record<string, unknown>): Promise<string> {
    const agency = await db().selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
    const { key } = await h.container.apiKeys.create(systemActor('test'), { name: `${agencyCode} ${String(record.localId)}`, agencyId: agency.id, scopes: ['source-record.write'] });
    const res = await apiWithKey(h.app, key, 'POST', '/api/v1/source-records', record);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().personId;
  }
  const familyReads = async () => Number((await db().selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'person.family.read').where('outcome', '=', 'success').executeTakeFirstOrThrow()).n);

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    people.child = await held('la-202', { localId: 'CSC-1', forenames: 'Amara', surname: 'Stone', dateOfBirth: '2017-04-04', laCode: '202' });
    people.father = await held('london-probation-trust', { localId: 'LPT-1', forenames: 'Dean', surname: 'Stone', dateOfBirth: '1984-03-03' });
    people.sister = await held('met-police', { localId: 'MPS-1', forenames: 'Rae', surname: 'Stone', dateOfBirth: '2020-08-08' });
    await h.container.family.recordRelationships(db(), systemActor('test'), [
      { personId: people.father!, relatedPersonId: people.child!, kind: 'parent-of', source: 'agency-record' },
      { personId: people.child!, relatedPersonId: people.sister!, kind: 'sibling-of', source: 'contact' },
    ]);
    hub = await h.signIn('hub.practitioner@camden.example');
  });
  after(() => h.close());

  it('shows the household with names only from the hub’s own records, and a Think Family warning', async () => {
    const before = await familyReads();
    const page = await hub.get(`/people/${people.child}/family`);
    assert.equal(page.statusCode, 200);
    assert.equal(await familyReads(), before + 1, 'one audit event per read');
    assert.match(page.body, /Family and household/);
    assert.match(page.body, /Amara Stone/);
    assert.match(page.body, /Name held by another agency/);
    assert.doesNotMatch(page.body, /Dean|Rae|Metropolitan Police Service|London Probation/, 'other agencies’ names and values stay with them');
    assert.match(page.body, /govuk-warning-text/);
    assert.match(page.body, /Think Family: Household member \d is known to probation\. Consider the 2 children in this household: Amara Stone \(aged 9\), Household member \d \(aged 6\)\./);
    assert.match(page.body, /<strong class="govuk-tag govuk-tag--grey">Probation<\/strong>/);
    assert.match(page.body, /Child of Household member \d/);
    assert.equal(page.headers['cache-control'], 'no-store');
  });

  it('links to the family page from the person page', async () => {
    const page = await hub.get(`/people/${people.child}`);
    assert.match(page.body, new RegExp(`href="/people/${people.child}/family"`));
  });

  it('refuses the page to a referrer and a desk officer, and answers a restricted person as not found', async () => {
    const referrer = await h.signIn('referrer@camden-schools.example');
    assert.equal((await referrer.get(`/people/${people.child}/family`)).statusCode, 403);
    const desk = await h.signIn('desk.officer@met.example');
    assert.equal((await desk.get(`/people/${people.child}/family`)).statusCode, 403);
    assert.equal((await desk.api('GET', `/api/v1/persons/${people.child}/family`)).statusCode, 403);
    await db().updateTable('persons').set({ isRestricted: true }).where('id', '=', people.sister!).execute();
    assert.equal((await hub.get(`/people/${people.sister}/family`)).statusCode, 404);
    assert.equal((await hub.api('GET', `/api/v1/persons/${people.sister}/family`)).statusCode, 404);
    const page = await hub.get(`/people/${people.child}/family`);
    assert.match(page.body, /Consider the child in this household: Amara Stone \(aged 9\)\./, 'the restricted sister is not counted either');
    await db().updateTable('persons').set({ isRestricted: false }).where('id', '=', people.sister!).execute();
    assert.equal((await hub.get('/people/00000000-0000-4000-8000-000000000000/family')).statusCode, 404);
  });

  it('answers the API with the family view, and one audit event', async () => {
    const before = await familyReads();
    const res = await hub.api('GET', `/api/v1/persons/${people.child}/family`);
    assert.equal(res.statusCode, 200);
    assert.equal(await familyReads(), before + 1);
    const body = res.json();
    const father = body.members.find((m: { personId: string }) => m.personId === people.father);
    assert.deepEqual([father.displayName, father.flags, father.isChild, father.knownTo], [null, ['probation'], false, [{ agencyTypeCode: 'probation', agencyTypeName: 'Probation' }]]);
    assert.equal((await hub.api('GET', '/api/v1/persons/not-a-uuid/family')).statusCode, 400);
  });

  it('adds a relationship from the page, and explains what is missing', async () => {
    const url = `/people/${people.child}/family`;
    const missing = await hub.submit(url, `${url}/relationships`, { memberId: people.father! });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /govuk-error-summary/);
    assert.match(missing.body, /Choose how they are related/);
    const unknown = await hub.submit(url, `${url}/relationships`, { otherPersonId: '00000000-0000-4000-8000-000000000000', role: 'sibling' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /href="#otherPersonId"/);
    const added = await hub.submit(url, `${url}/relationships`, { memberId: people.father!, role: 'carer' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `${url}?added=1`);
    assert.match((await hub.get(added.headers.location as string)).body, /Relationship recorded/);
    const again = await hub.submit(url, `${url}/relationships`, { memberId: people.father!, role: 'carer' });
    assert.equal(again.headers.location, `${url}?unchanged=1`);
    const row = await db().selectFrom('relationships').select(['personId', 'relatedPersonId', 'source']).where('kind', '=', 'carer-of').executeTakeFirstOrThrow();
    assert.deepEqual(row, { personId: people.father, relatedPersonId: people.child, source: 'practitioner' });
    assert.equal((await hub.postRaw(`${url}/relationships`, { memberId: people.father!, role: 'carer' })).statusCode, 403, 'no CSRF token, no change');
  });

  it('ends a relationship with a reason, and refuses a stale form', async () => {
    const url = `/people/${people.child}/family`;
    const row = await db().selectFrom('relationships').select(['id', 'version']).where('kind', '=', 'carer-of').where('endedAt', 'is', null).executeTakeFirstOrThrow();
    const end = `${url}/relationships/${row.id}/end`;
    const noReason = await hub.submit(url, end, { version: String(row.version), reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, new RegExp(`href="#reason-${row.id}"`));
    assert.match(noReason.body, /Give the reason for ending the relationship/);
    const ended = await hub.submit(url, end, { version: String(row.version), reason: 'Father is not the carer: the grandmother is' });
    assert.equal(ended.statusCode, 303);
    const stale = await hub.submit(url, end, { version: String(row.version), reason: 'Father is not the carer: the grandmother is' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
  });
});
