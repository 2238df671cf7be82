// The demo's recent work: after seedDemo the Camden hub, the researchers, the referrer, the caseworker, the team
// manager and the desk all open on believable open work, and seeding again adds nothing.
// One demo load (the demo scale: about 15 s on PGlite), then every assertion reads it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../kernel/clock.ts';
import type { RoleCode, UserActor } from '../../kernel/actor.ts';
import { seedDemo, type DemoSeedResult } from '../../main/container.ts';
import { createHarness, type Harness } from '../../../test/support/app.ts';
import type { FrontDoorTables } from '../front-door/index.ts';
import type { DeskTables } from '../protection-desk/index.ts';
import { addCalendarMonths, addWorkingDays, isWorkingDay, londonDateOf, workingDaysBetween } from '../../platform/calendar/index.ts';
import { DEFAULT_RULEBOOK, deadline, effectiveRulebook, type CaseworkTables } from '../casework/index.ts';
import { demoCasePlans, demoDays, instantOf, SCENARIOS, seedDemoActivity } from './demo-activity.ts';

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
    it(`dates the caseworker's cases on working days in the past, each where its story says (now ${iso})`, () => {
      const today = londonDateOf(new Date(iso));
      const book = effectiveRulebook(DEFAULT_RULEBOOK);
      const plans = demoCasePlans(today, book);
      for (const [key, p] of Object.entries(plans)) {
        const days = [p.referralOn, p.strategyOn, p.assessment.startedOn, p.s47CompletedOn, p.icpcOn, ...p.coreGroups, ...p.reviews, p.assessment.completedOn, p.cinPlanOn].filter((d): d is string => d !== null);
        for (const d of days) {
          assert.ok(isWorkingDay(d), `${key}: ${d} is a working day`);
          assert.ok(d < today, `${key}: ${d} is before today`);
          assert.ok(d >= p.referralOn, `${key}: ${d} is not before the referral`);
        }
      }
      assert.equal(deadline(book, 'initial-assessment', plans['assessment-due-soon'].referralOn)!.dueOn, addWorkingDays(today, 3));
      const icpcDue = deadline(book, 'icpc', plans['s47-icpc-next-week'].strategyOn!)!.dueOn;
      const days = Math.round((Date.parse(icpcDue) - Date.parse(today)) / 86_400_000);
      assert.ok(days >= 2 && days <= 14 && new Date(`${icpcDue}T12:00:00Z`).getUTCDay() >= 1, `the conference is due next week (${icpcDue})`);
      assert.equal(workingDaysBetween(deadline(book, 'first-core-group', plans['core-group-overdue'].icpcOn!)!.dueOn, today), 2);
      assert.ok(addCalendarMonths(plans['stuck-long-plan'].icpcOn!, 18) < today, 'the long plan has run more than 18 months');
      for (const key of ['all-met', 'stuck-long-plan'] as const) {
        const p = plans[key];
        assert.ok(p.coreGroups[0]! <= deadline(book, 'first-core-group', p.icpcOn!)!.dueOn);
        assert.ok(p.reviews[0]! <= deadline(book, 'first-review', p.icpcOn!)!.dueOn);
        for (let i = 1; i < p.reviews.length; i++) assert.ok(p.reviews[i]! <= deadline(book, 'later-review', p.reviews[i - 1]!)!.dueOn);
        assert.ok(deadline(book, 'later-review', p.reviews.at(-1)!)!.dueOn > today, 'the next review is still to come');
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

  it('gives the caseworker open cases at different stages, one with a deadline 2 working days overdue', async () => {
    const worker = await actor('caseworker@camden.example', 'caseworker');
    const db = harness.container.database.db.withTables<CaseworkTables>();
    const today = londonDateOf(harness.clock.now());
    const open = await db.selectFrom('caseEpisodes').select(['id', 'contactId', 'personId']).where('workerUserId', '=', worker.userId).where('status', '=', 'open').execute();
    assert.ok(open.length >= 4 && open.length <= 6, `${open.length} open cases`);
    assert.equal(new Set(open.map((e) => e.personId)).size, open.length, 'each case is about a different child (one open case per child)');
    const allOpen = await db.selectFrom('caseEpisodes').select(['personId', 'laCode']).where('status', '=', 'open').execute();
    assert.equal(new Set(allOpen.map((e) => `${e.personId}|${e.laCode}`)).size, allOpen.length, 'no child has two open cases in one authority');
    assert.ok(open.every((e) => e.contactId), 'each case began as a contact');
    const deadlines = await db.selectFrom('caseDeadlines').select(['step', 'status', 'dueOn', 'alertedAt']).where('episodeId', 'in', open.map((e) => e.id)).execute();
    const overdue = deadlines.filter((d) => d.status === 'open' && d.dueOn < today);
    assert.deepEqual(overdue.map((d) => d.step), ['first-core-group']);
    assert.equal(workingDaysBetween(overdue[0]!.dueOn, today), 2);
    assert.ok(overdue[0]!.alertedAt, 'the overdue deadline has been alerted');
    assert.ok(deadlines.some((d) => d.step === 'initial-assessment' && d.status === 'open' && d.dueOn === addWorkingDays(today, 3)), 'an assessment due in 3 working days');
    assert.ok(deadlines.some((d) => d.step === 'icpc' && d.status === 'open' && d.dueOn > today), 'an initial conference still to come');
    assert.ok(deadlines.filter((d) => d.status === 'met').length >= 5 && !deadlines.some((d) => d.status === 'missed'));
    const cin = await db.selectFrom('cinPlans').select('id').where('episodeId', 'in', open.map((e) => e.id)).where('endOn', 'is', null).execute();
    assert.equal(cin.length, 1);
    const tray = await harness.container.casework.trays.myTray(worker);
    assert.equal(tray.counts.overdue, 1);
    assert.ok(tray.counts.soon >= 1);
    const mine = await harness.container.casework.pathway.myCases(worker);
    assert.equal(mine.total, open.length);
    assert.ok(mine.items.every((c) => c.forenames && c.surname), 'each case names the child as the contact did');
  });

  it('shows the team manager the overdue alert and a child protection plan open 20 months as stuck', async () => {
    const manager = await actor('team.manager@camden.example', 'team-manager');
    const team = await harness.container.casework.trays.teamTray(manager);
    assert.ok(team.alerts.some((a) => a.step === 'first-core-group'), 'the overdue first core group is alerted');
    const flags = await harness.container.casework.stuck.flags(manager);
    const stuck = flags.find((f) => f.rule === 'long-cp-plan' && f.status === 'open');
    assert.ok(stuck, 'a stuck case is flagged');
    assert.match(stuck.reasons.join(' '), /Child protection plan open for 2\d months/);
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
    const episodes = async () => Number((await harness.container.database.db.withTables<CaseworkTables>().selectFrom('caseEpisodes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { ...(await counts()), episodes: await episodes() };
    const again = await seedDemoActivity(harness.container, { now: harness.clock.now() });
    assert.equal(again.alreadySeeded, true);
    assert.equal(again.contacts, 0);
    const reseeded = await seedDemo(harness.container, { withRecords: true });
    assert.equal(reseeded.recentContacts, 0);
    assert.deepEqual({ ...(await counts()), episodes: await episodes() }, before);
    const verified = await harness.container.audit.verify(harness.container.database.db);
    assert.equal(verified.ok, true);
  });
});
