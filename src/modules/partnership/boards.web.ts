// The boards' pages: the list of boards the user may see, a board's page (members grouped by role, links to its
// work plan, meetings, support and training), and membership management. Thin: every check and every audit event
// is in BoardsService. Each change posts the membership's version, so a stale form is caught and said.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { MEMBER_ROLES, ROLE_NAMES, type AddMemberInput } from './boards.service.ts';
import type { BoardMemberRole } from './boards-pledge.tables.ts';

type Body = Record<string, unknown>;

const bpaths = paths.partnership.boards;

const DONE_BANNERS: Record<string, string> = {
  added: 'Member added',
  updated: 'Membership updated',
  ended: 'Membership ended',
};

const text = (body: Body, name: string): string => String(body[name] ?? '').trim();

/** A GOV.UK date input (`name-day/-month/-year`) → 'YYYY-MM-DD', or null when blank; errors in the field's words. */
export function dayFromParts(body: Body, name: string, what: string, errors: FieldErrors): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${name}-${p}`));
  if (!d && !m && !y) return null;
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    errors[name] = `${what} must include a day, month and year`;
    return null;
  }
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(day) || Number(y) < 1990) {
    errors[name] = `${what} must be a real date`;
    return null;
  }
  return day;
}

/** Items of a GOV.UK select over `{ id, name }` rows, with a blank first choice. */
export function selectItems(rows: readonly { id: string; name: string }[], selected: unknown, blank: string) {
  return [{ value: '', text: blank }, ...rows.map((r) => ({ value: r.id, text: r.name, selected: r.id === selected }))];
}

/** 'YYYY-MM-DD' → the three fields of a GOV.UK date input. */
export function partsOf(day: string | null | undefined): { day: string; month: string; year: string } {
  if (!day) return { day: '', month: '', year: '' };
  return { year: day.slice(0, 4), month: String(Number(day.slice(5, 7))), day: String(Number(day.slice(8, 10))) };
}

export function parseVersion(body: Body): number {
  const v = Number(text(body, 'version'));
  if (!Number.isInteger(v) || v < 0) throw new ValidationError({ _form: 'Reload the page and try again' });
  return v;
}

function parseRole(body: Body, errors: FieldErrors): BoardMemberRole {
  const role = text(body, 'role') as BoardMemberRole;
  if (!MEMBER_ROLES.includes(role)) errors.role = 'Select the member’s role on the board';
  return role;
}

function parseAdd(body: Body): AddMemberInput {
  const errors: FieldErrors = {};
  const name = text(body, 'name');
  if (!name) errors.name = 'Enter the representative’s name';
  const role = parseRole(body, errors);
  const joinedOn = dayFromParts(body, 'joinedOn', 'The date they joined', errors);
  if (!joinedOn && !errors.joinedOn) errors.joinedOn = 'Enter the date they joined the board';
  const userEmail = text(body, 'userEmail');
  if (userEmail && !/^[^\s@]+@[^\s@]+$/.test(userEmail)) errors.userEmail = 'Enter an email address in the correct format, like name@example.org';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { name, title: text(body, 'title') || null, role, agencyId: text(body, 'agencyId') || null, organisation: text(body, 'organisation') || null, joinedOn: joinedOn!, userEmail: userEmail || null };
}

export async function boardsRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const service = container.partnership.boards;
  const manager = { preValidation: requirePermission(container, 'board.manage', 'board') };
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) =>
    reply.view(`partnership/boards/${template}`, { bpaths, roles: MEMBER_ROLES, roleNames: ROLE_NAMES, partsOf, selectItems, roleItems: (selected: unknown) => MEMBER_ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], checked: r === selected })), ...locals });
  const conflictAware = (error: unknown) => {
    if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
    throw error;
  };

  app.get(bpaths.list, async (req, reply) => {
    const boards = await service.list(req.actor);
    return view(reply, 'list.njk', { pageTitle: 'Boards', boards });
  });

  app.get('/boards/:code', async (req, reply) => {
    const { code } = req.params as { code: string };
    const v = await service.view(req.actor, code);
    const done = DONE_BANNERS[(req.query as Record<string, string | undefined>).done ?? ''];
    return view(reply, 'board.njk', { pageTitle: v.board.name, v, banner: done });
  });

  // -- adding a member ----------------------------------------------------------------------------------------

  const showAdd = async (req: FastifyRequest, reply: FastifyReply, code: string, extra: Record<string, unknown> = {}) => {
    const options = await service.formOptions(req.actor, code);
    return view(reply, 'add-member.njk', { pageTitle: `Add a member – ${options.board.name}`, options, values: {}, ...extra });
  };
  app.get('/boards/:code/members/new', manager, async (req, reply) => showAdd(req, reply, (req.params as { code: string }).code));
  app.post('/boards/:code/members/new', manager, async (req, reply) => {
    const { code } = req.params as { code: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => service.addMember(req.actor, code, parseAdd(body)));
    if (!result.ok) {
      reply.code(400);
      return showAdd(req, reply, code, { ...result.locals, values: body });
    }
    return reply.redirect(`${bpaths.board(code)}?done=added`, 303);
  });

  // -- changing or ending a membership ------------------------------------------------------------------------

  const showMember = async (req: FastifyRequest, reply: FastifyReply, code: string, id: string, extra: Record<string, unknown> = {}) => {
    const m = await service.member(req.actor, code, id);
    return view(reply, 'member.njk', { pageTitle: `${m.member.name} – ${m.board.name}`, m, values: null, ...extra });
  };
  app.get('/boards/:code/members/:id', manager, async (req, reply) => {
    const { code, id } = req.params as { code: string; id: string };
    return showMember(req, reply, code, id);
  });
  app.post('/boards/:code/members/:id', manager, async (req, reply) => {
    const { code, id } = req.params as { code: string; id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const errors: FieldErrors = {};
      const role = parseRole(body, errors);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await service.updateMember(req.actor, code, id, parseVersion(body), { role, title: text(body, 'title') || null });
    }).catch(conflictAware);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showMember(req, reply, code, id, { ...result.locals, values: body });
    }
    return reply.redirect(`${bpaths.board(code)}?done=updated`, 303);
  });
  app.post('/boards/:code/members/:id/end', manager, async (req, reply) => {
    const { code, id } = req.params as { code: string; id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const errors: FieldErrors = {};
      const leftOn = dayFromParts(body, 'leftOn', 'The date they left', errors);
      if (!leftOn && !errors.leftOn) errors.leftOn = 'Enter the date they left the board';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await service.endMember(req.actor, code, id, parseVersion(body), { leftOn: leftOn! });
    }).catch(conflictAware);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showMember(req, reply, code, id, { ...result.locals, endValues: body });
    }
    return reply.redirect(`${bpaths.board(code)}?done=ended`, 303);
  });
}
