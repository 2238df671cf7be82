// The family page: household members, how they are related, who knows them, Think Family warnings, and forms
// to add a relationship or end one with a reason. Registered by identity.web.ts; ids in paths are opaque.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../../main/container.ts';
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { addRelationshipFormSchema, factFromForm } from './family.forms.ts';
import { presentFamily } from './family.presenter.ts';

type Body = Record<string, unknown>;

export async function familyRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const family = container.family;
  const reader = { preValidation: requirePermission(container, 'family.read', 'person') };

  const showFamily = async (actor: Actor, id: string, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const view = await family.family(actor, id);
    return reply.view('identity/family.njk', { pageTitle: 'Family and household', person: view.person, subjectId: view.subjectId, ...presentFamily(view), ...extra });
  };

  app.get('/people/:id/family', reader, async (req, reply) => {
    const { id } = req.params as { id: string };
    const flags = req.query as Record<string, string | undefined>;
    const banner = flags.added ? 'Relationship recorded' : flags.unchanged ? 'That relationship was already recorded' : flags.ended ? 'Relationship ended' : undefined;
    return showFamily(req.actor, id, reply, { banner });
  });

  app.post('/people/:id/family/relationships', reader, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const form = parseOrThrow(addRelationshipFormSchema, body);
      return family.recordRelationship(req.actor, factFromForm(id, form));
    });
    if (!result.ok) {
      reply.code(400);
      // The service names the two sides of the fact; on this page the one in question is the person chosen in the form.
      const errors = { ...result.locals.errors };
      for (const side of ['personId', 'relatedPersonId']) {
        if (!errors[side]) continue;
        errors[body.otherPersonId ? 'otherPersonId' : 'memberId'] = errors[side]!;
        delete errors[side];
      }
      return showFamily(req.actor, id, reply, { ...formErrors(errors), values: body });
    }
    return reply.redirect(`${paths.identity.family(id)}?${result.value.isNew ? 'added' : 'unchanged'}=1`, 303);
  });

  app.post('/people/:id/family/relationships/:relationshipId/end', reader, async (req, reply) => {
    const { id, relationshipId } = req.params as { id: string; relationshipId: string };
    const body = (req.body ?? {}) as Body;
    try {
      const result = await withFormErrors(async () => family.endRelationship(req.actor, { relationshipId, version: body.version, reason: body.reason }));
      if (!result.ok) {
        reply.code(400);
        // Each relationship has its own reason box: name it, so the error summary links to the right one.
        const errors = Object.fromEntries(Object.entries(result.locals.errors).map(([field, text]) => [field === 'reason' ? `reason-${relationshipId}` : field, text]));
        return showFamily(req.actor, id, reply, { ...formErrors(errors), endRelationshipId: relationshipId });
      }
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      reply.code(409);
      return showFamily(req.actor, id, reply, { ...formErrors({ _form: error.message }) });
    }
    return reply.redirect(`${paths.identity.family(id)}?ended=1`, 303);
  });
}
