// The registry with the real matching engine and its default model, over a small Synthetic London loaded
// through the bulk loader: the hub finds a person whose name it misspells, and a new record arriving from
// another agency joins the right person. (The engine's accuracy is measured in bench/identity-*.bench.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadSynthetic } from '../../src/main/container.ts';
import { personFieldsSchema, sourceRecordSchema, type IdentityTables } from '../../src/modules/identity/index.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';

describe('registry with the matching engine', () => {
  let h: Harness;
  let hub: Agent;
  const db = () => h.container.database.db.withTables<IdentityTables>();

  before(async () => {
    h = await createHarness();
    const loaded = await loadSynthetic(h.container, 2009, 0.0004);
    assert.ok(loaded.inserted > 1000, `loaded ${loaded.inserted} records`);
    assert.ok(loaded.people < loaded.inserted, 'the engine joined records of the same person');
    hub = await h.signIn('hub.practitioner@camden.example');
  });
  after(() => h.close());

  /** A person the agencies know through at least two records, with a date of birth. */
  async function knownPerson() {
    const rows = await db()
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select(['l.personId', 'r.forenames', 'r.surname', 'r.dateOfBirth', 'r.postcode'])
      .where('l.endedAt', 'is', null)
      .where('r.dateOfBirth', 'is not', null)
      .where('l.personId', 'in', (eb) => eb.selectFrom('personLinks').select('personId').where('endedAt', 'is', null).groupBy('personId').having((x) => x.fn.countAll(), '>=', 3))
      .orderBy('r.id')
      .limit(1)
      .execute();
    assert.ok(rows[0], 'the demo has people known to several agencies');
    return rows[0];
  }

  it('finds a person through the API although the surname is misspelt', async () => {
    const p = await knownPerson();
    const misspelt = p.surname.length > 3 ? p.surname.slice(0, 2) + p.surname[3] + p.surname[2] + p.surname.slice(4) : p.surname;
    const res = await hub.api('POST', '/api/v1/persons/match', { forenames: p.forenames, surname: misspelt, dateOfBirth: p.dateOfBirth, postcode: p.postcode });
    assert.equal(res.statusCode, 200);
    const [top] = res.json().items;
    assert.equal(top.personId, p.personId);
    assert.ok(top.probability >= h.container.identity.bands.review, `probability ${top.probability}`);
    assert.ok(top.knownTo.length >= 1);
    assert.ok(top.evidence.some((e: { field: string }) => e.field === 'surname'));
  });

  it('links a record from a new agency to the person it belongs to', async () => {
    const p = await knownPerson();
    const agent = await h.signIn('police.researcher@met.example');
    const res = await agent.api('POST', '/api/v1/source-records', {
      localId: 'MP-TEST-1',
      forenames: p.forenames,
      surname: p.surname,
      dateOfBirth: p.dateOfBirth,
      postcode: p.postcode,
    });
    assert.equal(res.statusCode, 201);
    const body = res.json();
    assert.ok(['linked-automatically', 'sent-to-review'].includes(body.outcome), body.outcome);
    if (body.outcome === 'linked-automatically') assert.equal(body.personId, p.personId);
    else {
      const review = await db().selectFrom('matchReviews').select('candidatePersonId').where('sourceRecordId', '=', body.sourceRecordId).executeTakeFirstOrThrow();
      assert.equal(review.candidatePersonId, p.personId);
    }
  });

  it('does not join a stranger to anyone', async () => {
    const stranger = personFieldsSchema.parse({ forenames: 'Zephyrine', surname: 'Quillborough', dateOfBirth: '1931-02-17', postcode: 'ZE9 9ZZ' });
    const found = await hub.api('POST', '/api/v1/persons/match', stranger);
    assert.equal(found.statusCode, 200);
    const results = found.json().items as { probability: number }[];
    assert.ok(results.every((r) => r.probability < h.container.identity.bands.review), 'nobody is even a possible match');
    const record = sourceRecordSchema.parse({ localId: 'MP-TEST-2', ...stranger });
    const agent = await h.signIn('police.researcher@met.example');
    const res = await agent.api('POST', '/api/v1/source-records', record);
    assert.equal(res.json().outcome, 'new-person');
  });
});
