// Training: courses with target audiences, sessions hosted by a board or pan-London, bookings with attendance,
// completion and evaluation, and coverage reports by board and audience ("share of Lead Members trained this
// year").
//
// Courses and sessions are not personal data: every signed-in user may see them. Attendees' names are: a booking
// list is shown to whoever manages training for the session's host board or for the attendee's board (board
// manager for their board, the regional team for all), and each read of a booking list or a coverage report is
// audited. Coverage: numerator = distinct attendees of the audience from the board with a completed booking in the
// year; denominator = the board's count for that audience and year (entered by the board manager), or for Lead
// Members, one per local authority of the board when none is entered.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { REGIONAL_BOARD, type Executor, type PartnershipContext } from './partnership.support.ts';

export const AUDIENCES = [
  { code: 'elected-members', name: 'Elected members' },
  { code: 'leaders', name: 'Leaders of the council' },
  { code: 'lead-members', name: "Lead Members for children's services" },
  { code: 'chief-executives', name: 'Chief executives' },
  { code: 'nhs-executive-leads', name: 'NHS executive leads' },
  { code: 'legal-advisers', name: 'Social care legal advisers' },
  { code: 'multi-agency-staff', name: 'Multi-agency staff' },
] as const;
export type AudienceCode = (typeof AUDIENCES)[number]['code'];
export const AUDIENCE_NAMES: Record<string, string> = Object.fromEntries(AUDIENCES.map((a) => [a.code, a.name]));
const AUDIENCE_CODES = AUDIENCES.map((a) => a.code) as [AudienceCode, ...AudienceCode[]];

export const BOOKING_STATUSES = ['booked', 'attended', 'did-not-attend', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

const day = (message: string) => z.string({ message }).regex(/^\d{4}-\d{2}-\d{2}$/, message).refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}, message);

const courseSchema = z.object({
  title: z.string({ message: 'Enter the course title' }).trim().min(1, 'Enter the course title').max(200, 'The title must be 200 characters or fewer'),
  description: z.string({ message: 'Enter what the course covers' }).trim().min(1, 'Enter what the course covers').max(4000, 'The description must be 4,000 characters or fewer'),
  audiences: z.array(z.enum(AUDIENCE_CODES), { message: 'Select at least one audience' }).min(1, 'Select at least one audience'),
  provider: z.string({ message: 'Enter who provides the course' }).trim().min(1, 'Enter who provides the course').max(200, 'The provider must be 200 characters or fewer'),
});
export type CourseInput = z.input<typeof courseSchema>;

const sessionSchema = z.object({
  courseId: z.string({ message: 'Select the course' }).uuid('Select the course'),
  heldOn: day('Enter the date of the session, like 27 3 2027'),
  venue: z.string({ message: 'Enter the venue' }).trim().min(1, 'Enter the venue').max(300, 'The venue must be 300 characters or fewer'),
  boardCode: z.string({ message: 'Select the board hosting the session' }).min(1, 'Select the board hosting the session'),
  capacity: z.coerce.number({ message: 'Enter the number of places as a whole number' }).int('Enter the number of places as a whole number').min(1, 'The number of places must be 1 or more').max(1000, 'The number of places must be 1,000 or fewer'),
});
export type SessionInput = z.input<typeof sessionSchema>;

const bookingSchema = z.object({
  attendeeName: z.string({ message: "Enter the attendee's name" }).trim().min(1, "Enter the attendee's name").max(200, 'The name must be 200 characters or fewer'),
  audience: z.enum(AUDIENCE_CODES, { message: 'Select the audience the attendee belongs to' }),
  boardCode: z.string({ message: "Select the attendee's board" }).min(1, "Select the attendee's board"),
  agencyName: z.string().trim().max(200, 'The agency must be 200 characters or fewer').optional().transform((v) => v || null),
  userId: z.string().uuid().optional().nullable().or(z.literal('')).transform((v) => v || null),
});
export type BookingInput = z.input<typeof bookingSchema>;

const recordSchema = z
  .object({
    status: z.enum(BOOKING_STATUSES, { message: 'Select whether they attended' }),
    isCompleted: z.boolean().default(false),
    completedOn: day('Enter the date they completed the course, like 27 3 2027').optional().nullable(),
    evaluationScore: z.coerce.number().int().min(1, 'Select a score from 1 to 5').max(5, 'Select a score from 1 to 5').optional().nullable(),
    evaluationComment: z.string().trim().max(2000, 'The comment must be 2,000 characters or fewer').optional().nullable().transform((v) => v || null),
  })
  .superRefine((v, c) => {
    if (v.isCompleted && v.status !== 'attended') c.addIssue({ code: 'custom', path: ['isCompleted'], message: 'Only someone who attended can complete the course' });
    if (v.isCompleted && !v.completedOn) c.addIssue({ code: 'custom', path: ['completedOn'], message: 'Enter the date they completed the course' });
    if (v.evaluationScore && v.status !== 'attended') c.addIssue({ code: 'custom', path: ['evaluationScore'], message: 'Only someone who attended can evaluate the course' });
  });
