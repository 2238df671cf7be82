// The demo's recent work: after seedDemo the Camden hub, the researchers, the referrer, the caseworker and the
// desk all open on believable open work, made through the real services, and seeding again adds nothing.
// One demo load (the demo scale: about 15 s on PGlite), then every assertion reads it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../kernel/clock.ts';
import type { RoleCode, UserActor } from '../../kernel/actor.ts';
import { seedDemo, type DemoSeedResult } from '../../main/container.ts';
import { createHarness, type Harness } from '../../../test/support/app.ts';
import type { FrontDoorTables } from '../front-door/index.ts';
import type { DeskTables } from '../protection-desk/index.ts';
import { demoDays, instantOf, SCENARIOS, seedDemoActivity } from './demo-activity.ts';

// Monday morning: the hub opens on last week's last 3 working days. The clock runs on from there (a fixed clock
// would stamp every record with the same instant, and the registry would then re-read all of them on each contact).
const START = Date.parse('2026-11-02T09:00:00Z');
const startedAt = Date.now();
const runningClock: Clock = { now: () => new Date(START + (Date.now() - startedAt)) };

describe('the demo’s recent activity: timing', () => {
  const nows = [
    '2026-11-02T09:00:00Z', // Monday, just open: the hub's days are last Wednesday to Friday
    '2026-11-02T10:05:00Z', // Monday, an hour in
    '2026-07-15T13:30:00Z', // Wednesday afternoon, summer time
    '2026-11-07T12:00:00Z', // Saturday
    '2026-11-08T23:30:00Z', // Sunday night
    '2027-03-30T09:30:00Z', // the day after Easter Monday
    '2026-12-29T16:59:00Z', // between Christmas and New Year
  ];
  for (const iso of nows) {
    it(`puts every step in order, in the past, on working days (now ${iso})`, () => {
      const now = new Date(iso);
      const days = demoDays(now);
      assert.equal(days.spans.length, 3);
      for (const span of days.spans) {
        assert.ok(span.opens < span.ends && span.ends <= now, `${span.day} has office time before now`);
        assert.ok(![0, 6].includes(new Date(`${span.day}T12:00:00Z`).getUTCDay()), `${span.day} is a weekday`);
      }
      for (const sc of SCENARIOS) {
        let previous = 0;
        for (const step of sc.steps) {
          const at = instantOf(days, step.at).getTime();
          assert.ok(at <= now.getTime(), `${sc.key}: ${step.do} happens before now`);
          assert.ok(at >= previous, `${sc.key}: ${step.do} comes after the step before`);
          previous = at;
        }
      }
    });
  }
});

