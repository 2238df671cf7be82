// The stuck-case and consultation pages: the team manager's list of stuck-case flags (ask for a consultation,
// dismiss), the authority's stuck-rule settings, and the consultation itself: request, schedule, panel record,
// action updates and the follow-up review. Thin: every check and every audit event is in the services. Each form
// posts the record's version, so a change made by someone else in the meantime is caught and said.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { asArray } from '../../platform/forms.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { ACTION_ROWS, parseActionUpdate, parseDismiss, parseFollowUp, parsePanel, parseRequest, parseSchedule, parseStuckRules, parseVersion } from './consultations.forms.ts';
import { CONSULTATION_STATUSES, type ConsultationStatus, type RequestInput, type RequestSource } from './consultations.service.ts';
import { FLAG_STATUSES, type FlagStatus } from './stuck.service.ts';

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;

/** Every URL of these pages, in one place (ids only: no personal data in URLs). */
export const consultationPaths = {
  stuck: '/casework/stuck',
  dismissFlag: (id: string) => `/casework/stuck/${id}/dismiss`,
  stuckRules: '/casework/stuck-rules',
  list: '/consultations',
  newConsultation: '/consultations/new',
  consultation: (id: string) => `/consultations/${id}`,
  schedule: (id: string) => `/consultations/${id}/schedule`,
  panel: (id: string) => `/consultations/${id}/panel`,
  action: (id: string, actionId: string) => `/consultations/${id}/actions/${actionId}`,
  followUp: (id: string) => `/consultations/${id}/follow-up`,
};

export const LABELS = {
  flagStatus: { open: 'Open', consulted: 'Consultation asked for', dismissed: 'Dismissed', resolved: 'Resolved' } satisfies Record<FlagStatus, string>,
  status: { requested: 'Requested', scheduled: 'Panel arranged', held: 'Panel held', reviewed: 'Follow-up reviewed', withdrawn: 'Withdrawn' } satisfies Record<ConsultationStatus, string>,
  actionStatus: { open: 'Open', done: 'Done', dropped: 'Dropped' },
};

const DONE_BANNERS: Record<string, string> = {
  requested: 'Consultation asked for. The team manager will arrange the panel.',
  scheduled: 'Panel date and invitations saved',
  held: 'Panel record saved',
  action: 'Action updated',
  'reviewed-moved': 'Follow-up review saved. The case has moved on: the stuck-case flag is resolved.',
  'reviewed-not-moved': 'Follow-up review saved. The case has not moved on.',
  dismissed: 'Flag dismissed',
  saved: 'Stuck-case rules saved',
};

/** 'YYYY-MM-DD' → the three fields of a GOV.UK date input. */
function partsOf(day: string | null | undefined): { day: string; month: string; year: string } {
  if (!day) return { day: '', month: '', year: '' };
  return { year: day.slice(0, 4), month: String(Number(day.slice(5, 7))), day: String(Number(day.slice(8, 10))) };
}

