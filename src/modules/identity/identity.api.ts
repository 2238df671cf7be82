// Identity API: online matching for the hub, source records from agency systems (one or a batch,
// idempotent by the agency's own reference), people, merge and unmerge, and clerical review.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { AppError, ValidationError } from '../../kernel/errors.ts';
import { problemSchema } from '../../platform/api/zod-schemas.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { familyApiRoutes } from './family.api.ts';
import { matchRequestSchema, mergeSchema, reviewDecisionSchema, sourceRecordSchema, unmergeSchema } from './identity.forms.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const registration = z.object({
  sourceRecordId: z.string(),
  personId: z.string(),
  outcome: z.enum(['linked-automatically', 'sent-to-review', 'new-person', 'unchanged', 'updated']),
  probability: z.number().nullable(),
});
const event = z.object({ eventId: z.string() });
const MAX_BATCH = 1000;

export async function identityApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const registry = container.identity;
  {
    const search = requirePermission(container, 'person.search', 'person');
    const write = requirePermission(container, 'source-record.write', 'source-record');
    const merger = requirePermission(container, 'person.merge', 'person');
    const reviewer = requirePermission(container, 'identity.review', 'match-review');

    app.post(
      '/api/v1/persons/match',
      { preValidation: search, schema: { tags: ['identity'], summary: 'Ranked candidate people for the details given, with per-field evidence and the agencies that know each (not what they hold)', body: matchRequestSchema, response: errors } },
      async (req) => {
        const { limit, ...fields } = req.body as z.infer<typeof matchRequestSchema>;
        return { items: await registry.match(req.actor, fields, limit) };
      },
    );

    const idParams = z.object({ id: z.string().uuid() });
    app.get('/api/v1/persons/:id', { preValidation: search, schema: { tags: ['identity'], summary: 'A person: agencies that know them, your own records, identity history', params: idParams, response: errors } }, async (req) =>
      registry.person(req.actor, (req.params as { id: string }).id),
    );

    app.post(
      '/api/v1/source-records',
      { preValidation: write, schema: { tags: ['identity'], summary: "Register or update one of your agency's records (idempotent by localId)", body: sourceRecordSchema, response: { 200: registration, 201: registration, ...errors } } },
      async (req, reply) => {
        const result = await registry.register(req.actor, req.body as z.infer<typeof sourceRecordSchema>);
        return reply.code(result.outcome === 'unchanged' || result.outcome === 'updated' ? 200 : 201).send(result);
      },
    );

    const batchBody = z.object({ records: z.array(z.unknown()).min(1, 'Send at least one record').max(MAX_BATCH, `Send ${MAX_BATCH} records or fewer`) });
    app.post(
      '/api/v1/source-records/batch',
      {
        preValidation: write,
        schema: {
          tags: ['identity'],
          summary: `Register up to ${MAX_BATCH} records. Each row is accepted or rejected with its reasons; the good rows load whatever the bad ones do, and re-sending changes nothing.`,
          body: batchBody,
        },
      },
      async (req) => {
        const { records } = req.body as z.infer<typeof batchBody>;
        const results = [];
        for (const [index, raw] of records.entries()) {
          try {
            const input = parseOrThrow(sourceRecordSchema, raw);
            results.push({ row: index + 1, status: 'accepted' as const, ...(await registry.register(req.actor, input)) });
          } catch (error) {
            if (error instanceof ValidationError) results.push({ row: index + 1, status: 'rejected' as const, errors: error.fields });
            else if (error instanceof AppError && error.status < 500) results.push({ row: index + 1, status: 'rejected' as const, errors: { _row: error.message } });
            else throw error;
          }
        }
        return {
          accepted: results.filter((r) => r.status === 'accepted').length,
          rejected: results.filter((r) => r.status === 'rejected').length,
          results,
        };
      },
    );

    app.post('/api/v1/persons/merge', { preValidation: merger, schema: { tags: ['identity'], summary: 'Merge one person into another (refused for different valid NHS numbers)', body: mergeSchema, response: { 201: event, ...errors } } }, async (req, reply) => {
      const input = req.body as z.infer<typeof mergeSchema>;
      return reply.code(201).send({ eventId: await registry.merge(req.actor, input.survivorId, input.mergedId, input.reason) });
    });

    app.post(
      '/api/v1/identity-events/:id/unmerge',
      { preValidation: merger, schema: { tags: ['identity'], summary: 'Undo a merge exactly', params: idParams, body: unmergeSchema, response: { 201: event, ...errors } } },
      async (req, reply) => reply.code(201).send({ eventId: await registry.unmerge(req.actor, (req.params as { id: string }).id, (req.body as z.infer<typeof unmergeSchema>).reason) }),
    );

    app.get('/api/v1/match-reviews', { preValidation: reviewer, schema: { tags: ['identity'], summary: 'Open clerical reviews for your area', response: errors } }, async (req) => ({ items: await registry.reviews(req.actor) }));

    app.get('/api/v1/match-reviews/:id', { preValidation: reviewer, schema: { tags: ['identity'], summary: 'One review with the evidence per field', params: idParams, response: errors } }, async (req) =>
      registry.review(req.actor, (req.params as { id: string }).id),
    );

    app.post(
      '/api/v1/match-reviews/:id/decision',
      { preValidation: reviewer, schema: { tags: ['identity'], summary: 'Same person (link) or different people', params: idParams, body: reviewDecisionSchema, response: { 204: z.null(), ...errors } } },
      async (req, reply) => {
        const body = req.body as z.infer<typeof reviewDecisionSchema>;
        await registry.decide(req.actor, (req.params as { id: string }).id, body.decision, body.reason);
        return reply.code(204).send();
      },
    );

    app.get('/api/v1/match-reviews/decisions', { preValidation: reviewer, schema: { tags: ['identity'], summary: 'Decided reviews, as labels for re-training the model', response: errors } }, async (req) => ({ items: await registry.decisions(req.actor) }));
  }
  await familyApiRoutes(app, container);
}
