// Work trays and the overdue scan, over the real app and database, with a clock we move by hand. Episodes and their
// deadlines are written straight into the tables (the pathway that opens them is tested elsewhere), so these tests are
// about grouping, need-to-know, the scan's idempotence and the managers' alerts. Every name is invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { systemActor, type UserActor } from '../../src/kernel/actor.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { deadline, effectiveRulebook, type Step } from '../../src/modules/casework/casework.rules.ts';
import { DEMO_PASSWORD, createHarness, type Agent, type Harness } from '../support/app.ts';

const CASEWORKER = 'caseworker@camden.example';
const MANAGER = 'team.manager@camden.example';
const HUB_MANAGER = 'hub.manager@camden.example';
const OTHER_WORKER = 'second.worker@camden.example';
const GREENWICH_MANAGER = 'team.manager@greenwich.example';

// Monday 2 November 2026, 09:00 London (GMT). The "due soon" window of 5 working days runs to Monday 9 November.
const clock = new FixedClock('2026-11-02T09:00:00Z');

describe('work trays and the overdue scan', () => {
  let h: Harness;
  const agents = new Map<string, Agent>();
  const agent = async (email: string, role?: string) => {
    const key = `${email}:${role ?? ''}`;
    if (!agents.has(key)) agents.set(key, await h.signIn(email, role));
    return agents.get(key)!;
  };
  // Resolved once per user: the tests that move the clock then act without touching the session (a day's jump
  // would otherwise end it through the idle timeout).
  const actors = new Map<string, UserActor>();
  const actor = async (email: string, role?: string): Promise<UserActor> => {
    const key = `${email}:${role ?? ''}`;
    if (!actors.has(key)) actors.set(key, await h.actorOf(await agent(email, role)));
    return actors.get(key)!;
  };
  const db = () => h.container.casework.context.db;
  const trays = () => h.container.casework.trays;

  const ids = { team: '', worker: '', otherWorker: '', laAgency: '', greenwichAgency: '' };
  const episodes: Record<string, string> = {};
  const deadlines: Record<string, string> = {};

  async function child(forenames: string, surname: string, agencyId: string): Promise<string> {
    const person = await db().insertInto('persons').values({ mergedIntoId: null, restrictedTeamId: null, createdBy: null }).returning('id').executeTakeFirstOrThrow();
    const record = await db()
      .insertInto('sourceRecords')
      .values({ agencyId, localId: `test/${randomUUID()}`, recordKind: 'case-child', forenames, surname, dateOfBirth: '2016-03-14', sex: 'F', nhsNumber: null, upn: null, postcode: null, address: null, previousAddresses: '[]', laCode: null, updatedAt: clock.now(), createdBy: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('personLinks').values({ sourceRecordId: record.id, personId: person.id, matchProbability: null, evidence: '[]', method: 'new-person', confirmedBy: null, endedAt: null, endReason: null }).execute();
    return person.id;
  }

  async function episode(key: string, options: { personId: string; laCode?: string; worker: string | null; team: string | null; status?: 'open' | 'closed' }): Promise<string> {
    const id = randomUUID();
    await db()
      .insertInto('caseEpisodes')
      .values({
        id,
        personId: options.personId,
        laCode: options.laCode ?? '202',
        contactId: null,
        externalReference: null,
        rulebook: 'wt2010',
        referralOn: '2026-10-01',
        referralSource: '2A',
        primaryNeed: 'N1',
        isNfa: false,
        isUnborn: false,
        expectedBirthOn: null,
        workerUserId: options.worker,
        teamId: options.team,
        status: options.status ?? 'open',
        closedOn: null,
        closureReason: null,
        createdBy: null,
      })
      .execute();
    episodes[key] = id;
    return id;
  }

  async function due(key: string, episodeId: string, step: Step, dueOn: string, options: { laCode?: string; status?: 'open' | 'met' } = {}): Promise<string> {
    const rule = deadline(effectiveRulebook('wt2010'), step, '2026-10-01')?.rule ?? deadline(effectiveRulebook('wt2010'), 'initial-assessment', '2026-10-01')!.rule;
    const row = await db()
      .insertInto('caseDeadlines')
      .values({ episodeId, laCode: options.laCode ?? '202', step, subjectId: null, dueOn, rule: JSON.stringify(rule), status: options.status ?? 'open', doneOn: null, alertedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    deadlines[key] = row.id;
    return row.id;
  }

  before(async () => {
    h = await createHarness({ clock });
    const agencies = await db().selectFrom('agencies').select(['id', 'code']).where('code', 'in', ['la-202', 'la-203']).execute();
    ids.laAgency = agencies.find((a) => a.code === 'la-202')!.id;
    ids.greenwichAgency = agencies.find((a) => a.code === 'la-203')!.id;
    ids.team = (await db().selectFrom('teams').select('id').where('code', '=', 'assessment-intervention').where('agencyId', '=', ids.laAgency).executeTakeFirstOrThrow()).id;
    ids.worker = (await db().selectFrom('users').select('id').where('email', '=', CASEWORKER).executeTakeFirstOrThrow()).id;
    ids.otherWorker = await h.container.users.create(systemActor('test'), { email: OTHER_WORKER, displayName: 'Rosalind Pemberton-Okoro', agencyId: ids.laAgency, teamIds: [ids.team], password: DEMO_PASSWORD }, [{ roleCode: 'caseworker', scopeCode: '202' }]);
    await h.container.users.create(systemActor('test'), { email: GREENWICH_MANAGER, displayName: 'Marcus Villeneuve', agencyId: ids.greenwichAgency, teamIds: [], password: DEMO_PASSWORD }, [{ roleCode: 'team-manager', scopeCode: '203' }]);

    // Daniel's child: one deadline in each section, and one already met.
    const amara = await child('Amara', 'Quennell', ids.laAgency);
    const e1 = await episode('amara', { personId: amara, worker: ids.worker, team: ids.team });
    await due('overdue', e1, 'initial-assessment', '2026-10-28'); // Wed 28 Oct: 5 days, 3 working days (Thu, Fri, Mon) ago
    await due('today', e1, 'referral-decision', '2026-11-02');
    await due('soon', e1, 'first-core-group', '2026-11-06');
    await due('soonEdge', e1, 'icpc', '2026-11-09'); // the 5th working day: still "soon"
    await due('later', e1, 'core-assessment', '2026-11-10');
    await due('met', e1, 'strategy-discussion', '2026-10-20', { status: 'met' });
    // Another worker's child in the same team, overdue.
    const bartek = await child('Bartek', 'Ellingworth', ids.laAgency);
    const e2 = await episode('bartek', { personId: bartek, worker: ids.otherWorker, team: ids.team });
    await due('otherOverdue', e2, 'single-assessment', '2026-10-30');
    // An unallocated child, due later; a closed episode's stray deadline (never shown, never alerted).
    const cosima = await child('Cosima', 'Hartfield', ids.laAgency);
    const e3 = await episode('cosima', { personId: cosima, worker: null, team: ids.team });
    await due('unallocated', e3, 'first-review', '2027-01-15');
    await episode('closed', { personId: cosima, worker: ids.worker, team: ids.team, status: 'closed' });
    await due('closed', episodes.closed!, 'later-review', '2026-10-01');
    // A Greenwich child, overdue: never in Camden's trays.
    const dorian = await child('Dorian', 'Ashcombe-Reyes', ids.greenwichAgency);
    const e5 = await episode('greenwich', { personId: dorian, laCode: '203', worker: null, team: null });
    await due('greenwich', e5, 'initial-assessment', '2026-10-29', { laCode: '203' });
  });
  after(() => h.close());

  const deadlineIds = (rows: { deadlineId: string }[]) => rows.map((r) => r.deadlineId);

  it('groups a caseworker’s deadlines as overdue, due today, due in the next 5 working days, and later', async () => {
    const tray = await trays().myTray(await actor(CASEWORKER, 'caseworker'));
    assert.equal(tray.today, '2026-11-02');
    assert.equal(tray.soonUntil, '2026-11-09');
    assert.deepEqual(deadlineIds(tray.groups.overdue), [deadlines.overdue]);
    assert.deepEqual(deadlineIds(tray.groups.today), [deadlines.today]);
    assert.deepEqual(deadlineIds(tray.groups.soon), [deadlines.soon, deadlines.soonEdge]);
    assert.deepEqual(deadlineIds(tray.groups.later), [deadlines.later]);
    assert.deepEqual(tray.counts, { overdue: 1, today: 1, soon: 2, later: 1 });

    const row = tray.groups.overdue[0]!;
    assert.equal(row.childName, 'Amara Quennell');
    assert.equal(row.stepLabel, 'Initial assessment');
    assert.equal(row.ruleText, '10 working days from the referral (Working Together 2010)');
    assert.match(row.ruleSource, /Working Together to Safeguard Children 2010/);
    assert.equal(row.daysOverdue, 5);
    assert.equal(row.workingDaysOverdue, 3);
    assert.equal(tray.groups.today[0]!.daysOverdue, 0);
  });

  it('audits the tray read once, with counts and episode ids only', async () => {
    const user = await actor(CASEWORKER, 'caseworker');
    const before = await h.container.database.db.selectFrom('auditEvents').select('id').where('action', '=', 'casework.tray.read').where('actorUserId', '=', user.userId).execute();
    await trays().myTray(user);
    const events = await h.container.database.db.selectFrom('auditEvents').selectAll().where('action', '=', 'casework.tray.read').where('actorUserId', '=', user.userId).execute();
    assert.equal(events.length, before.length + 1);
    const details = events.at(-1)!.details as Record<string, unknown>;
    assert.deepEqual(details.episodeIds, [episodes.amara]);
    assert.equal(details.overdue, 1);
    assert.doesNotMatch(JSON.stringify(details), /Amara|Quennell/);
  });

  it('never shows a caseworker another worker’s children', async () => {
    const daniel = await trays().myTray(await actor(CASEWORKER, 'caseworker'));
    const all = Object.values(daniel.groups).flat();
    assert.ok(!all.some((r) => r.episodeId === episodes.bartek || r.episodeId === episodes.cosima || r.episodeId === episodes.greenwich));
    const rosalind = await trays().myTray(await actor(OTHER_WORKER, 'caseworker'));
    assert.deepEqual(Object.values(rosalind.groups).flat().map((r) => r.episodeId), [episodes.bartek]);
    await assert.rejects(trays().teamTray(await actor(CASEWORKER, 'caseworker')), ForbiddenError);
    await assert.rejects(trays().myTray(await actor(HUB_MANAGER, 'hub-manager')), ForbiddenError);
  });

  it('gives a team manager the authority’s deadlines with counts per worker', async () => {
    const tray = await trays().teamTray(await actor(MANAGER, 'team-manager'));
    const shown = Object.values(tray.groups).flat();
    assert.deepEqual(new Set(shown.map((r) => r.episodeId)), new Set([episodes.amara, episodes.bartek, episodes.cosima]));
    assert.deepEqual(deadlineIds(tray.groups.overdue), [deadlines.overdue, deadlines.otherOverdue]);
    const byName = Object.fromEntries(tray.workers.map((w) => [w.workerName ?? 'unallocated', w]));
    assert.deepEqual({ ...byName['Daniel Osei'], workerUserId: undefined }, { workerUserId: undefined, workerName: 'Daniel Osei', overdue: 1, today: 1, soon: 2, later: 1, total: 5 });
    assert.equal(byName['Rosalind Pemberton-Okoro']?.overdue, 1);
    assert.equal(byName.unallocated?.later, 1);
    assert.equal(tray.workers.at(-1)?.workerUserId, null, 'unallocated work is listed last');
    assert.ok(tray.teams.some((t) => t.id === ids.team));

    const oneTeam = await trays().teamTray(await actor(MANAGER, 'team-manager'), { teamId: ids.team });
    assert.equal(Object.values(oneTeam.groups).flat().length, shown.length);
    await assert.rejects(trays().teamTray(await actor(MANAGER, 'team-manager'), { teamId: randomUUID() }), NotFoundError);
    await assert.rejects(trays().myTray(await actor(CASEWORKER, 'caseworker'), { window: 0 }), ValidationError);
  });

  it('raises one alert per overdue deadline, and nothing on a second run', async () => {
    const scan = systemActor('casework.scan-overdue');
    // Camden's two overdue deadlines and Greenwich's one; not the met one nor the closed episode's.
    assert.equal(await trays().scanOverdue(scan), 3);
    assert.equal(await trays().scanOverdue(scan), 0);
    const alerts = await db().selectFrom('caseAlerts').selectAll().orderBy('raisedAt').execute();
    assert.deepEqual(new Set(alerts.map((a) => a.deadlineId)), new Set([deadlines.overdue, deadlines.otherOverdue, deadlines.greenwich]));
    assert.equal(alerts.find((a) => a.deadlineId === deadlines.overdue)?.teamId, ids.team);
    const marked = await db().selectFrom('caseDeadlines').select(['id', 'alertedAt']).where('id', 'in', [deadlines.overdue!, deadlines.today!]).execute();
    assert.ok(marked.find((m) => m.id === deadlines.overdue)?.alertedAt);
    assert.equal(marked.find((m) => m.id === deadlines.today)?.alertedAt, null, 'a deadline due today is not yet overdue');
    const audit = await h.container.database.db.selectFrom('auditEvents').selectAll().where('action', '=', 'casework.overdue-scan').execute();
    assert.equal(audit.length, 1, 'one event for the run that raised alerts; none for the run that found nothing');
    assert.equal((audit[0]!.details as Record<string, unknown>).raised, 3);
  });

  it('refuses the scan to anyone but the scheduler', async () => {
    await assert.rejects(trays().scanOverdue(await actor(MANAGER, 'team-manager')), ForbiddenError);
  });

  it('shows the authority’s own alerts to its team manager, who acknowledges them', async () => {
    const manager = await actor(MANAGER, 'team-manager');
    const tray = await trays().teamTray(manager);
    assert.deepEqual(new Set(tray.alerts.map((a) => a.deadlineId)), new Set([deadlines.overdue, deadlines.otherOverdue]));
    const alert = tray.alerts.find((a) => a.deadlineId === deadlines.overdue)!;
    assert.equal(alert.childName, 'Amara Quennell');
    assert.equal(alert.workerName, 'Daniel Osei');
    assert.equal(alert.daysOverdue, 5);

    await trays().acknowledge(manager, alert.alertId);
    const after = await trays().teamTray(manager);
    assert.deepEqual(after.alerts.map((a) => a.deadlineId), [deadlines.otherOverdue]);
    // The deadline itself is still overdue until the work is done.
    assert.ok(deadlineIds(after.groups.overdue).includes(deadlines.overdue!));
    await assert.rejects(trays().acknowledge(manager, alert.alertId), ConflictError);

    const row = await db().selectFrom('caseAlerts').selectAll().where('id', '=', alert.alertId).executeTakeFirstOrThrow();
    assert.equal(row.acknowledgedBy, manager.userId);
    const events = await h.container.database.db.selectFrom('auditEvents').selectAll().where('action', '=', 'casework.alert.acknowledge').where('recordId', '=', alert.alertId).execute();
    assert.equal(events.length, 1);
  });

  it('keeps each authority’s alerts to its own managers', async () => {
    const greenwichAlert = await db().selectFrom('caseAlerts').select('id').where('deadlineId', '=', deadlines.greenwich!).executeTakeFirstOrThrow();
    await assert.rejects(trays().acknowledge(await actor(MANAGER, 'team-manager'), greenwichAlert.id), NotFoundError);
    await assert.rejects(trays().acknowledge(await actor(CASEWORKER, 'caseworker'), greenwichAlert.id), ForbiddenError);
    await assert.rejects(trays().acknowledge(await actor(MANAGER, 'team-manager'), 'not-an-id'), NotFoundError);
    const greenwich = await trays().teamTray(await actor(GREENWICH_MANAGER, 'team-manager'));
    assert.deepEqual(greenwich.alerts.map((a) => a.deadlineId), [deadlines.greenwich]);
    assert.deepEqual(Object.values(greenwich.groups).flat().map((r) => r.episodeId), [episodes.greenwich]);
    // Greenwich's manager sees the name Greenwich's own records hold.
    assert.equal(greenwich.alerts[0]!.childName, 'Dorian Ashcombe-Reyes');
    await assert.rejects(trays().acknowledge(await actor(MANAGER, 'team-manager'), deadlines.overdue! /* a deadline id, not an alert id */), NotFoundError);
    await assert.rejects(trays().acknowledge(await actor(MANAGER, 'team-manager'), randomUUID(), { note: 'Spoke to the worker' }), ValidationError);
  });

  it('moves a deadline due today into overdue the next day, and the scan then raises it', async () => {
    clock.set('2026-11-03T09:00:00Z');
    try {
      const tray = await trays().myTray(await actor(CASEWORKER, 'caseworker'));
      assert.deepEqual(deadlineIds(tray.groups.overdue), [deadlines.overdue, deadlines.today]);
      assert.equal(await trays().scanOverdue(systemActor('casework.scan-overdue')), 1);
      assert.equal(await trays().scanOverdue(systemActor('casework.scan-overdue')), 0);
    } finally {
      clock.set('2026-11-02T09:00:00Z');
    }
  });

  it('decides "today" in London: 23:30 UTC in summer is already the next day', async () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    clock.set('2026-06-30T23:30:00Z');
    try {
      const tray = await trays().myTray(await actor(CASEWORKER, 'caseworker'));
      assert.equal(tray.today, '2026-07-01');
    } finally {
      clock.set('2026-11-02T09:00:00Z');
    }
  });

  describe('pages', () => {
    it('shows the caseworker’s tray in sections, each row linking to the case, overdue marked in words', async () => {
      const res = await (await agent(CASEWORKER, 'caseworker')).get('/casework/tray');
      assert.equal(res.statusCode, 200);
      for (const heading of ['Overdue', 'Due today', 'Due soon', 'Later']) assert.match(res.body, new RegExp(`<h2 class="govuk-heading-m" id="[a-z]+-heading">${heading}</h2>`));
      assert.match(res.body, /<caption class="govuk-table__caption govuk-visually-hidden">Overdue: your deadlines \(1\)<\/caption>/);
      assert.match(res.body, new RegExp(`href="/cases/${episodes.amara}"`));
      assert.match(res.body, /Amara Quennell/);
      assert.match(res.body, /<strong class="govuk-tag govuk-tag--red">Overdue<\/strong>/);
      assert.match(res.body, /by 5 days \(3 working days\)/);
      assert.match(res.body, /10 working days from the referral \(Working Together 2010\)/);
      assert.doesNotMatch(res.body, /Bartek|Cosima|Dorian/);
    });

    it('refuses the team tray to a caseworker and the tray to someone with no casework role', async () => {
      assert.equal((await (await agent(CASEWORKER, 'caseworker')).get('/casework/team')).statusCode, 403);
      assert.equal((await (await agent(HUB_MANAGER, 'hub-manager')).get('/casework/tray')).statusCode, 403);
      const anonymous = await h.agent().get('/casework/tray');
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/sign-in/);
    });

    it('takes a newly overdue deadline from the scan to the team tray, where the manager acknowledges it', async () => {
      // A new deadline, overdue since Friday, appears after the next scan.
      await due('fresh', episodes.bartek!, 'core-assessment', '2026-10-30');
      assert.equal(await trays().scanOverdue(systemActor('casework.scan-overdue')), 1);
      const manager = await agent(MANAGER, 'team-manager');
      const page = await manager.get('/casework/team');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Overdue alerts/);
      assert.match(page.body, /Deadlines by worker/);
      assert.match(page.body, /Rosalind Pemberton-Okoro/);
      const alert = await db().selectFrom('caseAlerts').select('id').where('deadlineId', '=', deadlines.fresh!).executeTakeFirstOrThrow();
      assert.match(page.body, new RegExp(`action="/casework/alerts/${alert.id}/acknowledge"`));
      const res = await manager.submit('/casework/team', `/casework/alerts/${alert.id}/acknowledge`, {});
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/casework/team?acknowledged=1');
      const after = await manager.get(res.headers.location as string);
      assert.match(after.body, /Alert acknowledged/);
      assert.doesNotMatch(after.body, new RegExp(`/casework/alerts/${alert.id}/acknowledge`));
      // Acknowledging it again says so rather than failing silently.
      const again = await manager.submit('/casework/team', `/casework/alerts/${alert.id}/acknowledge`, {});
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /already been acknowledged/);
      // A caseworker cannot post an acknowledgement.
      const refused = await (await agent(CASEWORKER, 'caseworker')).submit('/casework/tray', `/casework/alerts/${alert.id}/acknowledge`, {});
      assert.equal(refused.statusCode, 403);
    });
  });
});
