// Boards' business meetings through the service and the pages over a real database: the items due for review at a
// meeting with what changed since the previous one (and nothing from before it), agenda, attendance and minutes,
// a gap that becomes a work item or an action, completing and dropping actions on the board's action log, who may
// see and change a board's meetings, validation, stale versions, audit events, and the demo seed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { seedMeetings } from '../../src/modules/partnership/demo/meetings.ts';
import { seedWorkProgramme } from '../../src/modules/partnership/demo/work-programme.ts';
import { sortActions } from '../../src/modules/partnership/meetings.service.ts';
import type { PartnershipTables } from '../../src/modules/partnership/partnership.support.ts';
import { paths } from '../../src/platform/web/paths.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';

const mp = paths.partnership.meetings;
const LONDON = 'LSCB-LONDON';
const CAMDEN = 'LSCB-202';

async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  assert.fail('expected a validation error');
}

describe('business meetings', () => {
  let h: Harness;
  const db = () => h.container.database.db.withTables<PartnershipTables>();
  const service = () => h.container.partnership.meetings;
  const agents = new Map<string, Agent>();
  const agent = async (email: string, role?: string) => {
    const key = `${email}:${role ?? ''}`;
    if (!agents.has(key)) agents.set(key, await h.signIn(email, role));
    return agents.get(key)!;
  };
  const regional = () => agent('regional.manager@london-board.example');
  const camden = () => agent('board.manager@camden.example');
  const actor = async (a: Agent): Promise<UserActor> => h.actorOf(a);

  /** Loads a form page, takes its version, and posts the fields with the CSRF token. */
  async function post(a: Agent, page: string, url: string, fields: Record<string, string | string[]>) {
    const res = await a.get(page);
    assert.equal(res.statusCode, 200, `${page} answered ${res.statusCode}`);
    const version = /name="version" value="(\d+)"/.exec(res.body)?.[1];
    return a.submit(page, url, { ...(version ? { version } : {}), ...fields });
  }

  async function workItem(boardCode: string, reference: string, title: string) {
    return db()
      .insertInto('workItems')
      .values({ boardCode, reference, title, theme: 'sexual-exploitation', ownerName: 'Dr Miriam Fenwick', status: 'active', rag: 'green', nextReviewOn: null, updatedAt: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('lists the items due for review with the updates since the previous meeting, not those before it', async () => {
    const user = await actor(await regional());
    const previous = await service().create(user, LONDON, { meetingOn: '2026-10-14', title: 'Board business meeting – October 2026', location: null });
    const item = await workItem(LONDON, 'T-REVIEW-1', 'Sexual exploitation protocol: consultation responses');
    const quiet = await workItem(LONDON, 'T-REVIEW-2', 'An item with nothing new');
    await db()
      .insertInto('workItemUpdates')
      .values([
        { itemId: item.id, rag: 'amber', summary: 'Consultation delayed by the summer break', evidence: null, recordedOn: '2026-10-01' },
        { itemId: item.id, rag: 'green', summary: 'Forty-one responses received and analysed', evidence: 'Consultation report', recordedOn: '2026-10-20' },
        { itemId: quiet.id, rag: 'green', summary: 'Steady progress before October', evidence: null, recordedOn: '2026-09-01' },
      ])
      .execute();
    await db()
      .insertInto('workItemMilestones')
      .values([
        { itemId: item.id, title: 'Protocol published', dueOn: '2026-10-30', completedOn: null },
        { itemId: item.id, title: 'Consultation closed', dueOn: '2026-10-10', completedOn: '2026-10-25' },
      ])
      .execute();

    const review = await service().reviewAt(db(), LONDON, '2026-11-18');
    assert.equal(review.previousMeetingOn, '2026-10-14');
    const found = review.items.find((i) => i.id === item.id)!;
    assert.ok(found, 'the updated item is due for review');
    assert.deepEqual(found.updates.map((u) => u.summary), ['Forty-one responses received and analysed']);
    assert.equal(found.ragFrom, 'amber');
    assert.equal(found.ragTo, 'green');
    assert.deepEqual(found.milestonesCompleted.map((m) => m.title), ['Consultation closed']);
    assert.deepEqual(found.overdueMilestones.map((m) => m.title), ['Protocol published']);
    assert.equal(review.items.some((i) => i.id === quiet.id), false, 'an item with no news and no review date is not listed');

    // On the page of the next meeting.
    const next = await service().create(user, LONDON, { meetingOn: '2026-11-18', title: 'Board business meeting – November 2026', location: 'London Councils' });
    const page = await (await regional()).get(mp.meeting(next.id));
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Forty-one responses received and analysed'));
    assert.ok(!page.body.includes('Consultation delayed by the summer break'));
    assert.ok(page.body.includes('Amber – at risk to Green – on track'));
    assert.ok(page.body.includes('Changes since the previous meeting on 14 October 2026'));

    // The previous meeting's own review reads as it did then: the October update was after it.
    const earlier = await service().reviewAt(db(), LONDON, '2026-10-14');
    assert.equal(earlier.items.find((i) => i.id === item.id)?.updates.some((u) => u.summary.startsWith('Forty-one')) ?? false, false);
    assert.ok(previous.id);
  });

  it('adds a meeting, its agenda, attendance and minutes through the pages', async () => {
    const a = await regional();
    const created = await a.submit(mp.newMeeting(LONDON), mp.newMeeting(LONDON), { 'meetingOn-day': '9', 'meetingOn-month': '12', 'meetingOn-year': '2026', title: 'Board business meeting – December 2026', location: 'London Councils, Southwark Street' });
    assert.equal(created.statusCode, 303);
    const id = /\/meetings\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
    const agendaItem = await workItem(LONDON, 'T-AGENDA-1', 'MASH pilot');
    const agenda = await post(a, mp.agenda(id), mp.agenda(id), {
      rows: '3',
      'agenda-1-title': 'MASH pilot evaluation',
      'agenda-1-paperTitle': 'MASH pilot evaluation: interim findings',
      'agenda-1-paperSummary': 'Interim findings of the independent evaluation.',
      'agenda-1-presenter': 'Det Ch Supt Alan Mercer',
      'agenda-1-workItemId': agendaItem.id,
      'agenda-2-title': 'Any other business',
    });
    assert.equal(agenda.statusCode, 303);
    const attendance = await post(a, mp.attendance(id), mp.attendance(id), {
      rows: '4',
      'attendance-1-organisation': 'Government Office for London',
      'attendance-1-representative': 'Mark Stanton',
      'attendance-1-attendance': 'present',
      'attendance-2-organisation': 'London Councils',
      'attendance-2-representative': 'Joanna Pike',
      'attendance-2-attendance': 'apologies',
    });
    assert.equal(attendance.statusCode, 303);
    const early = await post(a, mp.minutes(id), mp.minutes(id), { minutes: 'The chair welcomed members.', decisions: 'Interim findings noted\nRoll-out decision deferred', isHeld: 'yes' });
    assert.equal(early.statusCode, 400, 'a meeting in the future cannot be marked held');
    assert.ok(early.body.includes('A meeting cannot be marked as held before its date'));
    const minutes = await post(a, mp.minutes(id), mp.minutes(id), { minutes: 'The chair welcomed members.', decisions: 'Interim findings noted\nRoll-out decision deferred' });
    assert.equal(minutes.statusCode, 303);
    const page = await a.get(mp.meeting(id));
    assert.ok(page.body.includes('MASH pilot evaluation: interim findings'));
    assert.ok(page.body.includes('T-AGENDA-1'));
    assert.ok(page.body.includes('Joanna Pike'));
    assert.ok(page.body.includes('1 present, 1 apologies'));
    assert.ok(page.body.includes('Roll-out decision deferred'));
    const list = await a.get(mp.list(LONDON));
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('Board business meeting – December 2026'));
    const audit = await db().selectFrom('auditEvents').select(['action', 'recordId']).where('recordId', '=', id).execute();
    for (const action of ['meeting.create', 'meeting.agenda', 'meeting.attendance', 'meeting.minutes']) assert.ok(audit.some((e) => e.action === action), `${action} audited`);
  });

  it('turns a gap into a work item and another into an action', async () => {
    const a = await regional();
    const meeting = await service().create(await actor(a), LONDON, { meetingOn: '2026-10-28', title: 'Extraordinary meeting', location: null });
    const asItem = await a.submit(mp.newGap(meeting.id), mp.newGap(meeting.id), { description: 'No lead borough for children missing from education across boundaries', theme: 'first-response', becomes: 'work-item', workItemTitle: 'Children missing from education: lead-borough protocol' });
    assert.equal(asItem.statusCode, 303);
    const gap = await db().selectFrom('meetingGaps').selectAll().where('meetingId', '=', meeting.id).executeTakeFirstOrThrow();
    const item = await db().selectFrom('workItems').selectAll().where('id', '=', gap.workItemId!).executeTakeFirstOrThrow();
    assert.equal(item.boardCode, LONDON);
    assert.equal(item.status, 'active');
    assert.equal(item.rag, null);
    assert.equal(item.theme, 'first-response');
    assert.equal(item.version, 1);
    assert.match(item.reference, /^GAP-2026-\d\d$/);

    const asAction = await a.submit(mp.newGap(meeting.id), mp.newGap(meeting.id), { description: 'Faith settings not covered by the training offer', becomes: 'action', actionDescription: 'Scope a training offer for supplementary schools', actionOwnerName: 'Graham Lowe', 'actionDueOn-day': '15', 'actionDueOn-month': '1', 'actionDueOn-year': '2027' });
    assert.equal(asAction.statusCode, 303);
    const gaps = await db().selectFrom('meetingGaps').selectAll().where('meetingId', '=', meeting.id).where('actionId', 'is not', null).execute();
    assert.equal(gaps.length, 1);
    const action = await db().selectFrom('meetingActions').selectAll().where('id', '=', gaps[0]!.actionId!).executeTakeFirstOrThrow();
    assert.equal(action.dueOn, '2027-01-15');
    assert.equal(action.status, 'open');
    const page = await a.get(mp.meeting(meeting.id));
    assert.ok(page.body.includes('Children missing from education: lead-borough protocol'));
    assert.ok(page.body.includes('Became an action: Scope a training offer'));

    // Validation: what it becomes, and a theme for a work item.
    const bad = await a.submit(mp.newGap(meeting.id), mp.newGap(meeting.id), { description: '', becomes: 'work-item', workItemTitle: '' });
    assert.equal(bad.statusCode, 400);
    for (const message of ['Describe the gap', 'Enter the title of the new work item', 'Select the priority theme of the new work item']) assert.ok(bad.body.includes(message), message);
    const none = await fieldErrors(service().recordGap(await actor(a), meeting.id, { description: 'Something', theme: null, becomes: '' }));
    assert.equal(none.becomes, 'Select whether the gap becomes a work item or an action');
    const halfDate = await a.submit(mp.newGap(meeting.id), mp.newGap(meeting.id), { description: 'x', becomes: 'action', actionDescription: 'y', actionOwnerName: 'z', 'actionDueOn-day': '15', 'actionDueOn-month': '', 'actionDueOn-year': '2027' });
    assert.equal(halfDate.statusCode, 400);
    assert.ok(halfDate.body.includes('The due date must include a day, month and year'));
    const audit = await db().selectFrom('auditEvents').select(['action', 'details']).where('action', '=', 'meeting-gap.create').execute();
    assert.equal(audit.length, 2);
  });

  it('completes and drops actions on the board’s action log, refusing a stale version', async () => {
    const a = await regional();
    const user = await actor(a);
    const meeting = await service().create(user, LONDON, { meetingOn: '2026-09-16', title: 'Board business meeting – September 2026', location: null });
    const done = await service().addAction(user, meeting.id, { description: 'Publish the revised protocol', ownerName: 'Siobhan Kelly', ownerAgencyId: null, dueOn: '2026-10-16', workItemId: null });
    const added = await a.submit(mp.newAction(meeting.id), mp.newAction(meeting.id), { description: 'Collect strategy meeting numbers', ownerName: 'Siobhan Kelly', ownerAgencyId: '', 'dueOn-day': '16', 'dueOn-month': '1', 'dueOn-year': '2027' });
    assert.equal(added.statusCode, 303);
    const later = await db().selectFrom('meetingActions').select('id').where('meetingId', '=', meeting.id).where('description', '=', 'Collect strategy meeting numbers').executeTakeFirstOrThrow();

    const log = await a.get(mp.actions(LONDON));
    assert.equal(log.statusCode, 200);
    const overdueAt = log.body.indexOf('Publish the revised protocol');
    assert.ok(overdueAt > 0 && log.body.includes('Overdue'));

    const completed = await a.submit(mp.actions(LONDON), mp.action(done.id), { version: '1', boardCode: LONDON, status: 'done', 'completedOn-day': '30', 'completedOn-month': '10', 'completedOn-year': '2026', note: 'Published on the Board’s website' });
    assert.equal(completed.statusCode, 303);
    const row = await db().selectFrom('meetingActions').selectAll().where('id', '=', done.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
    assert.equal(row.completedOn, '2026-10-30');
    assert.equal(row.version, 2);

    const stale = await a.submit(mp.actions(LONDON), mp.action(later.id), { version: '7', boardCode: LONDON, status: 'done', 'completedOn-day': '1', 'completedOn-month': '11', 'completedOn-year': '2026' });
    assert.equal(stale.statusCode, 409);
    assert.ok(stale.body.includes('changed by someone else'));
    await assert.rejects(service().updateAction(user, later.id, 3, { status: 'done', completedOn: '2026-11-01', note: null }), ConflictError);

    const noNote = await a.submit(mp.actions(LONDON), mp.action(later.id), { version: '1', boardCode: LONDON, status: 'dropped', 'completedOn-day': '1', 'completedOn-month': '11', 'completedOn-year': '2026' });
    assert.equal(noNote.statusCode, 400);
    assert.ok(noNote.body.includes('Enter why the action was dropped'));
    const future = await fieldErrors(service().updateAction(user, later.id, 1, { status: 'done', completedOn: '2027-01-01', note: null }));
    assert.equal(future.completedOn, 'The date must be today or in the past');
    await service().updateAction(user, later.id, 1, { status: 'dropped', completedOn: '2026-11-01', note: 'Overtaken by the twelve-month review' });

    const after = await service().boardActions(user, LONDON);
    const ids = [...after.open, ...after.closed].map((x) => x.id);
    assert.ok(ids.includes(done.id) && ids.includes(later.id));
    assert.ok(after.closed.some((x) => x.id === later.id && x.status === 'dropped'));
    const audit = await db().selectFrom('auditEvents').select(['action', 'actorUserId']).where('recordId', '=', done.id).where('action', '=', 'meeting-action.update').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actorUserId, user.userId);
  });

  it('orders open actions first, by due date, then closed ones newest first', () => {
    const sorted = sortActions([
      { id: 'a', status: 'done' as const, dueOn: '2026-01-01', completedOn: '2026-02-01' },
      { id: 'b', status: 'open' as const, dueOn: '2026-12-01', completedOn: null },
      { id: 'c', status: 'open' as const, dueOn: '2026-10-01', completedOn: null },
      { id: 'd', status: 'dropped' as const, dueOn: '2026-01-01', completedOn: '2026-03-01' },
    ]);
    assert.deepEqual(sorted.map((s) => s.id), ['c', 'b', 'd', 'a']);
  });

  it('shows a board’s meetings only to its members and the regional team, and lets only its managers change them', async () => {
    const r = await regional();
    const london = await service().create(await actor(r), LONDON, { meetingOn: '2026-08-19', title: 'Board business meeting – August 2026', location: null });
    const c = await camden();
    const own = await service().create(await actor(c), CAMDEN, { meetingOn: '2026-08-20', title: 'Camden LSCB business meeting – August 2026', location: null });

    // Another board's manager: 404 on reading and changing.
    assert.equal((await c.get(mp.meeting(london.id))).statusCode, 404);
    assert.equal((await c.get(mp.list(LONDON))).statusCode, 404);
    assert.equal((await c.get(mp.actions(LONDON))).statusCode, 404);
    assert.equal((await c.get(mp.agenda(london.id))).statusCode, 404);
    await assert.rejects(service().addAction(await actor(c), london.id, { description: 'x', ownerName: 'y', ownerAgencyId: null, dueOn: '2026-12-01', workItemId: null }), NotFoundError);
    // Their own board: yes.
    assert.equal((await c.get(mp.meeting(own.id))).statusCode, 200);
    assert.equal((await c.get(mp.newGap(own.id))).statusCode, 200);

    // A non-member: 404.
    const hub = await agent('hub.manager@camden.example', 'hub-manager');
    assert.equal((await hub.get(mp.meeting(own.id))).statusCode, 404);
    assert.equal((await hub.get(mp.list(CAMDEN))).statusCode, 404);
    await assert.rejects(service().view(await actor(hub), own.id), NotFoundError);

    // The regional team sees every board; an adviser reads but cannot change.
    assert.equal((await r.get(mp.meeting(own.id))).statusCode, 200);
    const adviser = await agent('regional.adviser@london-board.example');
    assert.equal((await adviser.get(mp.meeting(own.id))).statusCode, 200);
    assert.equal((await adviser.get(mp.actions(CAMDEN))).statusCode, 200);
    await assert.rejects(service().saveMinutes(await actor(adviser), own.id, 1, { minutes: 'x', decisions: [], isHeld: false }), NotFoundError);

    // A meeting that does not exist, or an id that is not one.
    assert.equal((await r.get(mp.meeting('00000000-0000-4000-8000-000000000000'))).statusCode, 404);
    assert.equal((await r.get('/meetings/not-an-id')).statusCode, 404);
    const denied = await db().selectFrom('auditEvents').select('action').where('outcome', '=', 'denied').where('recordId', '=', LONDON).execute();
    assert.ok(denied.length > 0, 'refusals are audited');
  });

  it('refuses bad input with clear messages and a stale meeting version', async () => {
    const a = await regional();
    const user = await actor(a);
    const blank = await a.submit(mp.newMeeting(LONDON), mp.newMeeting(LONDON), { title: '' });
    assert.equal(blank.statusCode, 400);
    assert.ok(blank.body.includes('Enter the date of the meeting'));
    assert.ok(blank.body.includes('Enter the title of the meeting'));
    const impossible = await a.submit(mp.newMeeting(LONDON), mp.newMeeting(LONDON), { 'meetingOn-day': '31', 'meetingOn-month': '2', 'meetingOn-year': '2027', title: 'February' });
    assert.equal(impossible.statusCode, 400);
    assert.ok(impossible.body.includes('The date of the meeting must be a real date'));

    const meeting = await service().create(user, LONDON, { meetingOn: '2026-07-15', title: 'Board business meeting – July 2026', location: null });
    const agenda = await fieldErrors(service().saveAgenda(user, meeting.id, 1, [{ row: 2, title: '', paperTitle: 'A paper', paperSummary: null, presenter: null, workItemId: 'not-a-work-item' }]));
    assert.equal(agenda['agenda-2-title'], 'Enter the title of the agenda item');
    assert.equal(agenda['agenda-2-workItemId'], 'Select a work item of this board');
    const otherBoardItem = await workItem(CAMDEN, 'T-CAMDEN-1', 'Camden item');
    const cross = await fieldErrors(service().saveAgenda(user, meeting.id, 1, [{ title: 'Item', paperTitle: null, paperSummary: null, presenter: null, workItemId: otherBoardItem.id }]));
    assert.equal(cross['agenda-1-workItemId'], 'Select a work item of this board');
    const attendance = await fieldErrors(service().saveAttendance(user, meeting.id, 1, [{ agencyId: null, organisation: null, representative: '', role: null, attendance: '' }]));
    assert.deepEqual(Object.keys(attendance).sort(), ['attendance-1-agencyId', 'attendance-1-attendance', 'attendance-1-representative']);
    const action = await fieldErrors(service().addAction(user, meeting.id, { description: '', ownerName: '', ownerAgencyId: null, dueOn: null, workItemId: null }));
    assert.deepEqual(Object.keys(action).sort(), ['description', 'dueOn', 'ownerName']);

    await service().saveMinutes(user, meeting.id, 1, { minutes: 'Held as planned.', decisions: ['Agreed'], isHeld: true });
    await assert.rejects(service().saveMinutes(user, meeting.id, 1, { minutes: 'Someone else’s edit', decisions: [], isHeld: true }), ConflictError);
    const stalePage = await a.submit(mp.minutes(meeting.id), mp.minutes(meeting.id), { version: '1', minutes: 'x', decisions: '' });
    assert.equal(stalePage.statusCode, 409);
    assert.ok(stalePage.body.includes('This meeting was changed by someone else'));
  });
});

describe('business meetings demo seed on a fresh database', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('gives the regional board twelve held meetings and the next one planned, idempotently', async () => {
    const db = h.container.database.db.withTables<PartnershipTables>();
    const now = h.clock.now();
    // After the work programme, as the demo runs them: agenda items and actions link to its items.
    await seedWorkProgramme(db, h.container.audit, now);
    const first = await seedMeetings(db, h.container.audit, now);
    const second = await seedMeetings(db, h.container.audit, now);
    assert.ok(first.meetings >= 13);
    assert.equal(second.meetings, 0);
    const meetings = await db.selectFrom('meetings').select(['id', 'status', 'meetingOn']).where('boardCode', '=', LONDON).orderBy('meetingOn').execute();
    assert.equal(meetings.length, 13);
    assert.equal(meetings.filter((m) => m.status === 'held').length, 12);
    assert.equal(meetings.at(-1)!.status, 'planned');
    const ids = meetings.map((m) => m.id);
    const attendance = await db.selectFrom('meetingAttendance').select(['meetingId']).where('meetingId', 'in', ids).execute();
    for (const m of meetings.filter((x) => x.status === 'held')) {
      const n = attendance.filter((a) => a.meetingId === m.id).length;
      assert.ok(n >= 6 && n <= 10, `attendance ${n}`);
    }
    const actions = await db.selectFrom('meetingActions').select(['meetingId', 'status', 'dueOn']).where('boardCode', '=', LONDON).execute();
    for (const m of meetings.filter((x) => x.status === 'held')) {
      const n = actions.filter((a) => a.meetingId === m.id).length;
      assert.ok(n >= 2 && n <= 4, `actions ${n}`);
    }
    const today = '2026-11-02';
    assert.ok(actions.filter((a) => a.status === 'done').length > actions.length / 2);
    assert.equal(actions.filter((a) => a.status === 'open' && a.dueOn < today).length, 1);
    assert.ok(actions.some((a) => a.status === 'open' && a.dueOn >= today));
    const gaps = await db.selectFrom('meetingGaps').select(['workItemId']).where('meetingId', 'in', ids).execute();
    assert.equal(gaps.length, 1);
    assert.ok(gaps[0]!.workItemId);
    const agenda = await db.selectFrom('meetingAgendaItems').select('paperTitle').where('meetingId', 'in', ids).execute();
    assert.ok(agenda.some((a) => a.paperTitle === 'MASH pilot evaluation: interim findings'));
    const linked = await db.selectFrom('meetingAgendaItems').select('workItemId').where('meetingId', 'in', ids).where('workItemId', 'is not', null).execute();
    assert.ok(linked.length >= 10, 'papers link to the work programme');
    const camden = await db.selectFrom('meetings').select('status').where('boardCode', '=', CAMDEN).execute();
    assert.ok(camden.some((m) => m.status === 'planned') && camden.some((m) => m.status === 'held'));

    // The planned meeting's page renders, with its review.
    const a = await h.signIn('regional.manager@london-board.example');
    const page = await a.get(mp.meeting(meetings.at(-1)!.id));
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Work programme items due for review'));
    const log = await a.get(mp.actions(LONDON));
    assert.equal(log.statusCode, 200);
    assert.ok(log.body.includes('Overdue'));
  });
});
