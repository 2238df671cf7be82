// The hub's pages end to end over the real app (CSRF on): a teacher's concern rated Red, checks refused until
// there is a lawful basis, police and health asked, one answering and one declining with a reason, a section 47
// decision signed off by a second manager, and the teacher seeing the outcome. Also the queue's filters and
// counts, stale versions, and who may open what.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { contactInputSchema } from '../../src/modules/front-door/front-door.forms.ts';
import { ContactsService, familyHooks } from '../../src/modules/front-door/index.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

const TEACHER = 'referrer@camden-schools.example';
const HUB = 'hub.practitioner@camden.example';
const MANAGER = 'hub.manager@camden.example';
const POLICE = 'police.researcher@met.example';
const HEALTH = 'health.researcher@clch.example';

describe('hub pages', () => {
  let h: Harness;
  const agents = new Map<string, Agent>();

  async function agent(email: string, role?: string): Promise<Agent> {
    const key = `${email}:${role ?? ''}`;
    if (!agents.has(key)) agents.set(key, await h.signIn(email, role));
    return agents.get(key)!;
  }

  const actorOf = (a: Agent): Promise<UserActor> => h.actorOf(a);

  async function newContact(overrides: Record<string, unknown> = {}) {
    const teacher = await actorOf(await agent(TEACHER));
    const input = contactInputSchema.parse({
      laCode: '202',
      source: '2A',
      referrer: { name: 'Grace Adeyemi', role: 'Designated safeguarding lead' },
      children: [{ forenames: 'Ayodele', surname: 'Marchetti', dateOfBirth: '2016-05-14', postcode: 'NW1 9ZZ' }],
      adults: [{ forenames: 'Carla', surname: 'Marchetti', dateOfBirth: '1988-02-01', relationship: 'mother' }],
      concern: 'Ayodele came to school with bruising to the face and said he is scared to go home.',
      indicators: ['physical-abuse'],
      consent: { position: 'refused' },
      ...overrides,
    });
    return h.container.frontDoor.submit(teacher, input);
  }

  const versionOf = async (id: string) => (await h.container.database.db.withTables<{ contacts: { id: string; version: number } }>().selectFrom('contacts').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
  });
  after(() => h.close());

  it('carries a Red referral from the teacher to a signed-off section 47 decision the teacher can see', async () => {
    const { contactId, reference } = await newContact();
    const hub = await agent(HUB);
    const page = `/contacts/${contactId}`;

    const queue = await hub.get('/hub');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, new RegExp(reference));
    assert.match(queue.body, /Ayodele Marchetti/);

    // Red: the clock runs continuously from receipt (09:00 + 4 hours).
    let res = await hub.submit(page, `${page}/screening`, { version: String(await versionOf(contactId)), rag: 'red', thresholdLevel: '4', reason: 'Injury to a child who is scared to go home' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${page}?done=screened`);
    let view = await hub.get(res.headers.location);
    assert.match(view.body, /RAG rating saved/);
    assert.match(view.body, /Red: the clock runs continuously/);
    assert.match(view.body, /Screening due<\/dt><dd class="govuk-summary-list__value">2 Nov 2026, 13:00/);

    // Consent refused and no strategy decision: the hub cannot ask partners (Haringey).
    const agencies = await h.container.database.db.selectFrom('agencies').select(['id', 'code']).where('code', 'in', ['met-police', 'clch']).execute();
    const ids = agencies.map((a) => a.id);
    res = await hub.submit(page, `${page}/checks`, { version: String(await versionOf(contactId)), agencyIds: ids, question: 'What do you know of this child and his mother?' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /You cannot ask partners for checks yet/);

    // The strategy decision puts the contact on the section 47 track; then the checks go.
    res = await hub.submit(page, `${page}/section-47-track`, { version: String(await versionOf(contactId)), reason: 'Strategy discussion with police DS Patel: reasonable cause to suspect significant harm' });
    assert.equal(res.statusCode, 303);
    res = await hub.submit(page, `${page}/checks`, { version: String(await versionOf(contactId)), agencyIds: ids, question: 'What do you know of this child and his mother?' });
    assert.equal(res.statusCode, 303);

    // Police share; health declines with a reason.
    const police = await agent(POLICE);
    const policeQueue = await police.get('/checks');
    assert.match(policeQueue.body, new RegExp(reference));
    const policeCheckId = /href="\/checks\/([0-9a-f-]{36})"/.exec(policeQueue.body)![1]!;
    const policeCheck = await police.get(`/checks/${policeCheckId}`);
    assert.match(policeCheck.body, /What do you know of this child and his mother\?/);
    assert.doesNotMatch(policeCheck.body, /scared to go home/, "partners see the hub's question, not the referrer's words");
    const checkVersion = /name="version" value="(\d+)"/.exec(policeCheck.body)![1]!;
    res = await police.submit(`/checks/${policeCheckId}`, `/checks/${policeCheckId}`, { version: checkVersion, kind: 'disclosed', decidedByName: 'Sarah Whitfield' });
    assert.equal(res.statusCode, 400, 'a disclosure needs its sharing decision');
    assert.match(res.body, /Select the lawful basis for sharing/);
    res = await police.submit(`/checks/${policeCheckId}`, `/checks/${policeCheckId}`, {
      version: checkVersion,
      kind: 'disclosed',
      disclosure: 'Two domestic incidents at the address in 2026; the mother was the victim.',
      sharingWhat: 'Dates and nature of incidents',
      sharingWhy: 'Necessary to assess the risk of significant harm to the child',
      lawfulBasis: 'public-task',
      decidedByName: 'Sarah Whitfield',
    });
    assert.equal(res.statusCode, 303);

    const health = await agent(HEALTH);
    const healthQueue = await health.get('/checks');
    const healthCheckId = /href="\/checks\/([0-9a-f-]{36})"/.exec(healthQueue.body)![1]!;
    assert.notEqual(healthCheckId, policeCheckId);
    assert.equal((await health.get(`/checks/${policeCheckId}`)).statusCode, 404, "health cannot open the police check");
    const hv = /name="version" value="(\d+)"/.exec((await health.get(`/checks/${healthCheckId}`)).body)![1]!;
    res = await health.submit(`/checks/${healthCheckId}`, `/checks/${healthCheckId}`, { version: hv, kind: 'declined', decidedByName: 'Bethany Okafor', declineReason: 'Held under a court order: the hub must apply to the court' });
    assert.equal(res.statusCode, 303);

    view = await hub.get(page);
    assert.match(view.body, /Two domestic incidents/);
    assert.match(view.body, /Held under a court order/);
    assert.match(view.body, /Waiting for a decision/);

    // The practitioner decides; section 47 needs a manager's sign-off, so the teacher is not told yet.
    res = await hub.submit(page, `${page}/decision`, { version: String(await versionOf(contactId)), outcome: 'section-47-strategy-discussion', thresholdLevel: '4', rationale: 'Reasonable cause to suspect significant harm: strategy discussion held' });
    assert.equal(res.statusCode, 303);
    const teacher = await agent(TEACHER);
    let mine = await teacher.get(page);
    assert.equal(mine.statusCode, 200);
    assert.doesNotMatch(mine.body, /Section 47 strategy discussion/);
    assert.doesNotMatch(mine.body, /Two domestic incidents/, 'the referrer never sees what partners shared');

    const manager = await agent(MANAGER, 'hub-manager');
    res = await manager.submit(page, `${page}/sign-off`, { version: String(await versionOf(contactId)), approve: 'yes' });
    assert.equal(res.statusCode, 303);
    mine = await teacher.get(page);
    assert.match(mine.body, /Section 47 strategy discussion/);
    assert.doesNotMatch(mine.body, /Held under a court order/);
  });

  it('catches a change made by someone else since the page was loaded', async () => {
    const { contactId } = await newContact();
    const hub = await agent(HUB);
    const page = `/contacts/${contactId}`;
    const stale = String(await versionOf(contactId));
    assert.equal((await hub.submit(page, `${page}/assign`, { version: stale })).statusCode, 303);
    const res = await hub.submit(page, `${page}/screening`, { version: stale, rag: 'green', thresholdLevel: '2', reason: 'Low-level concern' });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /changed by someone else/);
    const ratings = await h.container.database.db.withTables<{ screenings: { contactId: string } }>().selectFrom('screenings').select('contactId').where('contactId', '=', contactId).execute();
    assert.equal(ratings.length, 0, 'the stale change was not saved');
  });

  it('filters the queue by rating and counts each rating', async () => {
    const { contactId, reference } = await newContact({ consent: { position: 'given' } });
    const hub = await agent(HUB);
    const page = `/contacts/${contactId}`;
    await hub.submit(page, `${page}/screening`, { version: String(await versionOf(contactId)), rag: 'green', thresholdLevel: '2', reason: 'Additional needs only' });
    const green = await hub.get('/hub?rag=green');
    assert.match(green.body, new RegExp(reference));
    const red = await hub.get('/hub?rag=red');
    assert.doesNotMatch(red.body, new RegExp(reference));
    assert.match(red.body, /Green \(\d+\)/);
    const nonsense = await hub.get('/hub?rag=purple&page=-4&sort=sideways');
    assert.equal(nonsense.statusCode, 200, 'unknown filter values are ignored, not errors');
  });

  it('shows a contact only to those with a relationship to it', async () => {
    const { contactId } = await newContact();
    for (const [email, role] of [[POLICE], ['desk.officer@met.example'], ['caseworker@camden.example'], ['admin@london-board.example'], ['referrer@camden-schools.example']] as [string, string?][]) {
      const res = await (await agent(email, role)).get(`/contacts/${contactId}`);
      if (email === TEACHER) assert.equal(res.statusCode, 200);
      else assert.equal(res.statusCode, 404, `${email} must not see the contact`);
    }
    const denied = await h.container.database.db.selectFrom('auditEvents').select('action').where('recordId', '=', contactId).where('outcome', '=', 'denied').execute();
    assert.ok(denied.length >= 4, 'each refused read is audited');
  });

  it('lets a hub manager change the RAG preset and working hours, and refuses nonsense', async () => {
    const manager = await agent(MANAGER, 'hub-manager');
    let res = await manager.submit('/hub/settings', '/hub/settings', { laCode: '202', presetCode: 'surrey', opensAt: '17:00', closesAt: '09:00', lowLevelThreshold: '3' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Closing time must be after opening time/);
    res = await manager.submit('/hub/settings', '/hub/settings', { laCode: '202', presetCode: 'surrey', opensAt: '08:30', closesAt: '18:00', lowLevelThreshold: '4', signOffOutcomes: ['no-further-action'] });
    assert.equal(res.statusCode, 303);
    const settings = await h.container.frontDoor.settingsFor(h.container.database.db.withTables(), '202');
    assert.equal(settings.presetCode, 'surrey');
    assert.deepEqual(settings.workingHours, { opensAt: '08:30', closesAt: '18:00' });
    res = await manager.submit('/hub/settings', '/hub/settings', { laCode: '203', presetCode: 'merton', opensAt: '08:30', closesAt: '18:00', lowLevelThreshold: '4' });
    assert.equal(res.statusCode, 403, "a hub manager cannot change another authority's settings");
  });

  it('opens a contact on a freshly started service without waiting on itself (one PGlite connection)', async () => {
    const { contactId } = await newContact();
    const c = h.container;
    const fresh = new ContactsService(c.database.db.withTables(), c.access, c.audit, c.clock, c.identity, familyHooks(c.family, c.clock));
    const hub = await actorOf(await agent(HUB));
    const view = await Promise.race([fresh.contact(hub, contactId), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('contact() did not return: a query waited on the transaction holding the connection')), 10_000))]);
    assert.equal(view.level, 'hub');
  });
});
