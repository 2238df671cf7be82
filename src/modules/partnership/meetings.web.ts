// The business meeting pages: a board's meetings (past and planned), a new meeting, the meeting itself (agenda and
// papers, attendance, the work programme items due for review with what changed, minutes, decisions, actions and
// gaps), the forms that fill it in, and the board's action log across meetings. Thin: every check and every audit
// event is in MeetingsService. Forms post the record's version, so a change made meanwhile is caught and said.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import type { RoutePlugin } from '../../platform/web/app.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { ACTION_STATUSES, ATTENDANCE, MEETING_STATUSES, type ActionInput, type AgendaRow, type AttendanceRow, type GapInput } from './meetings.service.ts';
import { THEMES, RAGS } from './work-programme.domain.ts';

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;

const mpaths = paths.partnership.meetings;
/** Blank rows the agenda and attendance forms offer beyond the rows already recorded (no JavaScript needed). */
export const BLANK_AGENDA_ROWS = 3;
export const BLANK_ATTENDANCE_ROWS = 4;

const LABELS = { meetingStatus: MEETING_STATUSES, actionStatus: ACTION_STATUSES, attendance: ATTENDANCE, themes: THEMES, rags: RAGS };

const DONE_BANNERS: Record<string, string> = {
  created: 'Meeting added. Add its agenda and papers next.',
  agenda: 'Agenda and papers saved',
  attendance: 'Attendance saved',
  minutes: 'Minutes and decisions saved',
  action: 'Action added',
  'gap-work-item': 'Gap recorded and added to the work programme as a new item',
  'gap-action': 'Gap recorded and an action added',
  'action-done': 'Action marked as done',
  'action-dropped': 'Action dropped',
};

const str = (body: Body, name: string): string => String(body[name] ?? '').trim();

/** 'YYYY-MM-DD' → the three fields of a GOV.UK date input. */
function partsOf(day: string | null | undefined): { day: string; month: string; year: string } {
  if (!day) return { day: '', month: '', year: '' };
  return { year: day.slice(0, 4), month: String(Number(day.slice(5, 7))), day: String(Number(day.slice(8, 10))) };
}

/**
 * A GOV.UK date input → 'YYYY-MM-DD', null when blank, or 'invalid' (which the service refuses) with the field's
 * own message put in `errors` to replace the service's.
 */
function dayFromParts(body: Body, name: string, what: string, errors: FieldErrors): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => str(body, `${name}-${p}`));
  if (!d && !m && !y) return null;
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    errors[name] = `${what} must include a day, month and year`;
    return 'invalid';
  }
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(day) || Number(y) < 2000) {
    errors[name] = `${what} must be a real date`;
    return 'invalid';
  }
  return day;
}

/** Runs the service call; the form's own date messages replace the service's for the same fields. */
async function withDates<T>(dateErrors: FieldErrors, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    return result;
  } catch (error) {
    if (error instanceof ValidationError && Object.keys(dateErrors).length) throw new ValidationError({ ...error.fields, ...dateErrors });
    throw error;
  }
}

function versionOf(body: Body): number {
  const v = Number(body.version);
  if (!Number.isInteger(v) || v < 0) throw new ValidationError({ _form: 'Reload the page and try again' });
  return v;
}

function rowCount(body: Body, max: number): number {
  const n = Number(body.rows);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : 0;
}

function parseAgenda(body: Body): AgendaRow[] {
  const rows: AgendaRow[] = [];
  for (let n = 1; n <= rowCount(body, 40); n++) {
    const f = (k: string) => str(body, `agenda-${n}-${k}`);
    const row = { row: n, title: f('title'), paperTitle: f('paperTitle') || null, paperSummary: f('paperSummary') || null, presenter: f('presenter') || null, workItemId: f('workItemId') || null };
    if (row.title || row.paperTitle || row.paperSummary || row.presenter || row.workItemId) rows.push(row);
  }
  return rows;
}

function parseAttendance(body: Body): AttendanceRow[] {
  const rows: AttendanceRow[] = [];
  for (let n = 1; n <= rowCount(body, 80); n++) {
    const f = (k: string) => str(body, `attendance-${n}-${k}`);
    const attendance = f('attendance');
    const row: AttendanceRow = { row: n, agencyId: f('agencyId') || null, organisation: f('organisation') || null, representative: f('representative'), role: f('role') || null, attendance: attendance === 'present' || attendance === 'apologies' ? attendance : '' };
    if (row.agencyId || row.organisation || row.representative || row.role || attendance) rows.push(row);
  }
  return rows;
}

