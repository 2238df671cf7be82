// Pages for regional advisers and support requests. Thin: every check and audit event is in SupportService.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { LEAD_KINDS, SUPPORT_STATUSES, THEMES, URGENCIES, type SupportListFilters } from './support.service.ts';

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;
const p = paths.partnership.support;

export const SUPPORT_LABELS = {
  urgency: { routine: 'Routine', urgent: 'Urgent', 'rapid-response': 'Rapid response' },
  status: { new: 'New', assigned: 'Assigned', 'in-progress': 'In progress', closed: 'Closed' },
  leadKind: { theme: 'Theme', 'agency-type': 'Agency' },
};

const BANNERS: Record<string, string> = {
  requested: 'Request sent to the regional team',
  assigned: 'Request assigned',
  logged: 'Log entry added',
  closed: 'Request closed',
  'lead-added': 'Lead added',
  'lead-removed': 'Lead removed',
};

/** A GOV.UK date input → 'YYYY-MM-DD' ('' when blank or half filled: the service's schema then says what is wrong). */
export function dayFromParts(body: Body, name: string): string {
  const part = (k: string) => String(body[`${name}-${k}`] ?? '').trim();
  const [d, m, y] = [part('day'), part('month'), part('year')];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return '';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

const conflictAsForm = (error: unknown) => {
  if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
  throw error;
};

export async function supportRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const service = container.partnership.support;
  const signedIn = { preValidation: requirePermission(container, 'reference.read', 'adviser') };
  const requester = { preValidation: requirePermission(container, 'support.request', 'support-request') };
  const responder = { preValidation: requirePermission(container, 'support.respond', 'support-request') };
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) =>
    reply.view(`partnership/support/${template}`, { sp: p, labels: SUPPORT_LABELS, themes: THEMES, urgencies: URGENCIES, statuses: SUPPORT_STATUSES, ...locals });
  const banner = (req: FastifyRequest) => BANNERS[(req.query as Query).done ?? ''];

  // -- advisers -----------------------------------------------------------------------------------------------

  const showAdvisers = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const advisers = await service.advisers(req.actor);
    const canManage = service.canManageLeads(req.actor);
    return view(reply, 'advisers.njk', { pageTitle: 'Regional advisers', advisers, canManage, agencyTypes: canManage ? await service.agencyTypes() : [], leadKinds: LEAD_KINDS, banner: banner(req), values: {}, ...extra });
  };
  app.get(p.advisers, signedIn, async (req, reply) => showAdvisers(req, reply));
  app.post(p.newLead, { preValidation: requirePermission(container, 'board.manage', 'adviser-lead') }, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const kind = String(body.kind ?? '');
    const code = String((kind === 'theme' ? body.themeCode : body.agencyTypeCode) ?? '');
    const result = await withFormErrors(() => service.addLead(req.actor, { userId: String(body.userId ?? ''), kind, code }));
    if (!result.ok) {
      reply.code(400);
      return showAdvisers(req, reply, { ...result.locals, values: body });
    }
    return reply.redirect(`${p.advisers}?done=lead-added`, 303);
  });
  app.post('/advisers/leads/:id/remove', { preValidation: requirePermission(container, 'board.manage', 'adviser-lead') }, async (req, reply) => {
    await service.removeLead(req.actor, (req.params as { id: string }).id);
    return reply.redirect(`${p.advisers}?done=lead-removed`, 303);
  });

  // -- lists --------------------------------------------------------------------------------------------------

  const filtersOf = (q: Query): SupportListFilters => ({
    status: SUPPORT_STATUSES.find((s) => s === q.status),
    urgency: URGENCIES.find((u) => u === q.urgency),
    boardCode: q.board || undefined,
    adviserId: q.adviser && /^[0-9a-f-]{36}$/i.test(q.adviser) ? q.adviser : undefined,
  });

  app.get(p.list, signedIn, async (req, reply) => {
    const filters = filtersOf(req.query as Query);
    const items = await service.list(req.actor, filters);
    const isRegional = container.partnership.context.isRegional(container.access.requireUser(req.actor));
    const boards = isRegional ? await container.partnership.training.boards() : [];
    const advisers = isRegional ? await service.advisers(req.actor) : [];
    return view(reply, 'list.njk', { pageTitle: 'Support requests', items, filters, isRegional, boards, advisers, canRequest: container.access.can(req.actor, 'support.request'), banner: banner(req) });
  });

  app.get('/boards/:code/support', signedIn, async (req, reply) => {
    const { board, items } = await service.forBoard(req.actor, (req.params as { code: string }).code);
    return view(reply, 'board.njk', { pageTitle: `Support requests: ${board.name}`, board, items, canRequest: container.access.can(req.actor, 'support.request') });
  });

  // -- a new request ------------------------------------------------------------------------------------------

  app.get(p.newRequest, requester, async (_req, reply) => view(reply, 'new.njk', { pageTitle: 'Ask the regional team for support', values: {} }));
  app.post(p.newRequest, requester, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() => service.create(req.actor, { topic: body.topic as never, detail: body.detail as string, urgency: body.urgency as never }));
    if (!result.ok) {
      reply.code(400);
      return view(reply, 'new.njk', { pageTitle: 'Ask the regional team for support', values: body, ...result.locals });
    }
    return reply.redirect(`${p.request(result.value.id)}?done=requested`, 303);
  });

  // -- one request --------------------------------------------------------------------------------------------

  const showRequest = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const r = await service.view(req.actor, id);
    const advisers = r.canAssignAnyone ? await service.advisers(req.actor) : [];
    return view(reply, 'request.njk', { pageTitle: `Support request: ${r.topicName}`, r, advisers, today: container.partnership.context.today(), banner: banner(req), values: {}, ...extra });
  };
  app.get('/support/:id', signedIn, async (req, reply) => showRequest(req, reply, (req.params as { id: string }).id));

  app.post('/support/:id/assign', responder, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() => service.assign(req.actor, id, Number(body.version), String(body.adviserId ?? ''))).catch(conflictAsForm);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showRequest(req, reply, id, { ...result.locals, values: body });
    }
    return reply.redirect(`${p.request(id)}?done=assigned`, 303);
  });

  app.post('/support/:id/log', responder, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() => service.addLog(req.actor, id, Number(body.version), { entryOn: dayFromParts(body, 'entryOn'), entry: body.entry as string })).catch(conflictAsForm);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showRequest(req, reply, id, { ...result.locals, values: body });
    }
    return reply.redirect(`${p.request(id)}?done=logged`, 303);
  });

  const showClose = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const r = await service.view(req.actor, id);
    return view(reply, 'close.njk', { pageTitle: 'Close the support request', r, values: {}, ...extra });
  };
  app.get('/support/:id/close', responder, async (req, reply) => showClose(req, reply, (req.params as { id: string }).id));
  app.post('/support/:id/close', responder, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(() => service.close(req.actor, id, Number(body.version), { outcome: body.outcome })).catch(conflictAsForm);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showClose(req, reply, id, { ...result.locals, values: body });
    }
    return reply.redirect(`${p.request(id)}?done=closed`, 303);
  });
}
