// The pledge's pages. `GET /pledge` is public (`config.isPublic`, the app's mechanism for routes without sign-in,
// as for /sign-in): the current pledge, its commitments and signatories, and earlier versions. The management pages
// under /pledge/manage need `pledge.manage` (the regional board manager). Thin: checks and audit are in PledgeService.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { dayFromParts, parseVersion, partsOf, selectItems } from './boards.web.ts';

type Body = Record<string, unknown>;

const ppaths = paths.partnership.pledge;

/** Blank commitment boxes offered below the existing ones (the page works without JavaScript). */
const SPARE_COMMITMENTS = 2;

const DONE_BANNERS: Record<string, string> = {
  created: 'New draft started. It copies the commitments of the previous version.',
  saved: 'Draft saved',
  published: 'Version published. It is now the current pledge.',
  signatory: 'Signatory added',
  removed: 'Signatory removed',
  investment: 'Investment commitment recorded',
};

const text = (body: Body, name: string): string => String(body[name] ?? '').trim();

export async function pledgeRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const service = container.partnership.pledge;
  const manager = { preValidation: requirePermission(container, 'pledge.manage', 'pledge') };
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) => reply.view(`partnership/pledge/${template}`, { ppaths, partsOf, selectItems, ...locals });
  const bannerOf = (req: FastifyRequest) => DONE_BANNERS[(req.query as Record<string, string | undefined>).done ?? ''];
  const conflictAware = (error: unknown) => {
    if (error instanceof ConflictError) return { ok: false as const, conflict: true, locals: formErrors({ _form: error.message }) };
    throw error;
  };

  // Public: no sign-in needed.
  app.get(ppaths.public, { config: { isPublic: true } }, async (_req, reply) => {
    const p = await service.current();
    return view(reply, 'public.njk', { pageTitle: p.current?.title ?? 'The London safeguarding children pledge', p });
  });

  // -- management ---------------------------------------------------------------------------------------------

  const showOverview = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const o = await service.overview(req.actor);
    return view(reply, 'manage.njk', { pageTitle: 'Manage the pledge', o, banner: bannerOf(req), ...extra });
  };
  app.get(ppaths.manage, manager, async (req, reply) => showOverview(req, reply));

  app.post(ppaths.newVersion, manager, async (req, reply) => {
    const result = await withFormErrors(async () => service.createDraft(req.actor));
    if (!result.ok) {
      reply.code(400);
      return showOverview(req, reply, result.locals);
    }
    return reply.redirect(`${ppaths.version(result.value.id)}?done=created`, 303);
  });

  const showVersion = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const v = await service.version(req.actor, id);
    const body = extra.values as Body | undefined;
    const texts = body ? Object.keys(body).filter((k) => /^commitment-\d+$/.test(k)).sort((a, b) => Number(a.slice(11)) - Number(b.slice(11))).map((k) => text(body, k)) : v.commitments.map((c) => c.text);
    const boxes = [...texts, ...Array.from({ length: SPARE_COMMITMENTS }, () => '')];
    return view(reply, 'version.njk', { pageTitle: `Pledge version ${v.version.number}`, v, boxes, banner: bannerOf(req), values: null, publishValues: null, today: partsOf(container.partnership.context.today()), ...extra });
  };
  app.get('/pledge/manage/versions/:id', manager, async (req, reply) => showVersion(req, reply, (req.params as { id: string }).id));
  app.post('/pledge/manage/versions/:id', manager, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const commitments = Object.keys(body).filter((k) => /^commitment-\d+$/.test(k)).sort((a, b) => Number(a.slice(11)) - Number(b.slice(11))).map((k) => text(body, k));
    const result = await withFormErrors(async () => service.updateDraft(req.actor, id, parseVersion(body), { title: text(body, 'title'), introduction: text(body, 'introduction'), commitments })).catch(conflictAware);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showVersion(req, reply, id, { ...result.locals, values: body });
    }
    return reply.redirect(`${ppaths.version(id)}?done=saved`, 303);
  });
  app.post('/pledge/manage/versions/:id/publish', manager, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const errors: FieldErrors = {};
      const publishedOn = dayFromParts(body, 'publishedOn', 'The publication date', errors);
      if (!publishedOn && !errors.publishedOn) errors.publishedOn = 'Enter the date the pledge is published';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await service.publish(req.actor, id, parseVersion(body), publishedOn!);
    }).catch(conflictAware);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showVersion(req, reply, id, { ...result.locals, publishValues: body });
    }
    return reply.redirect(`${ppaths.manage}?done=published`, 303);
  });

  // -- signatories and investment commitments -----------------------------------------------------------------

  const showSignatory = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const options = await service.formOptions(req.actor);
    const versionRows = options.published.map((v) => ({ id: v.id, name: `Version ${v.number}, published ${v.publishedOn}` }));
    return view(reply, 'signatory.njk', { pageTitle: 'Add a signatory', options, versionRows, values: {}, ...extra });
  };
  app.get(ppaths.newSignatory, manager, async (req, reply) => showSignatory(req, reply));
  app.post(ppaths.newSignatory, manager, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const errors: FieldErrors = {};
      const signedOn = dayFromParts(body, 'signedOn', 'The date signed', errors);
      if (!signedOn && !errors.signedOn) errors.signedOn = 'Enter the date they signed';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return service.addSignatory(req.actor, { name: text(body, 'name'), title: text(body, 'title'), organisation: text(body, 'organisation'), agencyId: text(body, 'agencyId') || null, signedOn: signedOn!, pledgeVersionId: text(body, 'pledgeVersionId') });
    });
    if (!result.ok) {
      reply.code(400);
      return showSignatory(req, reply, { ...result.locals, values: body });
    }
    return reply.redirect(`${ppaths.manage}?done=signatory`, 303);
  });
  app.post('/pledge/manage/signatories/:id/remove', manager, async (req, reply) => {
    await service.removeSignatory(req.actor, (req.params as { id: string }).id);
    return reply.redirect(`${ppaths.manage}?done=removed`, 303);
  });

  const showInvestment = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const options = await service.formOptions(req.actor);
    const signatoryRows = options.signatories.map((s) => ({ id: s.id, name: `${s.name}, ${s.organisation}` }));
    return view(reply, 'investment.njk', { pageTitle: 'Record an investment commitment', options, signatoryRows, values: {}, ...extra });
  };
  app.get(ppaths.newInvestment, manager, async (req, reply) => showInvestment(req, reply));
  app.post(ppaths.newInvestment, manager, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const errors: FieldErrors = {};
      const committedOn = dayFromParts(body, 'committedOn', 'The date of the commitment', errors);
      if (!committedOn && !errors.committedOn) errors.committedOn = 'Enter the date the commitment was made';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return service.recordInvestment(req.actor, { signatoryId: text(body, 'signatoryId') || null, agencyId: text(body, 'agencyId') || null, committedOn: committedOn!, statement: text(body, 'statement') });
    });
    if (!result.ok) {
      reply.code(400);
      return showInvestment(req, reply, { ...result.locals, values: body });
    }
    return reply.redirect(`${ppaths.manage}?done=investment`, 303);
  });
}
