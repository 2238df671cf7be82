// The front door's use cases over a real database: matching and routing to an allocated worker, repeat-concern
// alerts, RAG clocks (Red continuous, the others in working hours), consent and the lawful basis for checks,
// answers with their sharing decisions, escalation of overdue checks, decisions with sign-off by a different
// manager, transfers between hubs, and version conflicts. The matcher is the small deterministic stand-in (an equal
// valid NHS number is the same person), so these tests check the front door's rules, not the engine's accuracy.
// Every person here is invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import type { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import type { ContactsService } from '../../src/modules/front-door/contacts.service.ts';
import { NO_CHECK_BASIS_MESSAGE } from '../../src/modules/front-door/front-door.domain.ts';
import { checkResponseSchema } from '../../src/modules/front-door/front-door.forms.ts';
import { parseOrThrow } from '../../src/platform/forms.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { actorFor, actors, agencyId, child, contactFactory, contactInput, createUser, db } from './factories.ts';

/** Asserts a ValidationError whose messages match. */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { fields?: Record<string, string> }) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error.name}`);
    assert.match([error.message, ...Object.values(error.fields ?? {})].join(' | '), pattern);
    return true;
  });
}

const noInformation = { kind: 'no-information' as const, disclosure: null, sharingWhat: null, sharingWhy: null, lawfulBasis: null, decidedByName: 'Sarah Whitfield', declineReason: null };

describe('front door: contacts service', () => {
  let h: Harness;
  let service: ContactsService;
  let clock: FixedClock;
  let contacts: ReturnType<typeof contactFactory>;
  let who: ReturnType<typeof actors>;
  let secondManager: () => Promise<UserActor>;
  let greenwichHub: () => Promise<UserActor>;
  let healthResearcher: () => Promise<UserActor>;
  let schoolResearcher: () => Promise<UserActor>;

  const alertsOf = async (contactId: string) => (await db(h).selectFrom('contactAlerts').select('kind').where('contactId', '=', contactId).execute()).map((a) => a.kind).sort();
  const checksOf = (contactId: string) => db(h).selectFrom('agencyChecks').selectAll().where('contactId', '=', contactId).execute();

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    service = h.container.frontDoor;
    clock = h.clock as FixedClock;
    contacts = contactFactory(h);
    who = actors(h);
    await createUser(h, 'second.manager@camden.example', 'Ifeoma Ward', 'la-202', 'hub-manager', '202');
    await createUser(h, 'hub.practitioner@greenwich.example', 'Rhys Calloway', 'la-203', 'hub-practitioner', '203');
    await createUser(h, 'health.researcher@whittington.example', 'Nadia Forsythe', 'whittington-health', 'agency-researcher', 'whittington-health');
    await createUser(h, 'school.researcher@camden-schools.example', 'Owen Tremlett', 'la-202-education', 'agency-researcher', 'la-202-education');
    secondManager = () => actorFor(h, 'second.manager@camden.example', 'hub-manager');
    greenwichHub = () => actorFor(h, 'hub.practitioner@greenwich.example', 'hub-practitioner');
    healthResearcher = () => actorFor(h, 'health.researcher@whittington.example', 'agency-researcher');
    schoolResearcher = () => actorFor(h, 'school.researcher@camden-schools.example', 'agency-researcher');
  });
  after(() => h.close());

  describe('contacts in', () => {
    it('matches the people named, and sends a contact about a child with an allocated worker straight to that worker', async () => {
      clock.set('2026-11-02T10:00:00Z');
      const amara = child({ forenames: 'Amara', surname: 'Quellwood', dateOfBirth: '2016-04-11' });
      const first = await contacts.decidedReferral({ children: [amara] });
      assert.equal(first.status, 'decided');
      assert.equal(first.isReferral, true);
      const worker = await who.caseworker();
      await service.allocate(await who.manager(), first.id, first.version, worker.userId);

      clock.set('2026-11-03T11:00:00Z');
      // Another referrer spells her name differently; the NHS number makes her the same child.
      const second = await contacts.awaitingScreening({ children: [{ ...amara, forenames: 'Amarah' }] });
      const [before, afterwards] = await Promise.all(
        [first.id, second.id].map((id) => db(h).selectFrom('contactPersons').select(['personId', 'matchOutcome']).where('contactId', '=', id).executeTakeFirstOrThrow()),
      );
      assert.equal(afterwards!.personId, before!.personId, 'matched to the same person');
      assert.equal(afterwards!.matchOutcome, 'linked-automatically');
      assert.equal(second.status, 'with-allocated-worker');
      assert.equal(second.assignedTo, worker.userId);
      assert.equal(second.outcome, 'open-case');

      const seen = await service.contact(worker, second.id);
      assert.equal(seen.level, 'worker');
      const queue = await service.queue(await who.practitioner());
      assert.ok(!queue.items.some((i) => i.id === second.id), 'it bypasses the hub queue');
      const events = await db(h).selectFrom('contactEvents').select('kind').where('contactId', '=', second.id).orderBy('occurredAt').execute();
      assert.deepEqual(events.map((e) => e.kind), ['received', 'routed-to-allocated-worker']);
    });

    it('gives a different child a different person', async () => {
      const a = await contacts.awaitingScreening();
      const b = await contacts.awaitingScreening();
      const [pa, pb] = await Promise.all([a, b].map((c) => db(h).selectFrom('contactPersons').select('personId').where('contactId', '=', c.id).executeTakeFirstOrThrow()));
      assert.notEqual(pa!.personId, pb!.personId);
      assert.equal(b.status, 'screening');
    });

    it('is idempotent by the referring agency’s own reference', async () => {
      const input = contactInput({ externalReference: 'SCH-2026-0042' });
      const first = await service.submit(await who.referrer(), input);
      const again = await service.submit(await who.referrer(), contactInput({ externalReference: 'SCH-2026-0042' }));
      assert.equal(first.created, true);
      assert.deepEqual([again.created, again.contactId, again.reference], [false, first.contactId, first.reference]);
      const n = await db(h).selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('externalReference', '=', 'SCH-2026-0042').executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 1);
    });

    it('refuses a local authority that is not in London', async () => {
      await rejectsWith(service.submit(await who.referrer(), contactInput({ laCode: '999' })), /Select a London local authority/);
    });
  });

  describe('alerts', () => {
    it('raises an alert for a second concern about the same child within 7 days, and not after 10', async () => {
      const nia = child();
      clock.set('2027-01-04T10:00:00Z');
      const first = await contacts.awaitingScreening({ children: [nia] });
      assert.deepEqual(await alertsOf(first.id), []);
      clock.set('2027-01-09T10:00:00Z');
      const second = await contacts.awaitingScreening({ children: [nia] });
      assert.deepEqual(await alertsOf(second.id), ['repeat-concern-7-days']);

      const kofi = child();
      clock.set('2027-02-01T10:00:00Z');
      await contacts.awaitingScreening({ children: [kofi] });
      clock.set('2027-02-11T10:00:00Z');
      const later = await contacts.awaitingScreening({ children: [kofi] });
      assert.deepEqual(await alertsOf(later.id), []);
    });

    it('raises a re-referral alert for a contact within 12 months of a referral, and not after', async () => {
      const idris = child();
      clock.set('2027-03-01T10:00:00Z');
      await contacts.decidedReferral({ children: [idris] });
      clock.set('2027-09-01T10:00:00Z');
      const within = await contacts.awaitingScreening({ children: [idris] });
      assert.deepEqual(await alertsOf(within.id), ['re-referral-12-months']);

      const esme = child();
      clock.set('2028-01-03T10:00:00Z');
      await contacts.decidedReferral({ children: [esme] });
      clock.set('2029-02-05T10:00:00Z');
      const beyond = await contacts.awaitingScreening({ children: [esme] });
      assert.deepEqual(await alertsOf(beyond.id), []);
    });

    it('raises a repeated low-level alert when the contacts in 12 months reach the threshold (3) with no referral', async () => {
      const maren = child();
      clock.set('2030-01-07T10:00:00Z');
      const one = await contacts.awaitingScreening({ children: [maren] });
      clock.set('2030-03-04T10:00:00Z');
      const two = await contacts.awaitingScreening({ children: [maren] });
      clock.set('2030-05-06T10:00:00Z');
      const three = await contacts.awaitingScreening({ children: [maren] });
      assert.deepEqual(await alertsOf(one.id), []);
      assert.deepEqual(await alertsOf(two.id), [], 'two contacts are below the threshold');
      assert.deepEqual(await alertsOf(three.id), ['repeated-low-level']);
    });
  });

  describe('RAG ratings and their clocks', () => {
    it('counts Amber in working hours: received Friday 16:00, 24 working hours is the following Wednesday 16:00', async () => {
      clock.set('2026-11-06T16:00:00Z'); // Friday; London is on GMT in November
      const c = await contacts.screened('amber');
      assert.equal(new Date(c.receivedAt).toISOString(), '2026-11-06T16:00:00.000Z');
      // Friday 16:00–17:00 (1), Monday (8), Tuesday (8), Wednesday 09:00–16:00 (7) = 24.
      assert.equal(new Date(c.screeningDueAt!).toISOString(), '2026-11-11T16:00:00.000Z');
    });

    it('runs Red continuously: 4 hours, even at night and at the weekend', async () => {
      clock.set('2026-11-07T22:00:00Z'); // Saturday night
      const c = await contacts.screened('red');
      assert.equal(new Date(c.screeningDueAt!).toISOString(), '2026-11-08T02:00:00.000Z');
    });

    it('follows British Summer Time: Amber received on a Friday at 16:00 London time', async () => {
      clock.set('2027-06-04T15:00:00Z'); // Friday 16:00 BST
      const c = await contacts.screened('amber');
      assert.equal(new Date(c.screeningDueAt!).toISOString(), '2027-06-09T15:00:00.000Z', 'Wednesday 16:00 BST');
    });

    it('records every change of rating with who, when and why, and moves the due time', async () => {
      clock.set('2026-11-07T22:00:00Z');
      const c = await contacts.awaitingScreening();
      const practitioner = await who.practitioner();
      const manager = await who.manager();
      clock.set('2026-11-09T09:30:00Z');
      await service.screen(practitioner, c.id, c.version, { rag: 'amber', thresholdLevel: 3, reason: 'Bruising explained by a sports injury, but repeated' });
      clock.set('2026-11-09T11:15:00Z');
      await service.screen(manager, c.id, c.version + 1, { rag: 'red', thresholdLevel: 4, reason: 'Police disclosed a recent assault at the address' });
      const rows = await db(h).selectFrom('screenings').select(['rag', 'thresholdLevel', 'reason', 'ratedBy', 'ratedAt', 'dueAt']).where('contactId', '=', c.id).orderBy('ratedAt').execute();
      assert.deepEqual(
        rows.map((r) => ({ ...r, ratedAt: new Date(r.ratedAt).toISOString(), dueAt: new Date(r.dueAt!).toISOString() })),
        [
          // Amber from Saturday night: counting starts at Monday's opening, and uses Wednesday up to its closing.
          { rag: 'amber', thresholdLevel: 3, reason: 'Bruising explained by a sports injury, but repeated', ratedBy: practitioner.userId, ratedAt: '2026-11-09T09:30:00.000Z', dueAt: '2026-11-11T17:00:00.000Z' },
          { rag: 'red', thresholdLevel: 4, reason: 'Police disclosed a recent assault at the address', ratedBy: manager.userId, ratedAt: '2026-11-09T11:15:00.000Z', dueAt: '2026-11-08T02:00:00.000Z' },
        ],
      );
      const now = await contacts.get(c.id);
      assert.deepEqual([now.rag, now.thresholdLevel, new Date(now.screeningDueAt!).toISOString()], ['red', 4, '2026-11-08T02:00:00.000Z']);
      const events = await db(h).selectFrom('contactEvents').select(['kind', 'isSignificant']).where('contactId', '=', c.id).where('kind', 'in', ['rated', 'rating-changed']).orderBy('occurredAt').execute();
      assert.deepEqual(events, [
        { kind: 'rated', isSignificant: false },
        { kind: 'rating-changed', isSignificant: true },
      ]);
    });
  });

  describe('consent and agency checks', () => {
    const ask = async (id: string, version: number, codes = ['met-police']) =>
      service.requestChecks(await who.practitioner(), id, version, { agencyIds: await Promise.all(codes.map((c) => agencyId(h, c))), question: 'Known to you? Any recent incidents?' });
    const deniedChecks = async (id: string) =>
      Number(
        (
          await db(h)
            .selectFrom('auditEvents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'contact.request-checks')
            .where('outcome', '=', 'denied')
            .where('recordId', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('refuses checks when consent was refused and nothing else allows them, and records the refusal', async () => {
      clock.set('2026-11-10T10:00:00Z');
      const c = await contacts.screened('amber', { consent: { position: 'refused' } });
      await rejectsWith(ask(c.id, c.version), new RegExp(NO_CHECK_BASIS_MESSAGE.slice(0, 40)));
      assert.equal((await checksOf(c.id)).length, 0);
      assert.equal((await contacts.get(c.id)).version, c.version, 'a refused request changes nothing');
      assert.equal(await deniedChecks(c.id), 1, 'the refusal is audited');
    });

    it('allows checks without consent once the strategy decision puts the contact on the section 47 track', async () => {
      clock.set('2026-11-10T10:00:00Z');
      const c = await contacts.screened('red', { consent: { position: 'refused' } });
      await rejectsWith(ask(c.id, c.version), /cannot ask partners for checks/);
      await service.recordStrategyTrack(await who.manager(), c.id, c.version, 'Strategy discussion with police: reasonable cause to suspect significant harm');
      await ask(c.id, c.version + 1);
      const [check] = await checksOf(c.id);
      assert.equal(check!.basis, 'section-47');
      assert.equal((await contacts.get(c.id)).status, 'awaiting-checks');
    });

    it('allows checks with a recorded exception to consent only when someone authorised it', async () => {
      clock.set('2026-11-10T10:00:00Z');
      const c = await contacts.screened('amber', { consent: { position: 'not-sought', exception: 'increased-risk' } });
      await rejectsWith(ask(c.id, c.version), /cannot ask partners for checks/);
      await service.recordConsent(await who.practitioner(), c.id, c.version, { position: 'overridden', isChildsOwn: false, exception: 'increased-risk', reason: 'Father is the alleged perpetrator', authorisedBy: 'Priya Raman' });
      await ask(c.id, c.version + 1);
      assert.equal((await checksOf(c.id))[0]!.basis, 'recorded-exception');
    });

    it('counts a competent child’s own consent as consent', async () => {
      const c = await contacts.screened('green', { consent: { position: 'given', isChildsOwn: true } });
      await ask(c.id, c.version);
      assert.equal((await checksOf(c.id))[0]!.basis, 'consent');
    });

    it('sets a check’s due time by the rating: Red 4 hours round the clock, Amber 24 working hours', async () => {
      clock.set('2026-11-07T20:00:00Z');
      const red = await contacts.screened('red');
      clock.set('2026-11-07T23:00:00Z');
      await ask(red.id, red.version);
      assert.equal(new Date((await checksOf(red.id))[0]!.dueAt).toISOString(), '2026-11-08T03:00:00.000Z');

      clock.set('2026-11-13T16:00:00Z'); // Friday
      const amber = await contacts.screened('amber');
      await ask(amber.id, amber.version);
      assert.equal(new Date((await checksOf(amber.id))[0]!.dueAt).toISOString(), '2026-11-18T16:00:00.000Z');
    });

    it('asks for a rating before checks, and will not ask the same agency twice', async () => {
      const unrated = await contacts.awaitingScreening();
      await rejectsWith(ask(unrated.id, unrated.version), /RAG rating before asking for checks/);
      const c = await contacts.awaitingChecks(['met-police']);
      await rejectsWith(ask(c.id, c.version), /already been asked/);
    });

    it('takes each agency’s answer with its sharing decision, and waits for the decision once all have answered', async () => {
      clock.set('2026-11-16T10:00:00Z');
      const c = await contacts.awaitingChecks(['met-police', 'whittington-health', 'la-202-education']);
      const checks = await checksOf(c.id);
      const ids = Object.fromEntries(await Promise.all(['met-police', 'whittington-health', 'la-202-education'].map(async (code) => [code, await agencyId(h, code)] as const)));
      const check = (code: string) => checks.find((k) => k.agencyId === ids[code])!;

      // A disclosure needs the sharing decision: what, why and the lawful basis.
      const bare = checkResponseSchema.safeParse({ kind: 'disclosed', disclosure: 'Two call-outs to the address in 2026 for shouting', decidedByName: 'Sarah Whitfield' });
      assert.equal(bare.success, false);
      assert.deepEqual(bare.error!.issues.map((i) => i.path.join('.')).sort(), ['lawfulBasis', 'sharingWhat', 'sharingWhy']);
      const disclosed = parseOrThrow(checkResponseSchema, {
        kind: 'disclosed',
        disclosure: 'Two call-outs to the address in 2026 for shouting; no arrests.',
        sharingWhat: 'Dates and nature of call-outs',
        sharingWhy: 'Necessary to judge the risk to the child; proportionate: summary only',
        lawfulBasis: 'public-task',
        decidedByName: 'Sarah Whitfield',
      });
      await service.respondToCheck(await who.policeResearcher(), check('met-police').id, check('met-police').version, disclosed);

      await service.respondToCheck(await healthResearcher(), check('whittington-health').id, check('whittington-health').version, { ...noInformation, decidedByName: 'Nadia Forsythe' });
      assert.equal((await contacts.get(c.id)).status, 'awaiting-checks', 'one agency has still to answer');

      // Declining needs the reason.
      assert.throws(() => parseOrThrow(checkResponseSchema, { kind: 'declined', decidedByName: 'Owen Tremlett' }), (e: ValidationError) => 'declineReason' in e.fields);
      const declined = parseOrThrow(checkResponseSchema, { kind: 'declined', decidedByName: 'Owen Tremlett', declineReason: 'The information is held for a live police investigation and cannot be shared yet' });
      await service.respondToCheck(await schoolResearcher(), check('la-202-education').id, check('la-202-education').version, declined);

      const answered = await checksOf(c.id);
      const row = (code: string) => answered.find((k) => k.agencyId === ids[code])!;
      assert.deepEqual(
        { status: row('met-police').status, what: row('met-police').sharingWhat, basis: row('met-police').lawfulBasis, by: row('met-police').decidedByName },
        { status: 'responded', what: 'Dates and nature of call-outs', basis: 'public-task', by: 'Sarah Whitfield' },
      );
      assert.deepEqual([row('whittington-health').status, row('whittington-health').disclosure], ['no-information', null]);
      assert.deepEqual([row('la-202-education').status, row('la-202-education').declineReason, row('la-202-education').disclosure], ['declined', 'The information is held for a live police investigation and cannot be shared yet', null]);
      assert.equal((await contacts.get(c.id)).status, 'awaiting-decision');

      // An answered check cannot be answered again, and a stale version is a conflict.
      await assert.rejects(service.respondToCheck(await who.policeResearcher(), check('met-police').id, check('met-police').version, disclosed), ConflictError);
      await rejectsWith(service.respondToCheck(await who.policeResearcher(), row('met-police').id, row('met-police').version, disclosed), /already been answered/);
    });

    it('lets only the asked agency answer', async () => {
      const c = await contacts.awaitingChecks(['met-police']);
      const [check] = await checksOf(c.id);
      await assert.rejects(service.respondToCheck(await healthResearcher(), check!.id, check!.version, noInformation), NotFoundError);
      assert.equal((await checksOf(c.id))[0]!.status, 'requested');
    });

    it('escalates an overdue check exactly once and raises a check-overdue alert', async () => {
      clock.set('2026-11-16T10:00:00Z'); // Monday
      const c = await contacts.awaitingChecks(['met-police'], 'red');
      const [check] = await checksOf(c.id);
      assert.equal(new Date(check!.dueAt).toISOString(), '2026-11-16T14:00:00.000Z');
      clock.set('2026-11-16T13:59:00Z');
      await service.escalateOverdueChecks(systemActor('scheduler'));
      assert.equal((await checksOf(c.id))[0]!.escalatedAt, null, 'not overdue yet');

      clock.set('2026-11-16T14:30:00Z');
      const overdueNow = Number(
        (
          await db(h)
            .selectFrom('agencyChecks')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'requested')
            .where('escalatedAt', 'is', null)
            .where('dueAt', '<', clock.now())
            .executeTakeFirstOrThrow()
        ).n,
      );
      assert.ok(overdueNow >= 1);
      assert.equal(await service.escalateOverdueChecks(systemActor('scheduler')), overdueNow);
      assert.equal(await service.escalateOverdueChecks(systemActor('scheduler')), 0, 'the second run finds nothing new');
      assert.equal(new Date((await checksOf(c.id))[0]!.escalatedAt!).toISOString(), '2026-11-16T14:30:00.000Z');
      const alerts = await db(h).selectFrom('contactAlerts').select(['kind', 'details']).where('contactId', '=', c.id).where('kind', '=', 'check-overdue').execute();
      assert.equal(alerts.length, 1);
      assert.equal((alerts[0]!.details as { checkId?: string }).checkId, check!.id);
    });
  });

  describe('decisions, sign-off and transfers', () => {
    it('holds an outcome that needs sign-off until a different manager agrees, and only then tells the referrer', async () => {
      const c = await contacts.awaitingSignOff();
      assert.equal(c.status, 'awaiting-sign-off');
      assert.equal(c.referrerToldAt, null);
      const referrer = await who.referrer();
      const before = await service.contact(referrer, c.id);
      assert.deepEqual([before.level, before.contact.status, before.contact.outcome], ['referrer', 'in-progress', null]);

      await rejectsWith(service.signOff(await who.manager(), c.id, c.version, { approve: 'yes', note: null }), /different manager/);
      await assert.rejects(service.signOff(await who.practitioner(), c.id, c.version, { approve: 'yes', note: null }), ForbiddenError, 'a practitioner cannot sign off');
      assert.equal((await service.contact(referrer, c.id)).contact.outcome, null);

      await service.signOff(await secondManager(), c.id, c.version, { approve: 'yes', note: null });
      const after = await contacts.get(c.id);
      assert.equal(after.status, 'decided');
      assert.equal(after.signedOffBy, (await secondManager()).userId);
      const told = await service.contact(referrer, c.id);
      assert.deepEqual([told.contact.status, told.contact.outcome], ['decided', 'no-further-action']);
    });

    it('returns a decision that the manager does not agree to the hub, untold', async () => {
      const c = await contacts.awaitingSignOff();
      await service.signOff(await secondManager(), c.id, c.version, { approve: 'no', note: 'Ask the school nurse first' });
      const after = await contacts.get(c.id);
      assert.deepEqual([after.status, after.outcome, after.referrerToldAt], ['awaiting-decision', null, null]);
    });

    it('tells the referrer at once when the outcome needs no sign-off', async () => {
      const c = await contacts.decidedReferral();
      assert.equal(c.status, 'decided');
      assert.notEqual(c.referrerToldAt, null);
      assert.equal((await service.contact(await who.referrer(), c.id)).contact.outcome, 'section-17-assessment');
    });

    it('refuses early help without consent, with the reason', async () => {
      const c = await contacts.screened('green', { consent: { position: 'refused' } });
      await rejectsWith(
        service.decide(await who.practitioner(), c.id, c.version, { outcome: 'early-help', thresholdLevel: 2, rationale: 'Family would benefit from a team around the family' }),
        /Early help needs consent/,
      );
      assert.equal((await contacts.get(c.id)).outcome, null);
      const given = await contacts.screened('green');
      await service.decide(await who.practitioner(), given.id, given.version, { outcome: 'early-help', thresholdLevel: 2, rationale: 'Family would benefit from a team around the family' });
      assert.equal((await contacts.get(given.id)).status, 'decided');
    });

    it('transfers a contact: the receiving hub sees it and acts; the sending hub sees it read-only and cannot act', async () => {
      const c = await contacts.screened('amber');
      await service.transfer(await who.practitioner(), c.id, c.version, { toLaCode: '203', reason: 'The family moved to Greenwich last week' });
      const moved = await contacts.get(c.id);
      assert.deepEqual([moved.laCode, moved.transferredFromLaCode, moved.status], ['203', '202', 'screening']);

      const greenwich = await greenwichHub();
      assert.equal((await service.contact(greenwich, c.id)).level, 'hub');
      assert.ok((await service.queue(greenwich)).items.some((i) => i.id === c.id));
      await service.screen(greenwich, c.id, moved.version, { rag: 'red', thresholdLevel: 4, reason: 'Greenwich police know the new address' });

      const camden = await who.practitioner();
      const view = await service.contact(camden, c.id);
      assert.equal(view.level, 'hub-read-only');
      assert.ok(!(await service.queue(camden)).items.some((i) => i.id === c.id), 'no longer in the sending hub’s queue');
      await assert.rejects(service.screen(camden, c.id, moved.version + 1, { rag: 'green', thresholdLevel: 2, reason: 'Trying to change it' }), ForbiddenError);
      await assert.rejects(service.transfer(camden, c.id, moved.version + 1, { toLaCode: '202', reason: 'Taking it back' }), ForbiddenError);
      assert.equal((await contacts.get(c.id)).rag, 'red');
    });

    it('detects a change made by someone else since the contact was read, and saves nothing', async () => {
      const c = await contacts.awaitingScreening();
      await service.screen(await who.practitioner(), c.id, c.version, { rag: 'amber', thresholdLevel: 3, reason: 'First look' });
      await assert.rejects(service.screen(await who.manager(), c.id, c.version, { rag: 'green', thresholdLevel: 2, reason: 'Stale view' }), ConflictError);
      await assert.rejects(service.decide(await who.manager(), c.id, c.version, { outcome: 'no-further-action', thresholdLevel: 1, rationale: 'Stale decision here' }), ConflictError);
      const now = await contacts.get(c.id);
      assert.deepEqual([now.rag, now.version, now.outcome], ['amber', c.version + 1, null]);
      const screenings = await db(h).selectFrom('screenings').select('rag').where('contactId', '=', c.id).execute();
      assert.deepEqual(screenings, [{ rag: 'amber' }]);
    });
  });
});
