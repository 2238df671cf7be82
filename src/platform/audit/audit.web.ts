// Privacy officer pages: a record's access history, and the audit chain check.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../forms.ts';
import { formErrors, withFormErrors } from '../web/form-errors.ts';
import { requirePermission } from '../web/guard.ts';
import { paths } from '../web/paths.ts';

const findSchema = z.object({
  recordType: z.string({ error: 'Select the kind of record' }).min(1, 'Select the kind of record'),
  reference: z.string({ error: 'Enter the record reference' }).trim().min(1, 'Enter the record reference').max(254, 'Reference must be 254 characters or fewer'),
});

export async function auditRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const { accessHistory } = container;
  const historyGuard = { preValidation: requirePermission(container, 'audit.history.read', 'audit') };

  app.get(paths.audit.accessHistory, historyGuard, async (req, reply) => {
    return reply.view('audit/find.njk', { pageTitle: 'Access history', recordTypes: accessHistory.recordTypes(), values: {} });
  });

  // A POST, so a reference such as an email address never appears in a URL.
  app.post(paths.audit.accessHistory, historyGuard, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await withFormErrors(async () => {
      const input = parseOrThrow(findSchema, body);
      return { type: input.recordType, id: await accessHistory.find(req.actor, input.recordType, input.reference) };
    }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return { ok: false as const, locals: formErrors({ reference: error.message }) };
      throw error;
    });
    if (!result.ok) {
      reply.code(400);
      return reply.view('audit/find.njk', { pageTitle: 'Access history', recordTypes: accessHistory.recordTypes(), values: body, ...result.locals });
    }
    return reply.redirect(paths.audit.record(result.value.type, result.value.id), 303);
  });

  app.get('/audit/access-history/:recordType/:recordId', historyGuard, async (req, reply) => {
    const { recordType, recordId } = req.params as { recordType: string; recordId: string };
    const history = await accessHistory.history(req.actor, recordType, recordId);
    return reply.view('audit/history.njk', { pageTitle: 'Access history', recordType, recordId, ...history });
  });

  app.get(paths.audit.verify, async (req, reply) => {
    const result = await accessHistory.verify(req.actor);
    return reply.view('audit/verify.njk', { pageTitle: 'Audit trail check', result });
  });
}
