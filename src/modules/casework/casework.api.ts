// Casework API: what a caseworker's or manager's own tools need to read — their cases, one case whole with its
// deadlines and the rules that set them, their work tray, the team tray and the stuck-case flags. A thin edge over
// the same services as the pages, so the same need-to-know applies (a case the caller may not see is 404) and every
// read is audited there. Recording the pathway is done through the pages.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { problemSchema } from '../../platform/api/zod-schemas.ts';
import { requirePermission } from '../../platform/web/guard.ts';

const TAGS = ['casework'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const idParams = z.object({ id: z.string().describe('The case (episode) id') });
const casesQuery = z.object({
  view: z.enum(['mine', 'team', 'all']).optional().describe('mine: allocated to you; team: your teams’ cases; all: every case you may see'),
  overdue: z.enum(['yes']).optional().describe('Only cases with an overdue deadline'),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
const trayQuery = z.object({ window: z.coerce.number().int().min(1).max(60).optional().describe('“Due soon” span in working days (default 5)') });
const teamTrayQuery = trayQuery.extend({ team: z.string().uuid().optional() });

export async function caseworkApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const reader = { preValidation: requirePermission(container, 'case.read', 'case-episode') };
  const manager = { preValidation: requirePermission(container, 'case.manage', 'case-episode') };
  const { pathway, trays, stuck } = container.casework;

  app.get(
    '/api/v1/cases',
    { ...reader, schema: { tags: TAGS, summary: 'The open cases you may see, paged, with filters. An audited read.', querystring: casesQuery, response: errors } },
    async (req) => {
      const q = req.query as z.infer<typeof casesQuery>;
      return pathway.myCases(req.actor, { view: q.view, overdue: q.overdue === 'yes', page: q.page });
    },
  );

  app.get(
    '/api/v1/cases/:id',
    {
      ...reader,
      schema: {
        tags: TAGS,
        summary: 'One case whole: the child, the worker, assessments, strategy discussions, section 47 enquiries, plans, early help, every deadline with the rule that set it, and the history. 404 unless you are its worker, in its team or a manager in its authority. An audited read.',
        params: idParams,
        response: errors,
      },
    },
    async (req) => pathway.caseView(req.actor, (req.params as { id: string }).id),
  );

  app.get(
    '/api/v1/casework/tray',
    { ...reader, schema: { tags: TAGS, summary: 'Your open deadlines: overdue, due today, due soon and later. An audited read.', querystring: trayQuery, response: errors } },
    async (req) => trays.myTray(req.actor, { window: (req.query as z.infer<typeof trayQuery>).window }),
  );

  app.get(
    '/api/v1/casework/team-tray',
    { ...manager, schema: { tags: TAGS, summary: "Your authority's open deadlines by worker, and the overdue alerts not yet acknowledged (team managers). An audited read.", querystring: teamTrayQuery, response: errors } },
    async (req) => {
      const q = req.query as z.infer<typeof teamTrayQuery>;
      return trays.teamTray(req.actor, { teamId: q.team ?? null, window: q.window });
    },
  );

  app.get(
    '/api/v1/casework/stuck-flags',
    { ...manager, schema: { tags: TAGS, summary: 'Stuck-case flags in your authority with the reasons each was raised (team managers). An audited read.', querystring: z.object({ status: z.enum(['open', 'consulted', 'dismissed', 'resolved']).optional() }), response: errors } },
    async (req) => stuck.flags(req.actor, { status: (req.query as { status?: 'open' | 'consulted' | 'dismissed' | 'resolved' }).status }),
  );
}
