// Identity pages: find a person, a person's page (who knows them, your records, history, merge and
// unmerge), and the clerical review queue. Searches are POSTs: names never appear in a URL.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../../main/container.ts';
import type { Actor } from '../../kernel/actor.ts';
import { dateFromParts, parseOrThrow } from '../../platform/forms.ts';
import { withFormErrors, type FormErrorLocals } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { familyRoutes } from './family.web.ts';
import { mergeSchema, personFieldsSchema, reviewDecisionSchema, unmergeSchema } from './identity.forms.ts';

type Body = Record<string, unknown>;


export function bandOf(probability: number, bands: { autoLink: number; review: number }): { text: string; colour: string } {
  if (probability >= bands.autoLink) return { text: 'Very likely the same person', colour: 'green' };
  if (probability >= bands.review) return { text: 'Probably the same person: check before relying on it', colour: 'yellow' };
  return { text: 'Unlikely to be the same person', colour: 'grey' };
}

export async function identityRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const registry = container.identity;
  const bands = registry.bands;
  {
    const search = { preValidation: requirePermission(container, 'person.search', 'person') };
    const reviewer = { preValidation: requirePermission(container, 'identity.review', 'match-review') };
    const merger = { preValidation: requirePermission(container, 'person.merge', 'person') };

    const showFind = (reply: FastifyReply, values: Body = {}, extra: Record<string, unknown> = {}) =>
      reply.view('identity/find.njk', { pageTitle: 'Find a person', values, ...extra });

    app.get(paths.identity.find, search, async (_req, reply) => showFind(reply));

    app.post(paths.identity.find, search, async (req, reply) => {
      const body = (req.body ?? {}) as Body;
      const result = await withFormErrors(async () => {
        const fields = parseOrThrow(personFieldsSchema, {
          forenames: body.forenames,
          surname: body.surname,
          dateOfBirth: dateFromParts(body, 'dateOfBirth'),
          nhsNumber: body.nhsNumber,
          postcode: body.postcode,
        });
        return registry.match(req.actor, fields, 10);
      });
      if (!result.ok) {
        reply.code(400);
        return showFind(reply, body, result.locals);
      }
      return showFind(reply, body, {
        searched: true,
        results: result.value.map((c) => ({ ...c, percent: Math.round(c.probability * 1000) / 10, band: bandOf(c.probability, bands) })),
      });
    });

    const showPerson = async (actor: Actor, id: string, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
      const view = await registry.person(actor, id);
      return reply.view('identity/person.njk', { pageTitle: 'Person', ...view, canMerge: container.access.can(actor, 'person.merge'), canReadFamily: container.access.can(actor, 'family.read'), canOpenCase: container.access.can(actor, 'case.write'), ...extra });
    };

    app.get('/people/:id', search, async (req, reply) => {
      const { id } = req.params as { id: string };
      const flags = req.query as Record<string, string | undefined>;
      return showPerson(req.actor, id, reply, { banner: flags.merged ? 'People merged' : flags.unmerged ? 'Merge undone: the records are back with the person they came from' : undefined });
    });

    app.post('/people/:id/merge', merger, async (req, reply) => {
      const { id } = req.params as { id: string };
      const body = (req.body ?? {}) as Body;
      const result = await withFormErrors(async () => {
        const input = parseOrThrow(mergeSchema, { survivorId: id, mergedId: String(body.mergedId ?? '').trim(), reason: body.reason });
        return registry.merge(req.actor, input.survivorId, input.mergedId, input.reason);
      });
      if (!result.ok) {
        reply.code(400);
        return showPerson(req.actor, id, reply, { ...result.locals, values: body });
      }
      return reply.redirect(`${paths.identity.person(id)}?merged=1`, 303);
    });

    app.post('/people/:id/events/:eventId/unmerge', merger, async (req, reply) => {
      const { id, eventId } = req.params as { id: string; eventId: string };
      const body = (req.body ?? {}) as Body;
      const result = await withFormErrors(async () => registry.unmerge(req.actor, eventId, parseOrThrow(unmergeSchema, body).reason));
      if (!result.ok) {
        reply.code(400);
        return showPerson(req.actor, id, reply, { ...result.locals, unmergeEventId: eventId });
      }
      return reply.redirect(`${paths.identity.person(id)}?unmerged=1`, 303);
    });

    app.get(paths.identity.reviews, reviewer, async (req, reply) => {
      const reviews = await registry.reviews(req.actor);
      const decided = Boolean((req.query as Record<string, string>).decided);
      return reply.view('identity/reviews.njk', { pageTitle: 'Possible matches to review', reviews: reviews.map((r) => ({ ...r, percent: Math.round(r.probability * 1000) / 10 })), decided });
    });

    const showReview = async (actor: Actor, id: string, reply: FastifyReply, errors?: FormErrorLocals) => {
      const detail = await registry.review(actor, id);
      return reply.view('identity/review.njk', { pageTitle: 'Review a possible match', ...detail, percent: Math.round(detail.review.probability * 1000) / 10, ...errors });
    };

    app.get('/identity/reviews/:id', reviewer, async (req, reply) => showReview(req.actor, (req.params as { id: string }).id, reply));

    app.post('/identity/reviews/:id', reviewer, async (req, reply) => {
      const { id } = req.params as { id: string };
      const result = await withFormErrors(async () => {
        const input = parseOrThrow(reviewDecisionSchema, req.body ?? {});
        await registry.decide(req.actor, id, input.decision, input.reason);
      });
      if (!result.ok) {
        reply.code(400);
        return showReview(req.actor, id, reply, result.locals);
      }
      return reply.redirect(`${paths.identity.reviews}?decided=1`, 303);
    });
  }
  await familyRoutes(app, container);
}