export type AttendanceInput = z.input<typeof recordSchema>;

export interface CoverageRow {
  boardCode: string;
  boardName: string;
  audience: AudienceCode;
  audienceName: string;
  trained: number;
  /** Null when the board has not said how many people it has in the audience (and there is no default). */
  denominator: number | null;
  isDefaultDenominator: boolean;
  /** Whole percent, or null without a denominator. */
  percent: number | null;
}

export class TrainingService {
  constructor(private readonly ctx: PartnershipContext) {}

  /** True when the user manages training for the board (its board manager, or the regional team for any board). */
  canManage(user: Actor, boardCode: string): boolean {
    return user.kind === 'user' && this.ctx.canManageBoard(user, boardCode, 'training.manage');
  }

  private manageableBoards(user: UserActor): 'all' | string[] {
    if (!this.ctx.access.can(user, 'training.manage')) return [];
    if (this.ctx.isRegional(user)) return 'all';
    return user.scopeKind === 'board' && user.scopeCode ? [user.scopeCode] : [];
  }

  async boards(): Promise<{ code: string; name: string; kind: string }[]> {
    return this.ctx.db.selectFrom('boards').select(['code', 'name', 'kind']).orderBy('kind', 'desc').orderBy('name').execute();
  }

  /** Boards the user may host sessions for or book attendees from. */
  async boardsFor(actor: Actor): Promise<{ code: string; name: string }[]> {
    const user = this.ctx.access.requireUser(actor);
    const scope = this.manageableBoards(user);
    return (await this.boards()).filter((b) => scope === 'all' || scope.includes(b.code));
  }

  // -- courses ------------------------------------------------------------------------------------------------

  async courses(actor: Actor) {
    this.ctx.access.requireUser(actor);
    return this.ctx.db.selectFrom('trainingCourses').select(['id', 'title', 'description', 'audiences', 'provider']).orderBy('title').execute();
  }

