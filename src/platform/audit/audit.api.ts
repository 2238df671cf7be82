// JSON API for privacy officers: access histories and the audit chain check.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { problemSchema } from '../api/zod-schemas.ts';
import { requirePermission } from '../web/guard.ts';

const params = z.object({ recordType: z.string().min(1).max(50), recordId: z.string().uuid() });

export async function auditApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  app.get(
    '/api/v1/audit/records/:recordType/:recordId',
    { preValidation: requirePermission(container, 'audit.history.read', 'audit'), schema: { tags: ['audit'], summary: 'Access history of one record (privacy officers)', params, response: { 401: problemSchema, 403: problemSchema, 404: problemSchema } } },
    async (req) => {
      const { recordType, recordId } = req.params as z.infer<typeof params>;
      const { events } = await container.accessHistory.history(req.actor, recordType, recordId);
      return { items: events };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Check the audit hash chain',
        response: {
          200: z.object({ ok: z.boolean(), events: z.number(), brokenAtSeq: z.number().optional(), brokenEventId: z.string().nullable().optional(), problem: z.string().optional(), headHash: z.string().optional() }),
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async (req) => container.accessHistory.verify(req.actor),
  );
}
