// Protection desk API: police systems send notifications one at a time or in batches (idempotent by police
// reference); the desk's queue, one notification, forwarding to the hub and closing.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { problemSchema } from '../../platform/api/zod-schemas.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { BRAGS, NOTIFICATION_STATUSES } from './desk.tables.ts';
import { IMPORT_BODY_LIMIT } from './desk.web.ts';
import { closeSchema, notificationInputSchema, queueFiltersSchema, versionSchema, type CloseInput, type QueueFilters } from './notifications.forms.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
export const MAX_API_BATCH = 5000;

const submitted = z.object({
  notificationId: z.string(),
  outcome: z.enum(['created', 'updated', 'unchanged']),
  score: z.number().int(),
  brag: z.enum(BRAGS),
  dueAt: z.string(),
});
const batchResult = z.object({
  batchId: z.string().nullable(),
  received: z.number().int(),
  accepted: z.number().int().describe('New notifications created'),
  updated: z.number().int().describe('Notifications still new whose content changed: updated and scored again'),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), policeReference: z.string().nullable(), errors: z.record(z.string(), z.string()) })),
  rows: z.array(z.object({ row: z.number().int(), policeReference: z.string().nullable(), outcome: z.enum(['created', 'updated', 'unchanged', 'rejected']), notificationId: z.string().optional(), errors: z.record(z.string(), z.string()).optional() })),
});
const idParams = z.object({ id: z.string().uuid() });

export async function deskApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  // Looked up on each request, so a test can swap in a service with a fake hub.
  const desk = () => container.protectionDesk;
  const load = requirePermission(container, 'notification.load', 'police-notification');
  const triage = requirePermission(container, 'notification.triage', 'police-notification');

  app.post(
    '/api/v1/police-notifications',
    {
      preValidation: load,
      schema: {
        tags: ['protection-desk'],
        summary: "Send one police notification for your force's desk (idempotent by policeReference: sending it again changes nothing)",
        body: notificationInputSchema,
        response: { 200: submitted, 201: submitted, ...errors },
      },
    },
    async (req, reply) => {
      const result = await desk().submit(req.actor, req.body);
      return reply.code(result.outcome === 'created' ? 201 : 200).send({ ...result, dueAt: result.dueAt.toISOString() });
    },
  );

  const batchBody = z.array(z.unknown()).min(1, 'Send at least one notification').max(MAX_API_BATCH, `Send ${MAX_API_BATCH} notifications or fewer`);
  app.post(
    '/api/v1/police-notifications/batch',
    {
      preValidation: load,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['protection-desk'],
        summary: `Send up to ${MAX_API_BATCH} notifications (a JSON list). Each row is created, updated, unchanged or rejected with its reasons; the good rows load whatever the bad ones do, and re-sending changes nothing.`,
        body: batchBody,
        response: { 200: batchResult, ...errors },
      },
    },
    async (req) => desk().importRows(req.actor, req.body as unknown[]),
  );

  app.get(
    '/api/v1/police-notifications',
    {
      preValidation: triage,
      schema: {
        tags: ['protection-desk'],
        summary: `The desk's queue, ${25} a page: open notifications by default, highest score first and then the oldest. Filters: brag (${BRAGS.join(', ')}), status (${NOTIFICATION_STATUSES.join(', ')}), due (overdue, within-4h, within-24h), assigned (me, unassigned), sort (priority, due, received), page.`,
        querystring: queueFiltersSchema,
        response: errors,
      },
    },
    async (req) => desk().queue(req.actor, req.query as QueueFilters),
  );

  app.get(
    '/api/v1/police-notifications/:id',
    { preValidation: triage, schema: { tags: ['protection-desk'], summary: 'One notification: people, summary, the score breakdown and history (an audited read)', params: idParams, response: errors } },
    async (req) => desk().notification(req.actor, (req.params as { id: string }).id),
  );

  app.post(
    '/api/v1/police-notifications/:id/forward',
    {
      preValidation: triage,
      schema: { tags: ['protection-desk'], summary: 'Forward to the hub: the front door makes a contact with the notification attached', params: idParams, body: versionSchema, response: { 200: z.object({ contactId: z.string() }), ...errors } },
    },
    async (req) => desk().forward(req.actor, (req.params as { id: string }).id, (req.body as { version: number }).version),
  );

  app.post(
    '/api/v1/police-notifications/:id/close',
    { preValidation: triage, schema: { tags: ['protection-desk'], summary: "Close without forwarding, with a reason (text needed for 'other')", params: idParams, body: closeSchema, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await desk().close(req.actor, (req.params as { id: string }).id, req.body as CloseInput);
      return reply.code(204).send();
    },
  );
}
