// The case pages: the caseworker's list of cases, one case with every deadline and the rule that set it, opening a
// case from a decided referral or by hand, and one form page per step of the pathway. Every form posts the case's
// version, so a change someone else made in the meantime is caught and explained (409), never overwritten.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import type { RoutePlugin } from '../../platform/web/app.ts';
import { formErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import type { Permission } from '../../platform/access/roles.ts';
import { CASE_LABELS, caseFiltersOf, caseListHref, casePaths, childName, dayParts, deadlineTag, paginationOf } from './case.presenter.ts';
import {
  PARTICIPANT_ROWS,
  readAllocate,
  readClose,
  readCompleteAssessment,
  readCompleteS47,
  readCinPlanEnd,
  readCinPlanStart,
  readEarlyHelpEnd,
  readEarlyHelpStart,
  readNfa,
  readOpenEpisode,
  readPrimaryNeed,
  readStartAssessment,
  readStrategyDiscussion,
  versionSchema,
} from './casework.forms.ts';
import type { Episode, Executor } from './casework.support.ts';

type Body = Record<string, unknown>;
type Params = Record<string, string | undefined>;
type Summary = Awaited<ReturnType<Container['casework']['pathway']['caseSummary']>>;

/** The protection section, when the protection service provides one (it may not yet: tolerated). */
type SectionProvider = { section?: (executor: Executor, episode: NonNullable<Episode>, options?: { canWrite?: boolean }) => Promise<unknown> };

interface FormPage {
  /** Path under /cases/:id (e.g. '/assessments/new'). */
  path: string;
  template: string;
  title: string;
  permission: Permission;
  /** Extra locals for the page; throws NotFoundError when a sub-record named in the path is not on this case. */
  load?: (summary: Summary, params: Params) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Values the form starts with. */
  initial?: (summary: Summary, params: Params) => Record<string, unknown>;
  run: (actor: Actor, id: string, version: number, body: Body, params: Params, summary: Summary) => Promise<unknown>;
  done: string;
}

export const caseRoutes: RoutePlugin = async (app, container) => {
  const pathway = container.casework.pathway;
  const reader = { preValidation: requirePermission(container, 'case.read', 'case-episode') };
  const writer = { preValidation: requirePermission(container, 'case.write', 'case-episode') };

  // -- the list ----------------------------------------------------------------------------------------------

  app.get(casePaths.list, reader, async (req, reply) => {
    const filters = caseFiltersOf(req.query);
    const result = await pathway.myCases(req.actor, filters);
    const q = req.query as Record<string, string | undefined>;
    return reply.view('casework/case/list.njk', {
      pageTitle: 'Cases',
      labels: CASE_LABELS,
      filters: { ...filters, view: result.view },
      result,
      opened: q.opened ? Number(q.opened) : undefined,
      canWrite: container.access.can(req.actor, 'case.write'),
      pagination: paginationOf(result.page, result.pages, (page) => caseListHref({ ...filters, view: result.view }, page)),
    });
  });

  // -- opening a case ----------------------------------------------------------------------------------------

  app.post('/contacts/:id/open-case', writer, async (req, reply) => {
    const id = (req.params as Params).id ?? '';
    try {
      const { episodeIds } = await pathway.openFromContact(req.actor, id);
      if (episodeIds.length === 1) return reply.redirect(`${casePaths.case(episodeIds[0]!)}?done=opened`, 303);
      return reply.redirect(`${casePaths.list}?opened=${episodeIds.length}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return reply.view('casework/case/not-opened.njk', { pageTitle: 'The case could not be opened', message: Object.values(error.fields)[0], contactId: id });
    }
  });

  const showNew = (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.view('casework/case/new.njk', { pageTitle: 'Record a referral', labels: CASE_LABELS, values: { personId: (req.query as Params).personId ?? '' }, ...extra });

  app.get(casePaths.newCase, writer, async (req, reply) => showNew(req, reply));
  app.post(casePaths.newCase, writer, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const user = container.access.requireUser(req.actor);
    try {
      const input = readOpenEpisode(body);
      const { episodeId } = await pathway.openEpisode(req.actor, { ...input, laCode: user.scopeCode ?? '' });
      return reply.redirect(`${casePaths.case(episodeId)}?done=opened`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showNew(req, reply, { ...formErrors(error.fields), values: body });
    }
  });

  // -- one case ----------------------------------------------------------------------------------------------

  app.get('/cases/:id', reader, async (req, reply) => {
    const id = (req.params as Params).id ?? '';
    const view = await pathway.caseView(req.actor, id);
    let protection: unknown;
    try {
      const provider = container.casework.protection as unknown as SectionProvider;
      protection = provider.section ? await provider.section(container.casework.context.db, view.episode, { canWrite: container.access.can(req.actor, 'case.write') }) : undefined;
    } catch (error) {
      // The protection section is optional on this page: it is logged, and the rest of the case still shows.
      req.log.warn({ err: error, episodeId: view.episode.id }, 'protection section failed');
      protection = undefined;
    }
    const actor = req.actor;
    const isOpen = view.episode.status === 'open';
    const canWrite = container.access.can(actor, 'case.write');
    const hasWork = view.assessments.length + view.strategyDiscussions.length + view.cinPlans.length > 0;
    const done = (req.query as Params).done;
    return reply.view('casework/case/case.njk', {
      // The child's name is on the page, not in its title (titles end up in browser history and tab lists).
      pageTitle: 'Case',
      labels: CASE_LABELS,
      view,
      episode: view.episode,
      childName: childName(view.child),
      deadlines: view.deadlines.map((d) => ({ ...d, tag: deadlineTag(d) })),
      protection,
      can: {
        write: canWrite && isOpen && !view.episode.isNfa,
        manage: container.access.can(actor, 'case.manage') && isOpen,
        nfa: canWrite && isOpen && !hasWork,
        earlyHelp: canWrite && !view.episode.isNfa,
        chronology: container.access.can(actor, 'chronology.read'),
      },
      banner: done ? CASE_LABELS.done[done] : undefined,
      casePaths,
    });
  });

  // -- the form pages ----------------------------------------------------------------------------------------

  const formPage = (page: FormPage) => {
    const guard = { preValidation: requirePermission(container, page.permission, 'case-episode') };
    const render = async (req: FastifyRequest, reply: FastifyReply, summary: Summary, extra: Record<string, unknown>) => {
      const params = req.params as Params;
      const loaded = page.load ? await page.load(summary, params) : {};
      return reply.view(`casework/case/${page.template}`, {
        pageTitle: page.title,
        labels: CASE_LABELS,
        summary,
        episode: summary.episode,
        childName: childName(summary.child),
        casePaths,
        action: `/cases/${summary.episode.id}${page.path.replace(/:(\w+)/g, (_, k: string) => params[k] ?? '')}`,
        participantRows: Array.from({ length: PARTICIPANT_ROWS }, (_, i) => i + 1),
        values: page.initial ? page.initial(summary, params) : {},
        ...loaded,
        ...extra,
      });
    };
    const full = `/cases/:id${page.path}`;
    app.get(full, guard, async (req, reply) => {
      const summary = await pathway.caseSummary(req.actor, (req.params as Params).id!, page.permission === 'case.manage' ? 'case.manage' : 'case.write');
      return render(req, reply, summary, {});
    });
    app.post(full, guard, async (req, reply) => {
      const params = req.params as Params;
      const body = (req.body ?? {}) as Body;
      const summary = await pathway.caseSummary(req.actor, params.id!, page.permission === 'case.manage' ? 'case.manage' : 'case.write');
      try {
        const version = parseOrThrow(versionSchema, body.version);
        await page.run(req.actor, params.id!, version, body, params, summary);
      } catch (error) {
        if (error instanceof ConflictError) {
          reply.code(409);
          return render(req, reply, summary, { ...formErrors({ _form: error.message }), values: body, isConflict: true });
        }
        if (!(error instanceof ValidationError)) throw error;
        reply.code(400);
        return render(req, reply, summary, { ...formErrors(error.fields), values: body });
      }
      return reply.redirect(`${casePaths.case(params.id!)}?done=${page.done}`, 303);
    });
  };

  const find = <T extends { id: string }>(rows: T[], id: string | undefined): T => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new NotFoundError();
    return row;
  };

  formPage({
    path: '/allocate',
    template: 'allocate.njk',
    title: 'Allocate the case',
    permission: 'case.manage',
    load: async (s) => pathway.formOptions(s.episode.laCode),
    initial: (s) => ({ workerUserId: s.episode.workerUserId ?? '', teamId: s.episode.teamId ?? '' }),
    run: (a, id, v, b) => pathway.allocate(a, id, v, readAllocate(b)),
    done: 'allocated',
  });

  formPage({
    path: '/primary-need',
    template: 'primary-need.njk',
    title: 'Primary need',
    permission: 'case.write',
    initial: (s) => ({ primaryNeed: s.episode.primaryNeed ?? '' }),
    run: (a, id, v, b) => pathway.setPrimaryNeed(a, id, v, readPrimaryNeed(b)),
    done: 'primary-need',
  });

  formPage({
    path: '/nfa',
    template: 'nfa.njk',
    title: 'Close the referral with no further action',
    permission: 'case.write',
    run: (a, id, v, b) => pathway.recordNfa(a, id, v, readNfa(b)),
    done: 'nfa',
  });

  formPage({
    path: '/assessments/new',
    template: 'assessment-start.njk',
    title: 'Start an assessment',
    permission: 'case.write',
    initial: (s) => ({ kind: s.rulebook.assessments === 'single' ? 'single' : '' }),
    run: (a, id, v, b) => pathway.startAssessment(a, id, v, readStartAssessment(b)),
    done: 'assessment-started',
  });

  formPage({
    path: '/assessments/:aid/complete',
    template: 'assessment-complete.njk',
    title: 'Complete the assessment',
    permission: 'case.write',
    load: (s, p) => ({ assessment: find(s.assessments, p.aid) }),
    run: (a, id, v, b, p) => pathway.completeAssessment(a, id, v, p.aid!, readCompleteAssessment(b)),
    done: 'assessment-completed',
  });

  formPage({
    path: '/strategy-discussions/new',
    template: 'strategy-discussion.njk',
    title: 'Record a strategy discussion',
    permission: 'case.write',
    load: async (s) => ({ agencies: (await pathway.formOptions(s.episode.laCode)).agencies }),
    run: (a, id, v, b) => pathway.recordStrategyDiscussion(a, id, v, readStrategyDiscussion(b)),
    done: 'strategy-discussion',
  });

  formPage({
    path: '/s47/:sid/complete',
    template: 's47-complete.njk',
    title: 'Complete the section 47 enquiry',
    permission: 'case.write',
    load: (s, p) => ({ s47: find(s.s47s, p.sid) }),
    run: (a, id, v, b, p) => pathway.completeS47(a, id, v, p.sid!, readCompleteS47(b)),
    done: 's47-completed',
  });

  formPage({
    path: '/cin-plans/new',
    template: 'cin-plan-start.njk',
    title: 'Start a child in need plan',
    permission: 'case.write',
    run: (a, id, v, b) => pathway.startCinPlan(a, id, v, readCinPlanStart(b)),
    done: 'cin-plan-started',
  });

  formPage({
    path: '/cin-plans/:pid/end',
    template: 'cin-plan-end.njk',
    title: 'End the child in need plan',
    permission: 'case.write',
    load: (s, p) => ({ plan: find(s.cinPlans, p.pid) }),
    run: (a, id, v, b, p) => pathway.endCinPlan(a, id, v, p.pid!, readCinPlanEnd(b)),
    done: 'cin-plan-ended',
  });

  formPage({
    path: '/early-help/new',
    template: 'early-help-start.njk',
    title: 'Start early help',
    permission: 'case.write',
    load: async (s) => ({ agencies: (await pathway.formOptions(s.episode.laCode)).agencies }),
    run: (a, id, v, b) => pathway.startEarlyHelp(a, { episodeId: id, version: v }, readEarlyHelpStart(b)),
    done: 'early-help-started',
  });

  formPage({
    path: '/early-help/:eid/end',
    template: 'early-help-end.njk',
    title: 'End early help',
    permission: 'case.write',
    load: (s, p) => ({ earlyHelp: find(s.earlyHelp, p.eid) }),
    // The early help episode has its own version: the form posts it as `version`.
    run: (a, _id, v, b, p) => pathway.endEarlyHelp(a, p.eid!, v, readEarlyHelpEnd(b)),
    done: 'early-help-ended',
  });

  formPage({
    path: '/close',
    template: 'close.njk',
    title: 'Close the case',
    permission: 'case.write',
    initial: () => dayParts('closedOn', container.casework.context.today()),
    run: (a, id, v, b) => pathway.closeEpisode(a, id, v, readClose(b)),
    done: 'closed',
  });
};
