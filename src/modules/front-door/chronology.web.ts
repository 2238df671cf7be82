// The merged chronology pages for a child and for a family. Filters are codes and ids in the query string;
// the page prints without navigation (print stylesheet).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { CHRONOLOGY_KINDS, type ChronologyFilters, type ChronologyKind } from './chronology.service.ts';
import { LABELS } from './hub.presenter.ts';

const filtersQuery = z.object({
  agency: z.string().uuid().optional().catch(undefined),
  kind: z.enum(Object.keys(CHRONOLOGY_KINDS) as [ChronologyKind, ...ChronologyKind[]]).optional().catch(undefined),
  significant: z.enum(['yes']).optional().catch(undefined),
});

export async function chronologyRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const reader = { preValidation: requirePermission(container, 'chronology.read', 'person') };

  const show = async (req: FastifyRequest, reply: FastifyReply, family: boolean) => {
    const { id } = req.params as { id: string };
    const q = filtersQuery.parse(req.query ?? {});
    const filters: ChronologyFilters = { agencyId: q.agency, kind: q.kind, significantOnly: q.significant === 'yes' };
    const result = family ? await container.chronology.forFamily(req.actor, id, filters) : await container.chronology.forChild(req.actor, id, filters);
    return reply.view('front-door/chronology/chronology.njk', {
      pageTitle: family ? 'Family chronology' : 'Chronology',
      labels: LABELS,
      kinds: CHRONOLOGY_KINDS,
      family,
      personId: id,
      filters: q,
      ...result,
    });
  };

  app.get('/people/:id/chronology', reader, async (req, reply) => show(req, reply, false));
  app.get('/people/:id/family-chronology', reader, async (req, reply) => show(req, reply, true));
}
