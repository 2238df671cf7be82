// The hub's pages: the queue, a contact (screening, consent, agency checks, decision, sign-off, transfer,
// allocation), the hub's settings, the caseworker's tray of contacts routed to them, and partner agencies' checks.
// Every action posts the contact's version, so a change made by someone else in the meantime is caught.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { asArray, parseOrThrow } from '../../platform/forms.ts';
import { formErrors, withFormErrors, type FormErrorLocals } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { OUTCOMES, RAG_PRESETS, type Outcome } from './front-door.domain.ts';
import {
  addPersonSchema,
  allocateSchema,
  checkRequestSchema,
  checkResponseSchema,
  consentSchema,
  decisionSchema,
  screeningSchema,
  settingsSchema,
  signOffSchema,
  strategyTrackSchema,
  transferSchema,
  versionSchema,
} from './front-door.forms.ts';
import { dueInWords, LABELS, paginationOf, queueFiltersOf, queueHref } from './hub.presenter.ts';

type Body = Record<string, unknown>;

const DONE_BANNERS: Record<string, string> = {
  screened: 'RAG rating saved',
  assigned: 'Contact assigned to you',
  consent: 'Consent position saved',
  track: 'Strategy decision recorded: this contact is on the section 47 track',
  checks: 'Agency checks requested',
  decided: 'Decision recorded. The referrer has been told the outcome.',
  'sign-off': 'Decision recorded and sent to a manager for sign-off',
  'signed-off': 'Sign-off recorded',
  transferred: 'Contact transferred',
  allocated: 'Children allocated to the worker',
  flagged: 'Chronology flag saved',
  'person-added': 'Added to this contact',
};

