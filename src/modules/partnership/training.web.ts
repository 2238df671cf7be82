// Training pages: courses and upcoming sessions, new courses and sessions, a session's bookings with attendance,
// completion and evaluation, and the coverage report. Thin: every check and audit event is in TrainingService.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { asArray } from '../../platform/forms.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { dayFromParts } from './support.web.ts';
import { AUDIENCE_NAMES, AUDIENCES, BOOKING_STATUSES } from './training.service.ts';

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;
const p = paths.partnership.training;

export const TRAINING_LABELS = {
  audience: AUDIENCE_NAMES,
  bookingStatus: { booked: 'Booked', attended: 'Attended', 'did-not-attend': 'Did not attend', cancelled: 'Cancelled' },
};

const BANNERS: Record<string, string> = {
  course: 'Course added',
  session: 'Session added',
  booked: 'Booking made',
  recorded: 'Attendance recorded',
  count: 'Number of people saved',
};

export async function trainingRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const service = container.partnership.training;
  const signedIn = { preValidation: requirePermission(container, 'reference.read', 'training') };
  const manager = { preValidation: requirePermission(container, 'training.manage', 'training') };
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) =>
    reply.view(`partnership/training/${template}`, { tp: p, labels: TRAINING_LABELS, audiences: AUDIENCES, bookingStatuses: BOOKING_STATUSES, ...locals });
  const banner = (req: FastifyRequest) => BANNERS[(req.query as Query).done ?? ''];
  const canManageAny = (req: FastifyRequest) => container.access.can(req.actor, 'training.manage');

  app.get(p.index, signedIn, async (req, reply) => {
    const courses = await service.courses(req.actor);
    const sessions = await service.upcoming(req.actor);
    return view(reply, 'index.njk', { pageTitle: 'Training', courses, sessions, canManage: canManageAny(req), banner: banner(req) });
  });

  // -- courses ------------------------------------------------------------------------------------------------

  app.get(p.newCourse, manager, async (_req, reply) => view(reply, 'new-course.njk', { pageTitle: 'Add a course', values: {}, chosen: [] }));
  app.post(p.newCourse, manager, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const chosen = asArray(body.audiences);
    const result = await withFormErrors(() => service.createCourse(req.actor, { title: body.title as string, description: body.description as string, provider: body.provider as string, audiences: chosen as never }));
    if (!result.ok) {
      reply.code(400);
      return view(reply, 'new-course.njk', { pageTitle: 'Add a course', values: body, chosen, ...result.locals });
    }
    return reply.redirect(`${p.course(result.value.id)}?done=course`, 303);
  });
  app.get('/training/courses/:id', signedIn, async (req, reply) => {
    const { course, sessions } = await service.course(req.actor, (req.params as { id: string }).id);
    return view(reply, 'course.njk', { pageTitle: course.title, course, sessions: sessions.map((s) => ({ ...s, booked: Number(s.booked ?? 0) })), canManage: canManageAny(req), today: container.partnership.context.today(), banner: banner(req) });
  });

  // -- sessions -----------------------------------------------------------------------------------------------

  const showNewSession = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const courses = await service.courses(req.actor);
    const boards = await service.boardsFor(req.actor);
    return view(reply, 'new-session.njk', { pageTitle: 'Add a session', courses, boards, values: { courseId: (req.query as Query).course }, ...extra });
  };
  app.get(p.newSession, manager, async (req, reply) => showNewSession(req, reply));
  app.post(p.newSession, manager, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() =>
      service.createSession(req.actor, { courseId: body.courseId as string, heldOn: dayFromParts(body, 'heldOn'), venue: body.venue as string, boardCode: body.boardCode as string, capacity: body.capacity as string }),
    );
    if (!result.ok) {
      reply.code(400);
      return showNewSession(req, reply, { values: body, ...result.locals });
    }
    return reply.redirect(`${p.session(result.value.id)}?done=session`, 303);
  });

  const showSession = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const s = await service.session(req.actor, id);
    return view(reply, 'session.njk', { pageTitle: `${s.course.title}: session`, s, today: container.partnership.context.today(), banner: banner(req), values: {}, ...extra });
  };
  app.get('/training/sessions/:id', signedIn, async (req, reply) => showSession(req, reply, (req.params as { id: string }).id));

  const showNewBooking = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const s = await service.session(req.actor, id);
    const boards = await service.boardsFor(req.actor);
    return view(reply, 'new-booking.njk', { pageTitle: 'Book a place', s, boards, values: {}, ...extra });
  };
  app.get('/training/sessions/:id/bookings/new', manager, async (req, reply) => showNewBooking(req, reply, (req.params as { id: string }).id));
  app.post('/training/sessions/:id/bookings/new', manager, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() =>
      service.book(req.actor, id, { attendeeName: body.attendeeName as string, audience: body.audience as never, boardCode: body.boardCode as string, agencyName: (body.agencyName as string) || undefined }),
    );
    if (!result.ok) {
      reply.code(400);
      return showNewBooking(req, reply, id, { values: body, ...result.locals });
    }
    return reply.redirect(`${p.session(id)}?done=booked`, 303);
  });

  app.post('/training/bookings/:id', manager, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const sessionId = String(body.sessionId ?? '');
    const score = String(body.evaluationScore ?? '');
    const result = await withFormErrors(() =>
      service.record(req.actor, id, Number(body.version), {
        status: body.status as never,
        isCompleted: body.isCompleted === 'yes',
        completedOn: body.isCompleted === 'yes' ? dayFromParts(body, 'completedOn') || null : null,
        evaluationScore: score ? Number(score) : null,
        evaluationComment: (body.evaluationComment as string) || null,
      }),
    ).catch((error: unknown) => {
      if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      // Each booking has its own form: errors link to this booking's fields.
      const fields = Object.fromEntries(Object.entries(result.locals.errors).map(([k, v]) => [k === '_form' ? k : `${k}-${id}`, v]));
      return showSession(req, reply, sessionId, { ...formErrors(fields), values: body, openBooking: id });
    }
    return reply.redirect(`${p.session(result.value.sessionId)}?done=recorded#booking-${id}`, 303);
  });

  // -- coverage -----------------------------------------------------------------------------------------------

  const showCoverage = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const q = req.query as Query;
    const thisYear = Number(container.partnership.context.today().slice(0, 4));
    const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : thisYear;
    const report = await service.coverage(req.actor, year, q.board || undefined);
    const boards = [...new Map(report.rows.map((r) => [r.boardCode, { code: r.boardCode, name: r.boardName, rows: report.rows.filter((x) => x.boardCode === r.boardCode) }])).values()];
    const countBoards = report.boards.filter((b) => report.canEditCounts.includes(b.code));
    return view(reply, 'coverage.njk', { pageTitle: 'Training coverage', report, boards, countBoards, years: [thisYear - 2, thisYear - 1, thisYear, thisYear + 1], board: q.board ?? '', banner: banner(req), values: {}, ...extra });
  };
  app.get(p.coverage, manager, async (req, reply) => showCoverage(req, reply));
  app.post(p.counts, manager, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() => service.setAudienceCount(req.actor, { boardCode: String(body.boardCode ?? ''), audience: String(body.audience ?? ''), year: body.year, count: body.count }));
    if (!result.ok) {
      reply.code(400);
      return showCoverage(req, reply, { values: body, ...result.locals });
    }
    return reply.redirect(`${p.coverage}?year=${Number(body.year)}&done=count`, 303);
  });

  app.get('/boards/:code/training', signedIn, async (req, reply) => {
    const b = await service.forBoard(req.actor, (req.params as { code: string }).code);
    return view(reply, 'board.njk', { pageTitle: `Training: ${b.board.name}`, b });
  });
}
