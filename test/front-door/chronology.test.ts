// The merged chronology: one child recorded by two boroughs is one story; each hub sees its own contacts in full
// and the other borough's as codes only; alerts fire across contacts; outsiders get "not found"; reads are audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { contactInputSchema } from '../../src/modules/front-door/front-door.forms.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

const NHS = '9434765919';

describe('merged chronology', () => {
  let h: Harness;
  let teacher: UserActor;
  let hub: Agent;
  let childId: string;
  let camdenContact: string;

  const actorOf = (a: Agent): Promise<UserActor> => h.actorOf(a);

  const contact = (laCode: string, concern: string) =>
    contactInputSchema.parse({
      laCode,
      source: '2A',
      referrer: { name: 'Grace Adeyemi' },
      children: [{ forenames: 'Nia', surname: 'Castellanos', dateOfBirth: '2014-09-09', nhsNumber: NHS }],
      concern,
      indicators: ['neglect'],
      consent: { position: 'given' },
    });

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    teacher = await actorOf(await h.signIn('referrer@camden-schools.example'));
    // Greenwich first (a month earlier), then Camden: the same child by NHS number.
    const greenwich = await h.container.frontDoor.submit(teacher, contact('203', 'Greenwich concern: the child was left alone overnight.'));
    (h.clock as unknown as { advance(ms: number): void }).advance(3 * 86_400_000);
    const camden = await h.container.frontDoor.submit(teacher, contact('202', 'Camden concern: the child is often hungry at school.'));
    camdenContact = camden.contactId;
    hub = await h.signIn('hub.practitioner@camden.example');
    const people = await h.container.database.db
      .withTables<{ contactPersons: { contactId: string; personId: string } }>()
      .selectFrom('contactPersons')
      .select(['contactId', 'personId'])
      .where('contactId', 'in', [greenwich.contactId, camden.contactId])
      .execute();
    assert.equal(new Set(people.map((p) => p.personId)).size, 1, 'both contacts name the same person');
    childId = people[0]!.personId;
  });
  after(() => h.close());

  it('raises the two-concerns-in-7-days alert on the second contact, across boroughs', async () => {
    const alerts = await h.container.database.db
      .withTables<{ contactAlerts: { contactId: string; kind: string } }>()
      .selectFrom('contactAlerts')
      .select('kind')
      .where('contactId', '=', camdenContact)
      .execute();
    assert.deepEqual(alerts.map((a) => a.kind).sort(), ['repeat-concern-7-days']);
  });

  it("shows Camden its own contact in full and Greenwich's as codes only", async () => {
    const res = await hub.get(`/people/${childId}/chronology`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Camden concern: the child is often hungry/);
    assert.doesNotMatch(res.body, /left alone overnight/, "another borough's words are not shown");
    assert.match(res.body, /Contact to Royal Borough of Greenwich hub: Neglect|Contact to Greenwich hub: Neglect/);
    assert.match(res.body, /Held by .*Greenwich.*: ask that hub for the detail/);
    const entries = [...res.body.matchAll(/<li class="safehub-timeline__item/g)].length;
    assert.ok(entries >= 2);
  });

  it('filters by type and by significance', async () => {
    const res = await hub.get(`/people/${childId}/chronology?kind=decision`);
    assert.match(res.body, /Nothing matches these filters/);
    const sig = await hub.get(`/people/${childId}/chronology?significant=yes`);
    assert.match(sig.body, /Showing 0 of/);
  });

  it('refuses anyone without a relationship to the child, and audits every read', async () => {
    const before = await h.container.database.db.selectFrom('auditEvents').select('seq').where('action', '=', 'chronology.read').where('recordId', '=', childId).execute();
    await hub.get(`/people/${childId}/chronology`);
    const afterReads = await h.container.database.db.selectFrom('auditEvents').select('seq').where('action', '=', 'chronology.read').where('recordId', '=', childId).execute();
    assert.equal(afterReads.length, before.length + 1);
    const caseworker = await h.signIn('caseworker@camden.example');
    assert.equal((await caseworker.get(`/people/${childId}/chronology`)).statusCode, 404, 'no allocation, no chronology');
    const police = await h.signIn('police.researcher@met.example');
    assert.equal((await police.get(`/people/${childId}/chronology`)).statusCode, 403);
    assert.equal((await hub.get('/people/00000000-0000-4000-8000-000000000000/chronology')).statusCode, 404);
  });
});