export async function hubRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const service = container.frontDoor;
  const screener = { preValidation: requirePermission(container, 'contact.screen', 'contact') };
  const decider = { preValidation: requirePermission(container, 'contact.decide', 'contact') };
  const manager = { preValidation: requirePermission(container, 'contact.sign-off', 'contact') };
  const allocator = { preValidation: requirePermission(container, 'contact.allocate', 'contact') };
  const researcher = { preValidation: requirePermission(container, 'check.respond', 'agency-check') };
  const configurer = { preValidation: requirePermission(container, 'front-door.configure', 'front-door-settings') };

  // -- the queue ---------------------------------------------------------------------------------------------

  app.get(paths.frontDoor.queue, screener, async (req, reply) => {
    const filters = queueFiltersOf(req.query);
    const result = await service.queue(req.actor, filters);
    const now = container.clock.now();
    return reply.view('front-door/hub/queue.njk', {
      pageTitle: 'Hub queue',
      labels: LABELS,
      filters,
      result: { ...result, items: result.items.map((i) => ({ ...i, dueWords: dueInWords(i.screeningDueAt, now) })) },
      pagination: paginationOf(result.page, result.pages, (page) => queueHref(paths.frontDoor.queue, filters, { page }), 'Queue pages'),
    });
  });

  // -- one contact -------------------------------------------------------------------------------------------

  const showContact = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const view = await service.contact(req.actor, id);
    if (view.level === 'referrer') {
      return reply.view('front-door/referral/status.njk', { pageTitle: `Referral ${view.contact.reference}`, contact: view.contact, labels: LABELS, canRequestConsultation: container.access.can(req.actor, 'consultation.request'), ...extra });
    }
    const now = container.clock.now();
    const c = view.contact as Extract<typeof view.contact, { concern: string }>;
    const actor = req.actor;
    const canAct = view.level === 'hub';
    const preset = RAG_PRESETS[view.settings?.presetCode ?? 'london-brag'] ?? RAG_PRESETS['london-brag']!;
    const [agencies, workers, authorities] = canAct
      ? await Promise.all([service.checkableAgencies(c.laCode), service.caseworkers(c.laCode), container.database.db.selectFrom('localAuthorities').select(['code', 'name']).orderBy('name').execute()])
      : [[], [], []];
    const asked = new Set(view.checks.map((k) => k.agencyId));
    const done = (req.query as Record<string, string | undefined>).done;
    return reply.view('front-door/hub/contact.njk', {
      pageTitle: `Contact ${c.reference}`,
      labels: LABELS,
      view,
      contact: c,
      canAct,
      can: {
        screen: canAct && container.access.can(actor, 'contact.screen'),
        decide: canAct && container.access.can(actor, 'contact.decide'),
        signOff: canAct && container.access.can(actor, 'contact.sign-off') && c.status === 'awaiting-sign-off',
        allocate: canAct && container.access.can(actor, 'contact.allocate') && c.status === 'decided' && Boolean(c.isReferral),
        flag: view.level === 'hub' || view.level === 'worker',
        chronology: container.access.can(actor, 'chronology.read'),
        family: container.access.can(actor, 'family.read'),
      },
      isOpen: !['decided', 'transferred'].includes(c.status),
      preset,
      screeningDueWords: dueInWords(c.screeningDueAt, now),
      decisionDueWords: c.decidedAt ? null : dueInWords(c.decisionDueAt, now),
      checks: view.checks.map((k) => ({ ...k, dueWords: k.status === 'requested' ? dueInWords(k.dueAt, now) : null, isOverdue: k.status === 'requested' && new Date(k.dueAt) < now })),
      agencies: agencies.filter((a) => !asked.has(a.id)),
      workers,
      authorities: authorities.filter((a) => a.code !== c.laCode),
      outcomes: Object.entries(OUTCOMES).map(([code, o]) => ({ code, label: o.label, level: o.level, needsSignOff: view.settings?.signOffOutcomes.includes(code as Outcome) ?? false })),
      banner: done ? DONE_BANNERS[done] : undefined,
      values: {},
      ...extra,
    });
  };

  app.get('/contacts/:id', anyContactOrHub(container), async (req, reply) => showContact(req, reply, (req.params as { id: string }).id));

  /** Runs one action on a contact; on a field error or a conflict, shows the contact again with the message. */
  const action = (form: string, run: (actor: Actor, id: string, version: number, body: Body) => Promise<unknown>, done: (result: unknown) => string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    let result;
    try {
      result = await withFormErrors(async () => run(req.actor, id, parseOrThrow(versionSchema, body.version), body));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      reply.code(409);
      return showContact(req, reply, id, { ...formErrors({ _form: error.message }), openForm: form });
    }
    if (!result.ok) {
      reply.code(400);
      // Several forms on the page have a 'reason' field: each has its own id, so the error summary links to the right one.
      const fields = Object.fromEntries(Object.entries(result.locals.errors).map(([k, v]) => [k === 'reason' && form !== 'screening' ? `reason-${form}` : k === 'thresholdLevel' && form === 'decision' ? 'decisionLevel' : k, v]));
      return showContact(req, reply, id, { ...formErrors(fields), values: body, openForm: form });
    }
    return reply.redirect(`${paths.frontDoor.contact(id)}?done=${done(result.value)}`, 303);
  };

  app.post('/contacts/:id/screening', screener, action('screening', (a, id, v, b) => service.screen(a, id, v, parseOrThrow(screeningSchema, b)), () => 'screened'));
  app.post('/contacts/:id/assign', screener, action('assign', (a, id, v) => service.assignToMe(a, id, v), () => 'assigned'));
  app.post(
    '/contacts/:id/consent',
    screener,
    action('consent', (a, id, v, b) => service.recordConsent(a, id, v, parseOrThrow(consentSchema, { ...b, isChildsOwn: b.isChildsOwn === 'yes', exception: b.exception || null })), () => 'consent'),
  );
  app.post('/contacts/:id/section-47-track', decider, action('track', (a, id, v, b) => service.recordStrategyTrack(a, id, v, parseOrThrow(strategyTrackSchema, b).reason), () => 'track'));
  app.post('/contacts/:id/checks', screener, action('checks', (a, id, v, b) => service.requestChecks(a, id, v, parseOrThrow(checkRequestSchema, { agencyIds: asArray(b.agencyIds), question: b.question })), () => 'checks'));
  app.post(
    '/contacts/:id/decision',
    decider,
    action('decision', (a, id, v, b) => service.decide(a, id, v, parseOrThrow(decisionSchema, b)), (r) => ((r as { needsSignOff: boolean }).needsSignOff ? 'sign-off' : 'decided')),
  );
  app.post('/contacts/:id/sign-off', manager, action('sign-off', (a, id, v, b) => service.signOff(a, id, v, parseOrThrow(signOffSchema, b)), () => 'signed-off'));
  app.post('/contacts/:id/transfer', screener, action('transfer', (a, id, v, b) => service.transfer(a, id, v, parseOrThrow(transferSchema, b)), () => 'transferred'));
  app.post('/contacts/:id/people', screener, action('add-person', (a, id, v, b) => service.addKnownPerson(a, id, v, parseOrThrow(addPersonSchema, b)), () => 'person-added'));
  app.post('/contacts/:id/allocate', allocator, action('allocate', (a, id, v, b) => service.allocate(a, id, v, parseOrThrow(allocateSchema, b).workerUserId), () => 'allocated'));

  app.post('/contacts/:id/events/:eventId/flag', { preValidation: requirePermission(container, 'chronology.read', 'contact') }, async (req, reply) => {
    const { id, eventId } = req.params as { id: string; eventId: string };
    const body = (req.body ?? {}) as Body;
    await service.flagEvent(req.actor, id, eventId, body.significant === 'yes');
    return reply.redirect(`${paths.frontDoor.contact(id)}?done=flagged`, 303);
  });

  // -- settings ----------------------------------------------------------------------------------------------

  const settingsLa = (actor: Actor, query: unknown): string => {
    const asked = String((query as Record<string, unknown>)?.la ?? '');
    if (/^\d{3}$/.test(asked)) return asked;
    return actor.kind === 'user' && actor.scopeKind === 'local-authority' && actor.scopeCode ? actor.scopeCode : '';
  };

  const showSettings = async (req: FastifyRequest, reply: FastifyReply, laCode: string, extra: Record<string, unknown> = {}) => {
    const user = container.access.requireUser(req.actor);
    const authorities = (await container.database.db.selectFrom('localAuthorities').select(['code', 'name', 'boardCode']).orderBy('name').execute()).filter(
      (a) => (user.scopeKind === 'local-authority' ? a.code === user.scopeCode : user.scopeKind === 'board' ? a.boardCode === user.scopeCode : false),
    );
    const chosen = authorities.find((a) => a.code === laCode) ?? authorities[0];
    if (!chosen) return reply.code(404).view('errors/404.njk', { pageTitle: 'Page not found' });
    const settings = await service.settingsFor(container.database.db.withTables(), chosen.code);
    return reply.view('front-door/hub/settings.njk', { pageTitle: 'Front door settings', labels: LABELS, authorities, la: chosen, settings, presets: Object.values(RAG_PRESETS), outcomes: Object.entries(OUTCOMES), ...extra });
  };

  app.get(paths.frontDoor.settings, configurer, async (req, reply) => showSettings(req, reply, settingsLa(req.actor, req.query), { saved: Boolean((req.query as Record<string, unknown>).saved) }));
  app.post(paths.frontDoor.settings, configurer, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const la = String(body.laCode ?? '');
    const result = await withFormErrors(async () => {
      const input = parseOrThrow(settingsSchema, { ...body, signOffOutcomes: asArray(body.signOffOutcomes) });
      const version = body.version ? parseOrThrow(versionSchema, body.version) : null;
      await service.updateSettings(req.actor, la, { presetCode: input.presetCode, workingHours: { opensAt: input.opensAt, closesAt: input.closesAt }, signOffOutcomes: input.signOffOutcomes, lowLevelThreshold: input.lowLevelThreshold }, version);
    }).catch((error) => {
      if (error instanceof ConflictError) return { ok: false as const, locals: formErrors({ _form: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code(400);
      return showSettings(req, reply, la, { ...result.locals, values: body });
    }
    return reply.redirect(`${paths.frontDoor.settings}?la=${la}&saved=1`, 303);
  });

  // -- the caseworker's tray ---------------------------------------------------------------------------------

  app.get(paths.frontDoor.allocated, { preValidation: requirePermission(container, 'contact.receive-allocated', 'contact') }, async (req, reply) => {
    const rows = await service.myAllocatedContacts(req.actor);
    return reply.view('front-door/hub/allocated.njk', { pageTitle: 'Contacts about your children', labels: LABELS, rows });
  });

  // -- partner agencies' checks ------------------------------------------------------------------------------

  app.get(paths.frontDoor.checkQueue, researcher, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const filters = { status: q.status === 'answered' ? 'answered' : 'open', overdue: q.overdue === 'yes', page: Math.max(1, Number(q.page) || 1) };
    const result = await service.checkQueue(req.actor, filters);
    const now = container.clock.now();
    const href = (page: number) => `${paths.frontDoor.checkQueue}?${new URLSearchParams({ ...(filters.status === 'answered' ? { status: 'answered' } : {}), ...(filters.overdue ? { overdue: 'yes' } : {}), page: String(page) }).toString()}`;
    return reply.view('front-door/checks/queue.njk', {
      pageTitle: 'Checks for your agency',
      labels: LABELS,
      filters,
      pagination: paginationOf(result.page, result.pages, href, 'Check pages'),
      result: { ...result, items: result.items.map((i) => ({ ...i, dueWords: i.status === 'requested' ? dueInWords(i.dueAt, now) : null })) },
    });
  });

  const showCheck = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Partial<FormErrorLocals> & Record<string, unknown> = {}) => {
    const view = await service.check(req.actor, id);
    return reply.view('front-door/checks/check.njk', { pageTitle: `Check for contact ${view.contact.reference}`, labels: LABELS, view, dueWords: dueInWords(view.check.dueAt, container.clock.now()), values: {}, answered: Boolean((req.query as Record<string, unknown>).answered), ...extra });
  };

  app.get('/checks/:id', researcher, async (req, reply) => showCheck(req, reply, (req.params as { id: string }).id));
  app.post('/checks/:id', researcher, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    let result;
    try {
      result = await withFormErrors(async () => service.respondToCheck(req.actor, id, parseOrThrow(versionSchema, body.version), parseOrThrow(checkResponseSchema, body)));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      reply.code(409);
      return showCheck(req, reply, id, formErrors({ _form: error.message }));
    }
    if (!result.ok) {
      reply.code(400);
      return showCheck(req, reply, id, { ...result.locals, values: body });
    }
    return reply.redirect(`${paths.frontDoor.check(id)}?answered=1`, 303);
  });
}

/**
 * A contact page is for anyone who may have a relationship to it (the hub, the referrer, an allocated worker):
 * the service decides, so the guard only requires a signed-in user with a role.
 */
function anyContactOrHub(container: Container) {
  return {
    preValidation: async (req: FastifyRequest) => {
      const actor = container.access.requireUser(req.actor);
      if (!actor.role) await container.access.deny(actor, 'contact.read', { recordType: 'contact' }, 'no-role');
    },
  };
}