describe('the demo’s recent activity', () => {
  let harness: Harness;
  let seeded: DemoSeedResult;
  const actors = new Map<string, UserActor>();

  /** A demo user's session, in the role asked for, as sign-in and role selection would give it. */
  async function actor(email: string, role: RoleCode): Promise<UserActor> {
    const known = actors.get(`${email}|${role}`);
    if (known) return known;
    const { container } = harness;
    const user = await container.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const request = { correlationId: 'demo-activity-test' };
    const { token } = await container.sessions.startSession(user.id, 'password', request);
    let session = await container.sessions.resolve(token, request);
    assert.equal(session.status, 'active');
    if (session.status === 'active' && session.actor.role !== role) {
      const assignment = (await container.sessions.rolesFor(user.id)).find((r) => r.roleCode === role)!;
      await container.sessions.selectRole(session.actor, assignment.id);
      session = await container.sessions.resolve(token, request);
    }
    assert.ok(session.status === 'active' && session.actor.role === role);
    actors.set(`${email}|${role}`, session.actor);
    return session.actor;
  }

  before(async () => {
    harness = await createHarness({ clock: runningClock });
    seeded = await seedDemo(harness.container, { withRecords: true });
  });
  after(async () => harness?.close());

  it('adds about 30 recent Camden contacts and 25 police notifications to the demo', () => {
    assert.ok(seeded.contacts > 1000, 'the practice history is loaded first');
    assert.ok(seeded.recentContacts >= 30, `${seeded.recentContacts} recent contacts`);
    assert.equal(seeded.deskNotifications, 25);
  });

  it('opens the Camden hub queue on open contacts of every rating, some overdue', async () => {
    const hub = await actor('hub.practitioner@camden.example', 'hub-practitioner');
    const queue = await harness.container.frontDoor.queue(hub);
    assert.ok(queue.total >= 15, `${queue.total} open contacts`);
    const rated = ['red', 'amber', 'green', 'blue'].filter((rag) => (queue.counts.rag[rag] ?? 0) > 0);
    assert.ok(rated.length >= 3, `ratings in the queue: ${rated.join(', ')}`);
    assert.ok((queue.counts.rag.unrated ?? 0) >= 5, 'some contacts are not yet rated');
    assert.ok(queue.counts.overdue >= 1, `${queue.counts.overdue} overdue`);
    for (const status of ['screening', 'awaiting-checks', 'awaiting-decision', 'awaiting-sign-off']) assert.ok((queue.counts.status[status] ?? 0) >= 1, `some contacts are ${status}`);
    const alerts = new Set(queue.items.flatMap((i) => i.alerts));
    const all = queue.pages > 1 ? new Set([...alerts, ...(await harness.container.frontDoor.queue(hub, { page: 2 })).items.flatMap((i) => i.alerts)]) : alerts;
    assert.ok(all.has('repeat-concern-7-days'), 'a child with two concerns in 7 days is flagged');
    assert.ok(all.has('think-family'), 'an adult known to adult mental health services prompts Think Family');
  });

  it('gives the police and health researchers checks to answer', async () => {
    const police = await harness.container.frontDoor.checkQueue(await actor('police.researcher@met.example', 'agency-researcher'));
    // The practice history may leave a few police checks of its own open, anywhere in London.
    assert.ok(police.total >= 3, `${police.total} police checks waiting`);
    assert.ok(police.overdue >= 1, 'a Red contact’s police check is overdue');
    const health = await harness.container.frontDoor.checkQueue(await actor('health.researcher@clch.example', 'agency-researcher'));
    assert.ok(health.total >= 1, `${health.total} health checks waiting`);
    const answered = await harness.container.frontDoor.checkQueue(await actor('police.researcher@met.example', 'agency-researcher'), { status: 'answered' });
    assert.ok(answered.total >= 3, 'and some already answered');
  });

  it('shows the referrer her own referrals, some in progress and some decided', async () => {
    const mine = await harness.container.frontDoor.myContacts(await actor('referrer@camden-schools.example', 'referrer'));
    assert.ok(mine.items.length >= 5, `${mine.items.length} referrals`);
    assert.ok(mine.items.some((c) => c.status === 'decided' && c.outcome), 'one is decided and she has been told the outcome');
    assert.ok(mine.items.some((c) => c.status === 'in-progress'), 'one is still in progress');
  });

  it('routes a newer contact about an allocated child to the caseworker', async () => {
    const allocated = await harness.container.frontDoor.myAllocatedContacts(await actor('caseworker@camden.example', 'caseworker'));
    assert.ok(allocated.length >= 1);
    assert.ok(allocated.some((c) => c.status === 'with-allocated-worker'));
  });

  it('fills the protection desk with new notifications for Camden and Islington, a few already forwarded', async () => {
    const desk = await harness.container.protectionDesk.queue(await actor('desk.officer@met.example', 'desk-officer'), { brag: [], status: ['new'], due: '', assigned: '', sort: 'priority', page: 1 });
    assert.ok(desk.total >= 15, `${desk.total} new notifications`);
    assert.deepEqual([...new Set(desk.items.map((i) => i.laCode))].sort(), ['202', '206']);
    assert.ok(desk.counts.status.forwarded >= 3);
    assert.ok(desk.items.every((i) => harness.clock.now().getTime() - i.receivedAt.getTime() <= 49 * 3_600_000), 'received in the last 48 hours');
  });

  it('adds nothing when run again, and leaves the audit chain intact', async () => {
    const db = harness.container.database.db.withTables<FrontDoorTables & DeskTables>();
    const counts = async () => ({
      contacts: Number((await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      notifications: Number((await db.selectFrom('policeNotifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await counts();
    const again = await seedDemoActivity(harness.container, { now: harness.clock.now() });
    assert.equal(again.alreadySeeded, true);
    assert.equal(again.contacts, 0);
    const reseeded = await seedDemo(harness.container, { withRecords: true });
    assert.equal(reseeded.recentContacts, 0);
    assert.deepEqual(await counts(), before);
    const verified = await harness.container.audit.verify(harness.container.database.db);
    assert.equal(verified.ok, true);
  });
});