function parseAction(body: Body, prefix: string, errors: FieldErrors): ActionInput {
  const f = (k: string) => (prefix ? `${prefix}${k[0]!.toUpperCase()}${k.slice(1)}` : k);
  return {
    description: str(body, f('description')),
    ownerName: str(body, f('ownerName')),
    ownerAgencyId: str(body, f('ownerAgencyId')) || null,
    dueOn: dayFromParts(body, f('dueOn'), 'The due date', errors),
    workItemId: str(body, f('workItemId')) || null,
  };
}

export const meetingsRoutes: RoutePlugin = async (app, container) => {
  const service = container.partnership.meetings;
  // Every signed-in user may try: the service answers 404 unless they are on the board or the regional team.
  const signedIn = { preValidation: requirePermission(container, 'reference.read', 'meeting') };
  const manager = { preValidation: requirePermission(container, 'board.manage', 'meeting') };
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) => reply.view(`partnership/meetings/${template}`, { mpaths, labels: LABELS, partsOf, ...locals });
  const bannerOf = (req: FastifyRequest) => DONE_BANNERS[(req.query as Query).done ?? ''];
  const failed = async <T>(run: () => Promise<T>) =>
    withFormErrors(run).catch((error: unknown) => {
      if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
      throw error;
    });
  const codeOf = (req: FastifyRequest) => (req.params as { code: string }).code;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  // -- a board's meetings -------------------------------------------------------------------------------------------

  app.get('/boards/:code/meetings', signedIn, async (req, reply) => {
    const list = await service.list(req.actor, codeOf(req));
    return view(reply, 'list.njk', { pageTitle: `Business meetings – ${list.board.name}`, list });
  });

  const showNew = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const board = await service.newMeetingContext(req.actor, codeOf(req));
    return view(reply, 'new.njk', { pageTitle: 'Add a meeting', board, values: {}, ...extra });
  };
  app.get('/boards/:code/meetings/new', manager, async (req, reply) => showNew(req, reply));
  app.post('/boards/:code/meetings/new', manager, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await failed(async () => {
      const dateErrors: FieldErrors = {};
      const meetingOn = dayFromParts(body, 'meetingOn', 'The date of the meeting', dateErrors);
      return withDates(dateErrors, () => service.create(req.actor, codeOf(req), { meetingOn: meetingOn ?? '', title: str(body, 'title'), location: str(body, 'location') || null }));
    });
    if (!result.ok) {
      reply.code(400);
      return showNew(req, reply, { ...result.locals, values: body });
    }
    return reply.redirect(`${mpaths.meeting(result.value.id)}?done=created`, 303);
  });

  app.get('/boards/:code/actions', signedIn, async (req, reply) => showActions(req, reply, codeOf(req)));

  const showActions = async (req: FastifyRequest, reply: FastifyReply, code: string, extra: Record<string, unknown> = {}) => {
    const log = await service.boardActions(req.actor, code);
    return view(reply, 'actions.njk', { pageTitle: `Actions – ${log.board.name}`, log, banner: bannerOf(req), values: {}, today: container.partnership.context.today(), ...extra });
  };

  app.post('/meeting-actions/:id', manager, async (req, reply) => {
    const id = idOf(req);
    const body = (req.body ?? {}) as Body;
    const dateErrors: FieldErrors = {};
    const result = await failed(async () => {
      const status = str(body, 'status');
      const completedOn = dayFromParts(body, 'completedOn', 'The date', dateErrors);
      return withDates(dateErrors, async () => service.updateAction(req.actor, id, versionOf(body), { status: status === 'done' || status === 'dropped' ? status : '', completedOn, note: str(body, 'note') || null }));
    });
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      const code = str(body, 'boardCode');
      // Each action has its own form on the log: errors link to this action's fields.
      const fields = Object.fromEntries(Object.entries(result.locals.errors).map(([k, v]) => [k === '_form' ? k : `${k}-${id}`, v]));
      return showActions(req, reply, code, { ...formErrors(fields), values: body, openAction: id });
    }
    return reply.redirect(`${mpaths.actions(result.value.boardCode)}?done=action-${str(body, 'status')}#action-${id}`, 303);
  });

  // -- one meeting ----------------------------------------------------------------------------------------------------

  app.get('/meetings/:id', signedIn, async (req, reply) => {
    const v = await service.view(req.actor, idOf(req));
    return view(reply, 'meeting.njk', { pageTitle: `${v.meeting.title} – ${v.board.name}`, v, banner: bannerOf(req), today: container.partnership.context.today() });
  });

  /** A manager's form over the meeting: GET shows it, POST saves and goes back to the meeting. */
  const meetingForm = (suffix: string, template: string, title: string, done: string, save: (req: FastifyRequest, id: string, body: Body, dateErrors: FieldErrors) => Promise<string | void>, locals: (v: Awaited<ReturnType<typeof service.view>>, body: Body | null) => Record<string, unknown> = () => ({})) => {
    const show = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
      const options = await service.formOptions(req.actor, id);
      const v = await service.view(req.actor, id);
      return view(reply, template, { pageTitle: title, v, options, values: null, ...locals(v, (extra.values as Body | undefined) ?? null), ...extra });
    };
    app.get(`/meetings/:id/${suffix}`, manager, async (req, reply) => show(req, reply, idOf(req)));
    app.post(`/meetings/:id/${suffix}`, manager, async (req, reply) => {
      const id = idOf(req);
      const body = (req.body ?? {}) as Body;
      const dateErrors: FieldErrors = {};
      const result = await failed(async () => withDates(dateErrors, () => save(req, id, body, dateErrors)));
      if (!result.ok) {
        reply.code('conflict' in result ? 409 : 400);
        return show(req, reply, id, { ...result.locals, values: body });
      }
      return reply.redirect(`${mpaths.meeting(id)}?done=${result.value ?? done}`, 303);
    });
  };

  meetingForm('agenda', 'agenda.njk', 'Agenda and papers', 'agenda', async (req, id, body) => service.saveAgenda(req.actor, id, versionOf(body), parseAgenda(body)), (v, body) => {
    const count = body ? rowCount(body, 40) : v.agenda.length + BLANK_AGENDA_ROWS;
    const values: Body = body ?? {};
    if (!body) {
      v.agenda.forEach((a, i) => {
        const p = `agenda-${i + 1}-`;
        Object.assign(values, { [`${p}title`]: a.title, [`${p}paperTitle`]: a.paperTitle, [`${p}paperSummary`]: a.paperSummary, [`${p}presenter`]: a.presenter, [`${p}workItemId`]: a.workItemId });
      });
    }
    return { rows: Array.from({ length: count }, (_, i) => i + 1), values, version: body ? body.version : v.meeting.version };
  });

  meetingForm('attendance', 'attendance.njk', 'Attendance', 'attendance', async (req, id, body) => service.saveAttendance(req.actor, id, versionOf(body), parseAttendance(body)), (v, body) => {
    const count = body ? rowCount(body, 80) : v.attendance.length + BLANK_ATTENDANCE_ROWS;
    const values: Body = body ?? {};
    if (!body) {
      v.attendance.forEach((a, i) => {
        const p = `attendance-${i + 1}-`;
        Object.assign(values, { [`${p}agencyId`]: a.agencyId, [`${p}organisation`]: a.organisation, [`${p}representative`]: a.representative, [`${p}role`]: a.role, [`${p}attendance`]: a.attendance });
      });
    }
    return { rows: Array.from({ length: count }, (_, i) => i + 1), values, version: body ? body.version : v.meeting.version };
  });

  meetingForm(
    'minutes',
    'minutes.njk',
    'Minutes and decisions',
    'minutes',
    async (req, id, body) =>
      service.saveMinutes(req.actor, id, versionOf(body), {
        minutes: str(body, 'minutes') || null,
        decisions: str(body, 'decisions').split(/\r?\n/),
        isHeld: str(body, 'isHeld') === 'yes',
      }),
    (v, body) => ({
      values: body ?? { minutes: v.meeting.minutes ?? '', decisions: v.decisions.map((d) => d.text).join('\n'), isHeld: v.meeting.status === 'held' ? 'yes' : '' },
      version: body ? body.version : v.meeting.version,
    }),
  );

  meetingForm('actions/new', 'action-new.njk', 'Add an action', 'action', async (req, id, body, dateErrors) => {
    await service.addAction(req.actor, id, parseAction(body, '', dateErrors));
  });

  meetingForm('gaps/new', 'gap-new.njk', 'Record a gap', 'gap', async (req, id, body, dateErrors) => {
    const becomes = str(body, 'becomes');
    const base = { description: str(body, 'description'), theme: str(body, 'theme') || null };
    const input: GapInput =
      becomes === 'work-item'
        ? { ...base, becomes: 'work-item', workItemTitle: str(body, 'workItemTitle') }
        : becomes === 'action'
          ? { ...base, becomes: 'action', action: parseAction(body, 'action', dateErrors) }
          : { ...base, becomes: '' };
    await service.recordGap(req.actor, id, input);
    return becomes === 'work-item' ? 'gap-work-item' : 'gap-action';
  });
};