  async createCourse(actor: Actor, input: CourseInput): Promise<{ id: string }> {
    await this.ctx.access.require(actor, 'training.manage', { recordType: 'training-course' });
    const user = this.ctx.access.requireUser(actor);
    const form = parseOrThrow(courseSchema, input);
    return this.ctx.db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('trainingCourses').select('id').where(sql`lower(title)`, '=', form.title.toLowerCase()).executeTakeFirst();
      if (taken) throw new ValidationError({ title: 'A course with this title already exists' });
      const { id } = await trx.insertInto('trainingCourses').values({ ...form, createdBy: user.userId }).returning('id').executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'training-course.create', recordType: 'training-course', recordId: id, details: { audiences: form.audiences } });
      return { id };
    });
  }

  async course(actor: Actor, id: string) {
    this.ctx.access.requireUser(actor);
    const course = isUuid(id) ? await this.ctx.db.selectFrom('trainingCourses').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!course) throw new NotFoundError();
    const sessions = await this.sessionQuery(this.ctx.db).where('s.courseId', '=', id).orderBy('s.heldOn', 'desc').execute();
    return { course, sessions };
  }

  // -- sessions -----------------------------------------------------------------------------------------------

  private sessionQuery(executor: Executor) {
    return executor
      .selectFrom('trainingSessions as s')
      .innerJoin('trainingCourses as c', 'c.id', 's.courseId')
      .innerJoin('boards as b', 'b.code', 's.boardCode')
      .select((eb) => [
        's.id',
        's.courseId',
        'c.title as courseTitle',
        's.heldOn',
        's.venue',
        's.boardCode',
        'b.name as boardName',
        's.capacity',
        's.version',
        eb.selectFrom('trainingBookings as k').whereRef('k.sessionId', '=', 's.id').where('k.status', '!=', 'cancelled').select((k) => k.fn.countAll<string>().as('n')).as('booked'),
      ]);
  }

  /** Sessions from today on (or, with `boardCode`, that board's sessions and pan-London ones). */
  async upcoming(actor: Actor, boardCode?: string) {
    this.ctx.access.requireUser(actor);
    let q = this.sessionQuery(this.ctx.db).where('s.heldOn', '>=', this.ctx.today());
    if (boardCode) q = q.where('s.boardCode', 'in', [boardCode, REGIONAL_BOARD]);
    return (await q.orderBy('s.heldOn').execute()).map((s) => ({ ...s, booked: Number(s.booked ?? 0) }));
  }

  async createSession(actor: Actor, input: SessionInput): Promise<{ id: string }> {
    await this.ctx.access.require(actor, 'training.manage', { recordType: 'training-session' });
    const user = this.ctx.access.requireUser(actor);
    const form = parseOrThrow(sessionSchema, input);
    if (!this.canManage(user, form.boardCode)) throw new ValidationError({ boardCode: 'Select a board you manage training for' });
    return this.ctx.db.transaction().execute(async (trx) => {
      const course = await trx.selectFrom('trainingCourses').select('id').where('id', '=', form.courseId).executeTakeFirst();
      if (!course) throw new ValidationError({ courseId: 'Select the course' });
      const board = await trx.selectFrom('boards').select('code').where('code', '=', form.boardCode).executeTakeFirst();
      if (!board) throw new ValidationError({ boardCode: 'Select the board hosting the session' });
      const { id } = await trx.insertInto('trainingSessions').values({ ...form, createdBy: user.userId }).returning('id').executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'training-session.create', recordType: 'training-session', recordId: id, details: { courseId: form.courseId, boardCode: form.boardCode, heldOn: form.heldOn } });
      return { id };
    });
  }

  /**
   * A session with the bookings the user may see (attendees' names: audited). Everyone signed in sees the session;
   * bookings are shown to those who manage training for the host board (all of them) or for an attendee's board.
   */
  async session(actor: Actor, id: string) {
    const user = this.ctx.access.requireUser(actor);
    const session = isUuid(id) ? await this.sessionQuery(this.ctx.db).where('s.id', '=', id).executeTakeFirst() : undefined;
    if (!session) throw new NotFoundError();
    const course = await this.ctx.db.selectFrom('trainingCourses').select(['id', 'title', 'audiences']).where('id', '=', session.courseId).executeTakeFirstOrThrow();
    const scope = this.manageableBoards(user);
    const seesAll = scope === 'all' || scope.includes(session.boardCode);
    return this.ctx.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('trainingBookings as k')
        .innerJoin('boards as b', 'b.code', 'k.boardCode')
        .select(['k.id', 'k.attendeeName', 'k.audience', 'k.boardCode', 'b.name as boardName', 'k.agencyName', 'k.status', 'k.isCompleted', 'k.completedOn', 'k.evaluationScore', 'k.evaluationComment', 'k.version'])
        .where('k.sessionId', '=', id)
        .orderBy('k.attendeeName');
      if (!seesAll) q = scope.length ? q.where('k.boardCode', 'in', scope as string[]) : q.where(sql<boolean>`false`);
      const bookings = scope === 'all' || scope.length ? await q.execute() : [];
      if (bookings.length) {
        await this.ctx.audit.record(trx, user, { action: 'training-session.bookings.read', recordType: 'training-session', recordId: id, details: { count: bookings.length } });
      }
      return { session: { ...session, booked: Number(session.booked ?? 0) }, course, bookings, canBook: scope === 'all' || scope.length > 0, canRecordAll: seesAll };
    });
  }

  async book(actor: Actor, sessionId: string, input: BookingInput): Promise<{ id: string }> {
    await this.ctx.access.require(actor, 'training.manage', { recordType: 'training-booking' });
    const user = this.ctx.access.requireUser(actor);
    const form = parseOrThrow(bookingSchema, input);
    if (!this.canManage(user, form.boardCode)) throw new ValidationError({ boardCode: 'Select a board you manage training for' });
    return this.ctx.db.transaction().execute(async (trx) => {
      const session = await trx.selectFrom('trainingSessions').select(['id', 'capacity', 'boardCode']).where('id', '=', sessionId).forUpdate().executeTakeFirst();
      if (!session) throw new NotFoundError();
      if (session.boardCode !== REGIONAL_BOARD && session.boardCode !== form.boardCode && !this.canManage(user, session.boardCode)) {
        throw new ValidationError({ boardCode: "This session is for the host board's own people" });
      }
      const taken = await trx.selectFrom('trainingBookings').select((eb) => eb.fn.countAll<string>().as('n')).where('sessionId', '=', sessionId).where('status', '!=', 'cancelled').executeTakeFirstOrThrow();
      if (Number(taken.n) >= session.capacity) throw new ValidationError({ _form: 'This session is full' });
      if (form.userId) {
        const known = await trx.selectFrom('users').select('id').where('id', '=', form.userId).executeTakeFirst();
        if (!known) throw new ValidationError({ userId: 'Select a user who exists' });
      }
      const { id } = await trx.insertInto('trainingBookings').values({ sessionId, ...form, createdBy: user.userId }).returning('id').executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'training-booking.create', recordType: 'training-booking', recordId: id, fields: ['attendeeName', 'audience', 'board', 'agency'], details: { sessionId, audience: form.audience, boardCode: form.boardCode } });
      return { id };
    });
  }

  /** Records attendance, completion and evaluation for a booking. */
  async record(actor: Actor, bookingId: string, version: number, input: AttendanceInput): Promise<{ sessionId: string }> {
    await this.ctx.access.require(actor, 'training.manage', { recordType: 'training-booking', recordId: bookingId });
    const user = this.ctx.access.requireUser(actor);
    const form = parseOrThrow(recordSchema, input);
    if (form.completedOn && form.completedOn > this.ctx.today()) throw new ValidationError({ completedOn: 'The completion date must be today or in the past' });
    return this.ctx.db.transaction().execute(async (trx) => {
      const booking = isUuid(bookingId)
        ? await trx.selectFrom('trainingBookings as k').innerJoin('trainingSessions as s', 's.id', 'k.sessionId').select(['k.id', 'k.version', 'k.boardCode', 'k.sessionId', 's.boardCode as hostBoard', 's.heldOn']).where('k.id', '=', bookingId).forUpdate().executeTakeFirst()
        : undefined;
      if (!booking || !(this.canManage(user, booking.boardCode) || this.canManage(user, booking.hostBoard))) {
        await this.ctx.audit.record(trx, user, { action: 'training-booking.record', recordType: 'training-booking', recordId: booking ? bookingId : undefined, outcome: 'denied', details: { reason: 'not-training-manager' } });
        throw new NotFoundError();
      }
      if (booking.version !== version) throw new ConflictError();
      if (form.status === 'attended' && booking.heldOn > this.ctx.today()) throw new ValidationError({ status: 'The session has not happened yet' });
      if (form.completedOn && form.completedOn < booking.heldOn) throw new ValidationError({ completedOn: 'The completion date must be on or after the session' });
      const completed = form.isCompleted && form.status === 'attended';
      await trx
        .updateTable('trainingBookings')
        .set({
          status: form.status,
          isCompleted: completed,
          completedOn: completed ? form.completedOn! : null,
          evaluationScore: form.status === 'attended' ? (form.evaluationScore ?? null) : null,
          evaluationComment: form.status === 'attended' ? form.evaluationComment : null,
          version: sql`version + 1`,
          updatedAt: this.ctx.clock.now(),
        })
        .where('id', '=', bookingId)
        .execute();
      await this.ctx.audit.record(trx, user, { action: 'training-booking.record', recordType: 'training-booking', recordId: bookingId, details: { status: form.status, isCompleted: completed, evaluationScore: form.evaluationScore ?? null, version: version + 1 } });
      return { sessionId: booking.sessionId };
    });
  }

  // -- coverage -----------------------------------------------------------------------------------------------

  /** The boards whose coverage the user may see: all for the regional team, otherwise the boards they manage. */
  private coverageBoards(user: UserActor): 'all' | string[] {
    if (this.ctx.isRegional(user)) return 'all';
    return this.manageableBoards(user);
  }

  async coverage(actor: Actor, year: number, boardCode?: string): Promise<{ year: number; rows: CoverageRow[]; boards: { code: string; name: string }[]; canEditCounts: string[] }> {
    const user = this.ctx.access.requireUser(actor);
    const scope = this.coverageBoards(user);
    if (scope !== 'all' && !scope.length) {
      await this.ctx.access.deny(user, 'training.coverage.read', { recordType: 'training-coverage' });
    }
    if (boardCode && scope !== 'all' && !scope.includes(boardCode)) {
      await this.ctx.audit.record(this.ctx.db, user, { action: 'training.coverage.read', recordType: 'board', recordId: boardCode, outcome: 'denied', details: { reason: 'not-board-manager' } });
      throw new NotFoundError();
    }
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new ValidationError({ year: 'Enter a year, like 2026' });
    return this.ctx.db.transaction().execute(async (trx) => {
      const boards = (await trx.selectFrom('boards').select(['code', 'name']).where('kind', '=', 'local').orderBy('name').execute()).filter(
        (b) => (scope === 'all' || scope.includes(b.code)) && (!boardCode || b.code === boardCode),
      );
      const codes = boards.map((b) => b.code);
      const rows: CoverageRow[] = [];
      if (codes.length) {
        const trained = await trx
          .selectFrom('trainingBookings')
          .select(['boardCode', 'audience', sql<string>`count(distinct coalesce(user_id::text, lower(attendee_name)))`.as('n')])
          .where('isCompleted', '=', true)
          .where('completedOn', '>=', `${year}-01-01`)
          .where('completedOn', '<=', `${year}-12-31`)
          .where('boardCode', 'in', codes)
          .groupBy(['boardCode', 'audience'])
          .execute();
        const counts = await trx.selectFrom('trainingAudienceCounts').select(['boardCode', 'audience', 'count']).where('year', '=', year).where('boardCode', 'in', codes).execute();
        const las = await trx.selectFrom('localAuthorities').select(['boardCode', (eb) => eb.fn.countAll<string>().as('n')]).where('boardCode', 'in', codes).groupBy('boardCode').execute();
        const key = (b: string, a: string) => `${b}|${a}`;
        const trainedBy = new Map(trained.map((t) => [key(t.boardCode, t.audience), Number(t.n)]));
        const countBy = new Map(counts.map((c) => [key(c.boardCode, c.audience), c.count]));
        const laBy = new Map(las.map((l) => [l.boardCode, Number(l.n)]));
        for (const b of boards) {
          for (const a of AUDIENCES) {
            const entered = countBy.get(key(b.code, a.code));
            const fallback = a.code === 'lead-members' ? (laBy.get(b.code) ?? null) : null;
            const denominator = entered ?? fallback;
            const n = trainedBy.get(key(b.code, a.code)) ?? 0;
            rows.push({
              boardCode: b.code,
              boardName: b.name,
              audience: a.code,
              audienceName: a.name,
              trained: n,
              denominator,
              isDefaultDenominator: entered === undefined && fallback !== null,
              percent: denominator ? Math.round((100 * n) / denominator) : null,
            });
          }
        }
      }
      await this.ctx.audit.record(trx, user, { action: 'training.coverage.read', recordType: 'training-coverage', recordId: boardCode, details: { year, boards: codes.length } });
      return { year, rows, boards, canEditCounts: codes.filter((c) => this.canManage(user, c)) };
    });
  }

  /** Sets how many people a board has in an audience in a year (the coverage denominator). */
  async setAudienceCount(actor: Actor, input: { boardCode: string; audience: string; year: unknown; count: unknown }): Promise<void> {
    await this.ctx.access.require(actor, 'training.manage', { recordType: 'training-audience-count' });
    const user = this.ctx.access.requireUser(actor);
    const form = parseOrThrow(
      z.object({
        boardCode: z.string().min(1, 'Select the board'),
        audience: z.enum(AUDIENCE_CODES, { message: 'Select the audience' }),
        year: z.coerce.number({ message: 'Enter a year, like 2026' }).int('Enter a year, like 2026').min(2000, 'Enter a year, like 2026').max(2100, 'Enter a year, like 2026'),
        count: z.coerce.number({ message: 'Enter the number of people as a whole number' }).int('Enter the number of people as a whole number').min(0, 'The number of people must be 0 or more').max(100000, 'The number of people must be 100,000 or fewer'),
      }),
      input,
    );
    if (!this.canManage(user, form.boardCode)) throw new ValidationError({ boardCode: 'Select a board you manage training for' });
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('trainingAudienceCounts')
        .values({ ...form, updatedBy: user.userId })
        .onConflict((oc) => oc.columns(['boardCode', 'audience', 'year']).doUpdateSet({ count: form.count, updatedBy: user.userId, updatedAt: this.ctx.clock.now(), version: sql`training_audience_counts.version + 1` }))
        .execute();
      await this.ctx.audit.record(trx, user, { action: 'training-audience-count.set', recordType: 'board', recordId: form.boardCode, details: { audience: form.audience, year: form.year, count: form.count } });
    });
  }

  /** A board's sessions (hosted there or pan-London) and, for its training managers, its attendees' bookings. */
  async forBoard(actor: Actor, boardCode: string) {
    const board = await this.ctx.db.selectFrom('boards').select(['code', 'name']).where('code', '=', boardCode).executeTakeFirst();
    if (!board) throw new NotFoundError();
    await this.ctx.requireBoard(this.ctx.db, actor, boardCode, 'training.board.read');
    const sessions = await this.upcoming(actor, boardCode);
    const past = (await this.sessionQuery(this.ctx.db).where('s.boardCode', '=', boardCode).where('s.heldOn', '<', this.ctx.today()).orderBy('s.heldOn', 'desc').limit(20).execute()).map((s) => ({ ...s, booked: Number(s.booked ?? 0) }));
    return { board, sessions, past, canManage: this.canManage(actor, boardCode) };
  }
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