export async function consultationRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const stuck = container.casework.stuck;
  const service = container.casework.consultations;
  const managerGuard = { preValidation: requirePermission(container, 'case.manage', 'stuck-case-flag') };
  const configurer = { preValidation: requirePermission(container, 'casework.configure', 'casework-settings') };
  const involved = { preValidation: requirePermission(container, 'consultation.request', 'consultation') };
  const runner = { preValidation: requirePermission(container, 'consultation.manage', 'consultation') };
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) => reply.view(`casework/${template}`, { cpaths: consultationPaths, labels: LABELS, ...locals });
  const bannerOf = (req: FastifyRequest) => DONE_BANNERS[(req.query as Query).done ?? ''];

  // -- stuck cases --------------------------------------------------------------------------------------------

  const showFlags = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const asked = (req.query as Query).status;
    const status = FLAG_STATUSES.find((s) => s === asked);
    const flags = await stuck.flags(req.actor, { status });
    return view(reply, 'stuck/list.njk', { pageTitle: 'Stuck cases', flags, status: status ?? '', statuses: FLAG_STATUSES, banner: bannerOf(req), values: {}, ...extra });
  };

  app.get(consultationPaths.stuck, managerGuard, async (req, reply) => showFlags(req, reply));

  app.post('/casework/stuck/:id/dismiss', managerGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => stuck.dismiss(req.actor, id, parseVersion(body), parseDismiss(body))).catch((error: unknown) => {
      if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      // Each flag has its own dismiss form: the error links to this flag's reason field.
      const fields = Object.fromEntries(Object.entries(result.locals.errors).map(([k, v]) => [k === 'reason' ? `reason-${id}` : k, v]));
      return showFlags(req, reply, { ...formErrors(fields), values: body, openFlag: id });
    }
    return reply.redirect(`${consultationPaths.stuck}?done=dismissed`, 303);
  });

  // -- stuck-rule settings ------------------------------------------------------------------------------------

  const showRules = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const settings = await stuck.settings(req.actor);
    return view(reply, 'stuck/rules.njk', { pageTitle: 'Stuck-case rules', settings, banner: bannerOf(req), values: null, ...extra });
  };

  app.get(consultationPaths.stuckRules, configurer, async (req, reply) => showRules(req, reply));
  app.post(consultationPaths.stuckRules, configurer, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const settings = await stuck.settings(req.actor);
      await stuck.updateRules(req.actor, settings.laCode, parseVersion(body), parseStuckRules(body));
    }).catch((error: unknown) => {
      if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showRules(req, reply, { ...result.locals, values: body, enabledCodes: asArray(body.enabled) });
    }
    return reply.redirect(`${consultationPaths.stuckRules}?done=saved`, 303);
  });

  // -- the list -----------------------------------------------------------------------------------------------

  app.get(consultationPaths.list, involved, async (req, reply) => {
    const asked = (req.query as Query).status;
    const status = CONSULTATION_STATUSES.find((s) => s === asked);
    const items = await service.list(req.actor, { status });
    return view(reply, 'consultations/list.njk', { pageTitle: 'Consultations', items, status: status ?? '', statuses: CONSULTATION_STATUSES });
  });

  // -- asking for one -----------------------------------------------------------------------------------------

  const sourceOf = (input: Query | Body): RequestSource | undefined => {
    const pick = (k: string) => (typeof input[k] === 'string' && input[k] ? (input[k] as string) : undefined);
    const episodeId = pick('episode');
    const contactId = pick('contact');
    const flagId = pick('flag');
    return episodeId ? { episodeId } : contactId ? { contactId } : flagId ? { flagId } : undefined;
  };

  const showRequest = async (req: FastifyRequest, reply: FastifyReply, source: RequestSource | undefined, extra: Record<string, unknown> = {}) => {
    if (!source) {
      // No starting point: partners choose one of their own referrals; casework staff start from a case or a flag.
      const own = container.access.can(req.actor, 'contact.submit') && !container.access.can(req.actor, 'case.read') ? (await container.frontDoor.myContacts(req.actor)).items : [];
      return view(reply, 'consultations/choose.njk', { pageTitle: 'Ask for a consultation', own, canManage: container.access.can(req.actor, 'case.manage') });
    }
    const context = await service.requestContext(req.actor, source);
    const hidden = 'episodeId' in source ? { name: 'episode', value: source.episodeId } : 'contactId' in source ? { name: 'contact', value: source.contactId } : { name: 'flag', value: source.flagId };
    return view(reply, 'consultations/new.njk', { pageTitle: 'Ask for a consultation', context, hidden, values: {}, ...extra });
  };

  app.get(consultationPaths.newConsultation, involved, async (req, reply) => showRequest(req, reply, sourceOf(req.query as Query)));
  app.post(consultationPaths.newConsultation, involved, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const source = sourceOf(body);
    if (!source) return reply.redirect(consultationPaths.newConsultation, 303);
    const result = await withFormErrors(async () => {
      const form = parseRequest(body, 'contactId' in source);
      const input: RequestInput = 'contactId' in source ? { contactId: source.contactId, contactPersonId: form.contactPersonId!, reason: form.reason } : { ...source, reason: form.reason };
      return service.request(req.actor, input);
    }).catch((error: unknown) => {
      if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showRequest(req, reply, source, { ...result.locals, values: body });
    }
    return reply.redirect(`${consultationPaths.consultation(result.value.id)}?done=requested`, 303);
  });

  // -- one consultation ---------------------------------------------------------------------------------------

  const showConsultation = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const v = await service.view(req.actor, id);
    return view(reply, 'consultations/consultation.njk', { pageTitle: `Consultation about ${v.childName}`, v, banner: bannerOf(req), values: {}, ...extra });
  };

  app.get('/consultations/:id', involved, async (req, reply) => showConsultation(req, reply, (req.params as { id: string }).id));

  app.post('/consultations/:id/actions/:actionId', involved, async (req, reply) => {
    const { id, actionId } = req.params as { id: string; actionId: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => service.updateAction(req.actor, actionId, parseVersion(body), parseActionUpdate(body))).catch((error: unknown) => {
      if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      // Each action has its own form: errors link to this action's fields.
      const fields = Object.fromEntries(Object.entries(result.locals.errors).map(([k, v]) => [k === '_form' ? k : `${k}-${actionId}`, v]));
      return showConsultation(req, reply, id, { ...formErrors(fields), values: body, openAction: actionId });
    }
    return reply.redirect(`${consultationPaths.consultation(result.value.consultationId)}?done=action`, 303);
  });

  /** A manager's form page over the consultation: GET shows it, POST runs `save` and goes back to the consultation. */
  const managerForm = (path: string, template: string, title: string, save: (req: FastifyRequest, id: string, version: number, body: Body) => Promise<string>) => {
    const show = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
      const options = await service.formOptions(req.actor, id);
      const v = await service.view(req.actor, id);
      const body = extra.values as Body | undefined;
      return view(reply, template, { pageTitle: title, v, options, actionRows: Array.from({ length: ACTION_ROWS }, (_, i) => i + 1), partsOf, values: null, chosenAgencies: asArray(body?.agencies), ...extra });
    };
    app.get(path, runner, async (req, reply) => show(req, reply, (req.params as { id: string }).id));
    app.post(path, runner, async (req, reply) => {
      const { id } = req.params as { id: string };
      const body = (req.body ?? {}) as Body;
      const result = await withFormErrors(async () => save(req, id, parseVersion(body), body)).catch((error: unknown) => {
        if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
        throw error;
      });
      if (!result.ok) {
        reply.code('conflict' in result ? 409 : 400);
        return show(req, reply, id, { ...result.locals, values: body });
      }
      return reply.redirect(`${consultationPaths.consultation(id)}?done=${result.value}`, 303);
    });
  };

  managerForm('/consultations/:id/schedule', 'consultations/schedule.njk', 'Arrange the panel', async (req, id, version, body) => {
    await service.schedule(req.actor, id, version, parseSchedule(body));
    return 'scheduled';
  });

  managerForm('/consultations/:id/panel', 'consultations/panel.njk', 'Record the panel', async (req, id, version, body) => {
    const { invitedAgencyIds } = await service.formOptions(req.actor, id);
    await service.recordPanel(req.actor, id, version, parsePanel(body, invitedAgencyIds));
    return 'held';
  });

  managerForm('/consultations/:id/follow-up', 'consultations/follow-up.njk', 'Follow-up review', async (req, id, version, body) => {
    const input = parseFollowUp(body);
    await service.recordFollowUp(req.actor, id, version, input);
    return input.caseMoved ? 'reviewed-moved' : 'reviewed-not-moved';
  });
}
