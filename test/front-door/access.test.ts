// Need-to-know at the front door (DESIGN section 5): agency A cannot see what only agency B holds. A partner
// agency sees only the checks asked of it, with its own records of the people named and never another agency's;
// a referrer sees the status and outcome of their own contacts only; another authority's hub, a system
// administrator and anyone else get "not found". Every read is audited, and so is every refused read.
// Every person here is invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { ForbiddenError, NotFoundError } from '../../src/kernel/errors.ts';
import type { ContactsService } from '../../src/modules/front-door/contacts.service.ts';
import { sourceRecordSchema } from '../../src/modules/identity/identity.forms.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { actorFor, actors, agencyId, apiKeyFor, child, contactFactory, createUser, db, type ContactRow } from './factories.ts';

describe('front door: who may see what', () => {
  let h: Harness;
  let service: ContactsService;
  let who: ReturnType<typeof actors>;
  let healthResearcher: () => Promise<UserActor>;
  let greenwichHub: () => Promise<UserActor>;
  let hackneyReferrer: () => Promise<UserActor>;

  /** The contact the police and health were both asked about. */
  let checked: ContactRow;
  /** A contact about the same child that no partner was asked about. */
  let unchecked: ContactRow;
  let policeCheckId: string;
  let healthCheckId: string;
  const CONCERN = 'Disclosed to a teacher that an older cousin keeps a knife at the flat.';
  const SECRET_CONCERN = 'Hackney school: younger sibling has missed nine days without explanation.';

  const audited = async (action: string, outcome: 'success' | 'denied', recordId?: string) => {
    let q = db(h).selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).where('outcome', '=', outcome);
    if (recordId) q = q.where('recordId', '=', recordId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    service = h.container.frontDoor;
    who = actors(h);
    const contacts = contactFactory(h);
    await createUser(h, 'health.researcher@whittington.example', 'Nadia Forsythe', 'whittington-health', 'agency-researcher', 'whittington-health');
    await createUser(h, 'hub.practitioner@greenwich.example', 'Rhys Calloway', 'la-203', 'hub-practitioner', '203');
    await createUser(h, 'referrer@hackney-schools.example', 'Bea Lowther', 'la-204-education', 'referrer', 'la-204-education');
    healthResearcher = () => actorFor(h, 'health.researcher@whittington.example', 'agency-researcher');
    greenwichHub = () => actorFor(h, 'hub.practitioner@greenwich.example', 'hub-practitioner');
    hackneyReferrer = () => actorFor(h, 'referrer@hackney-schools.example', 'referrer');

    // The police and the health trust each hold their own record of the same boy (the same NHS number).
    const boy = child({ forenames: 'Jory', surname: 'Penhallow', dateOfBirth: '2012-09-14' });
    const police = await apiKeyFor(h, 'met-police', ['source-record.write']);
    const health = await apiKeyFor(h, 'whittington-health', ['source-record.write']);
    const record = (fields: Record<string, unknown>) => sourceRecordSchema.parse({ forenames: boy.forenames, surname: boy.surname, dateOfBirth: boy.dateOfBirth, nhsNumber: boy.nhsNumber, ...fields });
    const policeRecord = await h.container.identity.register(police.actor, record({ localId: 'MPS-NOMINAL-7731', address: '14 Larkspur Mews', postcode: 'NW1 9ZZ', laCode: '202' }));
    const healthRecord = await h.container.identity.register(health.actor, record({ localId: 'WH-MRN-550210', address: '3 Orchid Court', postcode: 'N19 9ZZ' }));
    assert.equal(healthRecord.personId, policeRecord.personId, 'the two records are one person');

    checked = await contacts.awaitingChecks(['met-police', 'whittington-health'], 'amber', { children: [boy], concern: CONCERN });
    unchecked = await contacts.screened('green', { children: [boy] });
    const checks = await db(h).selectFrom('agencyChecks').select(['id', 'agencyId']).where('contactId', '=', checked.id).execute();
    const metId = await agencyId(h, 'met-police');
    policeCheckId = checks.find((c) => c.agencyId === metId)!.id;
    healthCheckId = checks.find((c) => c.agencyId !== metId)!.id;

    // Another school's referrer sends a contact of their own.
    await contacts.awaitingScreening({ laCode: '204', concern: SECRET_CONCERN }, await hackneyReferrer());
  });
  after(() => h.close());

  describe('a partner agency (the police researcher)', () => {
    it('sees in its queue only the check asked of the police, not the health check on the same contact', async () => {
      const queue = await service.checkQueue(await who.policeResearcher());
      assert.deepEqual(queue.items.map((i) => i.id), [policeCheckId]);
      assert.equal(queue.total, 1);
      const health = await service.checkQueue(await healthResearcher());
      assert.deepEqual(health.items.map((i) => i.id), [healthCheckId]);
    });

    it('gets "not found" for the health check, and for the contacts themselves', async () => {
      const researcher = await who.policeResearcher();
      await assert.rejects(service.check(researcher, healthCheckId), NotFoundError);
      await assert.rejects(service.respondToCheck(researcher, healthCheckId, 1, { kind: 'no-information', disclosure: null, sharingWhat: null, sharingWhy: null, lawfulBasis: null, decidedByName: 'S W', declineReason: null }), NotFoundError);
      await assert.rejects(service.contact(researcher, checked.id), NotFoundError, 'a check shows the question, not the contact');
      await assert.rejects(service.contact(researcher, unchecked.id), NotFoundError);
      await assert.rejects(service.queue(researcher), ForbiddenError);
    });

    it('sees its own agency’s records of the people named, never another agency’s', async () => {
      const view = await service.check(await who.policeResearcher(), policeCheckId);
      const [boy] = view.people;
      assert.deepEqual(
        boy!.ownRecords.map((r) => r.localId),
        ['MPS-NOMINAL-7731'],
      );
      const json = JSON.stringify(view);
      for (const value of ['WH-MRN-550210', '3 Orchid Court', 'N19 9ZZ']) assert.ok(!json.includes(value), `the police view shows the health trust's ${value}`);
      assert.ok(!json.includes(CONCERN), 'the referrer’s words are the hub’s, not shown with the check');

      const healthView = await service.check(await healthResearcher(), healthCheckId);
      assert.deepEqual(healthView.people[0]!.ownRecords.map((r) => r.localId), ['WH-MRN-550210']);
      const healthJson = JSON.stringify(healthView);
      for (const value of ['MPS-NOMINAL-7731', '14 Larkspur Mews', 'NW1 9ZZ']) assert.ok(!healthJson.includes(value), `the health view shows the police's ${value}`);
    });
  });

  describe('a referrer', () => {
    it('sees only their own contacts, with status and outcome only', async () => {
      const mine = await service.myContacts(await who.referrer());
      const ids = mine.items.map((i) => i.id).sort();
      assert.deepEqual(ids, [checked.id, unchecked.id].sort());
      for (const item of mine.items) assert.deepEqual(Object.keys(item).sort(), ['id', 'laCode', 'outcome', 'receivedAt', 'reference', 'status', 'toldAt']);
      assert.ok(!JSON.stringify(mine).includes(SECRET_CONCERN));
      const theirs = await service.myContacts(await hackneyReferrer());
      assert.equal(theirs.items.length, 1);
      assert.ok(!theirs.items.some((i) => i.id === checked.id));
    });

    it('sees the status and outcome of their own contact, and not its concern, checks or people', async () => {
      const view = await service.contact(await who.referrer(), checked.id);
      assert.equal(view.level, 'referrer');
      assert.deepEqual(view.checks, []);
      assert.deepEqual(view.screenings, []);
      assert.deepEqual(view.alerts, []);
      assert.deepEqual(view.people, [], 'the referrer view carries no personal data');
      const json = JSON.stringify(view);
      for (const value of [CONCERN, 'Penhallow', 'Metropolitan Police']) assert.ok(!json.includes(value), `the referrer view shows ${value}`);
      assert.deepEqual(Object.keys(view.contact).sort(), ['id', 'laCode', 'outcome', 'receivedAt', 'reference', 'status', 'toldAt']);
    });

    it('gets "not found" for another referrer’s contact', async () => {
      await assert.rejects(service.contact(await hackneyReferrer(), checked.id), NotFoundError);
    });
  });

  describe('another authority’s hub and the system administrator', () => {
    it('answers the Greenwich hub "not found" for a Camden contact, with an empty queue', async () => {
      const greenwich = await greenwichHub();
      await assert.rejects(service.contact(greenwich, checked.id), NotFoundError);
      await assert.rejects(service.screen(greenwich, checked.id, checked.version, { rag: 'red', thresholdLevel: 4, reason: 'Not ours to rate' }), NotFoundError);
      const queue = await service.queue(greenwich);
      assert.deepEqual([queue.items, queue.total, queue.counts.overdue], [[], 0, 0]);
      assert.deepEqual(queue.counts.rag, {});
    });

    it('refuses the system administrator: no case data by default', async () => {
      const admin = await who.admin();
      await assert.rejects(service.contact(admin, checked.id), NotFoundError);
      await assert.rejects(service.queue(admin), ForbiddenError);
      await assert.rejects(service.checkQueue(admin), ForbiddenError);
      await assert.rejects(service.check(admin, policeCheckId), ForbiddenError);
    });
  });

  describe('the audit trail', () => {
    it('records every read of a contact and of a check', async () => {
      const reads = await audited('contact.read', 'success', checked.id);
      await service.contact(await who.practitioner(), checked.id);
      await service.contact(await who.referrer(), checked.id);
      assert.equal(await audited('contact.read', 'success', checked.id), reads + 2);
      const checkReads = await audited('agency-check.read', 'success', policeCheckId);
      await service.check(await who.policeResearcher(), policeCheckId);
      assert.equal(await audited('agency-check.read', 'success', policeCheckId), checkReads + 1);
    });

    it('records every refused read with the outcome "denied"', async () => {
      const contactDenials = await audited('contact.read', 'denied', checked.id);
      await assert.rejects(service.contact(await greenwichHub(), checked.id), NotFoundError);
      await assert.rejects(service.contact(await who.policeResearcher(), checked.id), NotFoundError);
      await assert.rejects(service.contact(await who.admin(), checked.id), NotFoundError);
      assert.equal(await audited('contact.read', 'denied', checked.id), contactDenials + 3);

      const checkDenials = await audited('agency-check.read', 'denied', healthCheckId);
      await assert.rejects(service.check(await who.policeResearcher(), healthCheckId), NotFoundError);
      assert.equal(await audited('agency-check.read', 'denied', healthCheckId), checkDenials + 1);

      const unknown = await audited('contact.read', 'denied');
      await assert.rejects(service.contact(await who.practitioner(), '00000000-0000-4000-8000-000000000000'), NotFoundError);
      assert.equal(await audited('contact.read', 'denied'), unknown + 1, 'a look for a contact that does not exist is recorded too');
    });

    it('keeps case text out of the audit events', async () => {
      const events = await db(h).selectFrom('auditEvents').select(['details', 'fields']).execute();
      const json = JSON.stringify(events);
      for (const value of [CONCERN, SECRET_CONCERN, 'Penhallow', 'Larkspur']) assert.ok(!json.includes(value), `an audit event holds ${value}`);
    });
  });

  describe('through the API', () => {
    let police: Agent;
    before(async () => {
      police = await h.signIn('police.researcher@met.example');
    });

    it('gives the police researcher 404 for the contact and the health check, and their own check', async () => {
      assert.equal((await police.api('GET', `/api/v1/contacts/${checked.id}`)).statusCode, 404);
      assert.equal((await police.api('GET', `/api/v1/contacts/${unchecked.id}`)).statusCode, 404);
      assert.equal((await police.api('GET', `/api/v1/checks/${healthCheckId}`)).statusCode, 404);
      const own = await police.api('GET', `/api/v1/checks/${policeCheckId}`);
      assert.equal(own.statusCode, 200);
      assert.ok(!own.body.includes('WH-MRN-550210'));
      const list = await police.api('GET', '/api/v1/checks');
      assert.deepEqual(list.json().items.map((i: { id: string }) => i.id), [policeCheckId]);
      assert.equal((await police.api('GET', '/api/v1/hub/queue')).statusCode, 403);
    });

    it('gives another authority’s hub 404 and an empty queue', async () => {
      const greenwich = await h.signIn('hub.practitioner@greenwich.example');
      assert.equal((await greenwich.api('GET', `/api/v1/contacts/${checked.id}`)).statusCode, 404);
      const queue = await greenwich.api('GET', '/api/v1/hub/queue');
      assert.equal(queue.statusCode, 200);
      assert.deepEqual(queue.json().items, []);
    });

    it('gives the system administrator 404 for a contact and 403 for the queues', async () => {
      const admin = await h.signIn('admin@london-board.example');
      assert.equal((await admin.api('GET', `/api/v1/contacts/${checked.id}`)).statusCode, 404);
      assert.equal((await admin.api('GET', '/api/v1/hub/queue')).statusCode, 403);
      assert.equal((await admin.api('GET', '/api/v1/checks')).statusCode, 403);
    });
  });
});
