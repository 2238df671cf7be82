// Training: a Lead Member's completed course changes the coverage report; booking lists are audited and limited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { createHarness, type Harness } from '../support/app.ts';

describe('training', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => h.close());
  const training = () => h.container.partnership.training;

  it('counts a Lead Member trained this year in the board coverage report', async () => {
    const regional = await h.actorOf(await h.signIn('regional.manager@london-board.example'));
    const camden = await h.actorOf(await h.signIn('board.manager@camden.example'));
    const { id: courseId } = await training().createCourse(regional, { title: 'Lead Member safeguarding briefing', description: 'The Lead Member’s statutory role, challenge to the LSCB and the annual report.', audiences: ['lead-members'], provider: 'London Safeguarding Children Board' });
    const { id: sessionId } = await training().createSession(regional, { courseId, heldOn: '2026-10-14', venue: 'London Councils, 59½ Southwark Street', boardCode: 'LSCB-LONDON', capacity: '20' });

    const before = await training().coverage(regional, 2026, 'LSCB-201');
    const cityAndHackney = () => before.rows.find((r) => r.audience === 'lead-members')!;
    assert.equal(cityAndHackney().trained, 0);
    assert.equal(cityAndHackney().denominator, 2);
    assert.equal(cityAndHackney().percent, 0);

    const { id: bookingId } = await training().book(regional, sessionId, { attendeeName: 'Cllr Marguerite Osei-Lindqvist', audience: 'lead-members', boardCode: 'LSCB-201', agencyName: 'Hackney Council' });
    await assert.rejects(training().record(regional, bookingId, 1, { status: 'booked', isCompleted: true, completedOn: '2026-10-14' }), (e: unknown) => e instanceof ValidationError && !!e.fields.isCompleted);
    await assert.rejects(training().record(camden, bookingId, 1, { status: 'attended' }), NotFoundError);
    await training().record(regional, bookingId, 1, { status: 'attended', isCompleted: true, completedOn: '2026-10-14', evaluationScore: 5, evaluationComment: 'Clear on the challenge role' });
    await assert.rejects(training().record(regional, bookingId, 1, { status: 'attended' }), ConflictError);

    const after1 = (await training().coverage(regional, 2026, 'LSCB-201')).rows.find((r) => r.audience === 'lead-members')!;
    assert.deepEqual([after1.trained, after1.denominator, after1.percent], [1, 2, 50]);
    assert.equal((await training().coverage(regional, 2025, 'LSCB-201')).rows.find((r) => r.audience === 'lead-members')!.trained, 0);

    await assert.rejects(training().setAudienceCount(camden, { boardCode: 'LSCB-201', audience: 'lead-members', year: 2026, count: 1 }), ValidationError);
    await training().setAudienceCount(regional, { boardCode: 'LSCB-201', audience: 'lead-members', year: 2026, count: 1 });
    assert.equal((await training().coverage(regional, 2026, 'LSCB-201')).rows.find((r) => r.audience === 'lead-members')!.percent, 100);

    // A board manager sees their own board only, and not the other board's attendees.
    await assert.rejects(training().coverage(camden, 2026, 'LSCB-201'), NotFoundError);
    const own = await training().coverage(camden, 2026);
    assert.deepEqual([...new Set(own.rows.map((r) => r.boardCode))], ['LSCB-202']);
    assert.equal((await training().session(camden, sessionId)).bookings.length, 0);
    assert.equal((await training().session(regional, sessionId)).bookings.length, 1);

    const actions = (await h.container.database.db.selectFrom('auditEvents').select('action').where('outcome', '=', 'success').execute()).map((e) => e.action);
    for (const a of ['training-course.create', 'training-session.create', 'training-booking.create', 'training-booking.record', 'training.coverage.read', 'training-session.bookings.read', 'training-audience-count.set']) assert.ok(actions.includes(a), a);
  });

  it('validates a session and refuses another board as host to a board manager', async () => {
    const camden = await h.actorOf(await h.signIn('board.manager@camden.example'));
    await assert.rejects(training().createSession(camden, { courseId: 'x', heldOn: '2026-02-30', venue: '', boardCode: 'LSCB-202', capacity: '0' }), (e: unknown) => e instanceof ValidationError && ['courseId', 'heldOn', 'venue', 'capacity'].every((f) => f in e.fields));
    const course = (await training().courses(camden))[0]!;
    await assert.rejects(training().createSession(camden, { courseId: course.id, heldOn: '2026-12-01', venue: 'Camden Town Hall', boardCode: 'LSCB-201', capacity: '10' }), (e: unknown) => e instanceof ValidationError && !!e.fields.boardCode);
    await assert.rejects(training().createCourse(await h.actorOf(await h.signIn('lead.member@camden.example')), { title: 'x', description: 'y', audiences: ['leaders'], provider: 'z' }));
  });

  it('records a Lead Member\'s training through the pages and the coverage report changes from 0% to 100%', async () => {
    const regional = await h.signIn('regional.manager@london-board.example');
    const course = await regional.submit('/training/courses/new', '/training/courses/new', { title: 'MACIE: multi-agency child in need and exploitation', description: 'Recognising and responding to exploitation across agencies.', audiences: ['lead-members', 'multi-agency-staff'], provider: 'London Safeguarding Children Board' });
    assert.equal(course.statusCode, 303);
    const courseId = /courses\/([0-9a-f-]{36})/.exec(course.headers.location as string)![1]!;
    const bad = await regional.submit('/training/sessions/new', '/training/sessions/new', { courseId, venue: '', boardCode: 'LSCB-LONDON', capacity: 'many' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the date of the session/);
    assert.match(bad.body, /Enter the venue/);
    const session = await regional.submit('/training/sessions/new', '/training/sessions/new', { courseId, 'heldOn-day': '20', 'heldOn-month': '10', 'heldOn-year': '2026', venue: 'Islington Town Hall, Upper Street', boardCode: 'LSCB-206', capacity: '25' });
    assert.equal(session.statusCode, 303);
    const sessionId = /sessions\/([0-9a-f-]{36})/.exec(session.headers.location as string)![1]!;

    const coverageRow = async () => {
      const page = await regional.get('/training/coverage?year=2026&board=LSCB-206');
      assert.equal(page.statusCode, 200);
      return /Lead Members for children[^<]*<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)[^<]*<\/td>\s*<td[^>]*>([^<]+)<\/td>/.exec(page.body)!.slice(1);
    };
    assert.deepEqual(await coverageRow(), ['0', '1', '0%']);

    const booked = await regional.submit(`/training/sessions/${sessionId}/bookings/new`, `/training/sessions/${sessionId}/bookings/new`, { attendeeName: 'Cllr Tamsin Achterberg', audience: 'lead-members', boardCode: 'LSCB-206', agencyName: 'Islington Council' });
    assert.equal(booked.statusCode, 303);
    const sessionPage = await regional.get(`/training/sessions/${sessionId}`);
    assert.match(sessionPage.body, /Cllr Tamsin Achterberg/);
    const bookingId = /action="\/training\/bookings\/([0-9a-f-]{36})"/.exec(sessionPage.body)![1]!;
    const missing = await regional.submit(`/training/sessions/${sessionId}`, `/training/bookings/${bookingId}`, { version: '1', sessionId, status: 'booked', isCompleted: 'yes', 'completedOn-day': '20', 'completedOn-month': '10', 'completedOn-year': '2026' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Only someone who attended can complete the course/);
    const recorded = await regional.submit(`/training/sessions/${sessionId}`, `/training/bookings/${bookingId}`, { version: '1', sessionId, status: 'attended', isCompleted: 'yes', 'completedOn-day': '20', 'completedOn-month': '10', 'completedOn-year': '2026', evaluationScore: '4', evaluationComment: 'Useful case examples' });
    assert.equal(recorded.statusCode, 303);
    assert.deepEqual(await coverageRow(), ['1', '1', '100%']);
    const stale = await regional.submit(`/training/sessions/${sessionId}`, `/training/bookings/${bookingId}`, { version: '1', sessionId, status: 'attended', isCompleted: 'no' });
    assert.equal(stale.statusCode, 409);

    // Courses and sessions are open to every signed-in user; attendee names and coverage are not.
    const leadMember = await h.signIn('lead.member@camden.example');
    assert.equal((await leadMember.get('/training')).statusCode, 200);
    const seen = await leadMember.get(`/training/sessions/${sessionId}`);
    assert.equal(seen.statusCode, 200);
    assert.doesNotMatch(seen.body, /Achterberg/);
    assert.equal((await leadMember.get('/training/coverage')).statusCode, 403);
    const camden = await h.signIn('board.manager@camden.example');
    assert.doesNotMatch((await camden.get(`/training/sessions/${sessionId}`)).body, /Achterberg/);
    assert.equal((await camden.get('/training/coverage?board=LSCB-206')).statusCode, 404);
    assert.equal((await camden.get('/boards/LSCB-202/training')).statusCode, 200);
    assert.equal((await camden.get('/boards/LSCB-206/training')).statusCode, 404);
    for (const url of ['/training', `/training/courses/${courseId}`, '/training/courses/new', '/training/sessions/new', `/training/sessions/${sessionId}/bookings/new`, '/training/coverage']) {
      assert.equal((await regional.get(url)).statusCode, 200, url);
    }
  });
});
