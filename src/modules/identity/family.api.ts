// Think Family API: a person's family view. Registered by identity.api.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { problemSchema } from '../../platform/api/zod-schemas.ts';
import { requirePermission } from '../../platform/web/guard.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

export async function familyApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const reader = requirePermission(container, 'family.read', 'person');
  const idParams = z.object({ id: z.string().uuid() });
  app.get(
    '/api/v1/persons/:id/family',
    {
      preValidation: reader,
      schema: {
        tags: ['identity'],
        summary: "A person's family view: household members, relationships, the agency types that know each (not what they hold), and Think Family flags",
        params: idParams,
        response: errors,
      },
    },
    async (req) => container.family.family(req.actor, (req.params as { id: string }).id),
  );
}
