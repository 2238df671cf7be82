// Think Family at the front door: a contact records who lives with whom; a later concern naming an adult known to
// adult mental health services raises a prompt about that adult's children who were not named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import { contactInputSchema } from '../../src/modules/front-door/front-door.forms.ts';
import { sourceRecordSchema } from '../../src/modules/identity/identity.forms.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

const MOTHER_NHS = '9434765870';

describe('Think Family at the front door', () => {
  let h: Harness;
  let teacher: UserActor;

  const actorOf = (a: Agent): Promise<UserActor> => h.actorOf(a);

  const mother = { forenames: 'Ingrid', surname: 'Sorensen', dateOfBirth: '1985-06-30', nhsNumber: MOTHER_NHS, relationship: 'mother' };
  const child = (forenames: string, dateOfBirth: string, nhsNumber: string) => ({ forenames, surname: 'Sorensen', dateOfBirth, nhsNumber });
  const FREYA = child('Freya', '2015-01-20', '9434765919');
  const OSKAR = child('Oskar', '2018-11-02', '9999999999');

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    teacher = await actorOf(await h.signIn('referrer@camden-schools.example'));
  });
  after(() => h.close());

  it('records the household from a contact, and prompts about unnamed children of an adult known to adult mental health', async () => {
    const base = { laCode: '202', source: '2A', referrer: { name: 'Grace Adeyemi' }, concern: 'The children arrive late and hungry most days.', indicators: ['neglect'], consent: { position: 'given' } };
    await h.container.frontDoor.submit(teacher, contactInputSchema.parse({ ...base, children: [FREYA, { ...OSKAR, nhsNumber: null }], adults: [mother] }));

    // The mental health trust holds a record of the mother (linked by her NHS number).
    const slam = await h.container.database.db.selectFrom('agencies').select('id').where('code', '=', 'slam').executeTakeFirstOrThrow();
    const prepared = await h.container.identity.prepareRegistrations(slam.id, [sourceRecordSchema.parse({ localId: 'SLAM-1', forenames: 'Ingrid', surname: 'Sorensen', dateOfBirth: '1985-06-30', nhsNumber: MOTHER_NHS })]);
    await h.container.database.db.transaction().execute(async (trx) => {
      const { results, auditEntries } = await prepared.write(trx as never, systemActor('test'));
      assert.equal(results[0]!.outcome, 'linked-automatically');
      await h.container.audit.recordMany(trx, systemActor('test'), auditEntries);
    });

    // A new concern names Freya and her mother, not Oskar.
    const second = await h.container.frontDoor.submit(teacher, contactInputSchema.parse({ ...base, concern: 'Freya says her mother has been unwell and in bed for days.', children: [FREYA], adults: [mother] }));
    const alerts = await h.container.database.db
      .withTables<{ contactAlerts: { contactId: string; kind: string; details: unknown } }>()
      .selectFrom('contactAlerts')
      .select(['kind', 'details'])
      .where('contactId', '=', second.contactId)
      .execute();
    const thinkFamily = alerts.find((a) => a.kind === 'think-family');
    assert.ok(thinkFamily, 'a Think Family prompt is raised');
    assert.deepEqual((thinkFamily.details as { flags: string[] }).flags, ['adult-mental-health']);
    assert.equal((thinkFamily.details as { children: number }).children, 1, 'Oskar, who was not named');

    const hub = await h.signIn('hub.practitioner@camden.example');
    const page = await hub.get(`/contacts/${second.contactId}`);
    assert.match(page.body, /Think Family: consider the children of an adult known to adult services: 1 child lives with this adult/);
  });

  it("offers the hub the household's other members it holds records of, and adds one to the contact", async () => {
    const base = { laCode: '202', source: '2A', referrer: { name: 'Grace Adeyemi' }, concern: 'Freya was upset at school today and did not want to talk.', indicators: ['emotional-abuse'], consent: { position: 'given' } };
    const third = await h.container.frontDoor.submit(teacher, contactInputSchema.parse({ ...base, children: [FREYA] }));
    const hub = await h.signIn('hub.practitioner@camden.example');
    const page = await hub.get(`/contacts/${third.contactId}`);
    assert.match(page.body, /Others in the household/);
    assert.match(page.body, /Oskar Sorensen/);
    assert.match(page.body, /Ingrid Sorensen/);
    assert.match(page.body, /Think Family: known to adult mental health/);
    const oskar = /name="personId" value="([0-9a-f-]{36})"><input type="hidden" name="role" value="child">/.exec(page.body)![1]!;
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const res = await hub.submit(`/contacts/${third.contactId}`, `/contacts/${third.contactId}/people`, { version, personId: oskar, role: 'child', relationship: '' });
    assert.equal(res.statusCode, 303);
    const after = await hub.get(res.headers.location as string);
    assert.match(after.body, /Added to this contact/);
    const named = await h.container.database.db
      .withTables<{ contactPersons: { contactId: string; personId: string; matchOutcome: string } }>()
      .selectFrom('contactPersons')
      .select(['personId', 'matchOutcome'])
      .where('contactId', '=', third.contactId)
      .execute();
    assert.deepEqual(named.map((n) => n.matchOutcome).sort(), ['added-from-household', 'linked-automatically']);
    const again = await hub.submit(`/contacts/${third.contactId}`, `/contacts/${third.contactId}/people`, { version: String(Number(version) + 1), personId: oskar, role: 'child', relationship: '' });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already named in this contact/);
  });
});
