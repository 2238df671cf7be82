// The work programme's pages: a board's programme (filters, funding by source), an item with its milestones and
// progress updates, the forms to add and edit items, record updates and add or complete milestones, the gaps view,
// and the CSV and XLSX exports. Thin: every check and every audit event is in WorkProgrammeService. Pages are open
// to every signed-in user; the service answers 404 to anyone who is not a member of the board or the regional team.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { csvField } from '../../platform/csv.ts';
import { formErrors, withFormErrors, type FormErrorLocals } from '../../platform/web/form-errors.ts';
import { paths } from '../../platform/web/paths.ts';
import { writeXlsx } from '../../platform/xlsx.ts';
import {
  FUNDING_SOURCE_CODES,
  FUNDING_SOURCES,
  fundingLabel,
  formatPounds,
  parsePounds,
  RAG_CODES,
  RAGS,
  ragLabel,
  safeCell,
  STATUS_CODES,
  STATUSES,
  THEME_CODES,
  THEMES,
  themeLabel,
} from './work-programme.domain.ts';
import { validateItem, validateMilestone, validateUpdate, type MilestoneInput, type ProgressUpdateInput, type WorkItemInput } from './work-programme.service.ts';
import type { WorkItemStatus } from './work-programme.tables.ts';

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;

const wpaths = paths.partnership.workProgramme;

const LABELS = { themes: THEMES, rags: RAGS, statuses: STATUSES, funding: FUNDING_SOURCES };
const RAG_TAGS: Record<string, string> = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green', blue: 'govuk-tag--blue' };

const DONE_BANNERS: Record<string, string> = {
  created: 'Work item added to the programme',
  edited: 'Work item saved',
  update: 'Progress update recorded',
  milestone: 'Milestone added',
  completed: 'Milestone marked as complete',
};

const text = (body: Body, name: string): string => String(body[name] ?? '').trim();

/** A GOV.UK date input (`name-day/-month/-year`) → 'YYYY-MM-DD', or null when blank; errors in the field's words. */
function dayFromParts(body: Body, name: string, what: string, errors: FieldErrors): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${name}-${p}`));
  if (!d && !m && !y) return null;
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    errors[name] = `${what} must include a day, month and year`;
    return null;
  }
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(day) || Number(y) < 1990) {
    errors[name] = `${what} must be a real date`;
    return null;
  }
  return day;
}

/** 'YYYY-MM-DD' → the three fields of a GOV.UK date input. */
function partsOf(day: string | null | undefined): { day: string; month: string; year: string } {
  if (!day) return { day: '', month: '', year: '' };
  return { year: day.slice(0, 4), month: String(Number(day.slice(5, 7))), day: String(Number(day.slice(8, 10))) };
}

function parseVersion(body: Body): number {
  const v = Number(text(body, 'version'));
  if (!text(body, 'version') || !Number.isInteger(v) || v < 0) throw new ValidationError({ _form: 'Reload the page and try again' });
  return v;
}

function refuseIfAny(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** The item form → the service's input; every error of the form at once. */
export function parseItem(body: Body): WorkItemInput {
  const errors: FieldErrors = {};
  const amount = parsePounds(text(body, 'fundingAmount'));
  if (amount === undefined) errors.fundingAmount = 'Enter the amount in pounds, like 12500 or 12500.50';
  const input: WorkItemInput = {
    title: text(body, 'title'),
    description: text(body, 'description'),
    theme: text(body, 'theme'),
    leadAgencyId: text(body, 'leadAgencyId') || null,
    ownerName: text(body, 'ownerName') || null,
    fundingSource: text(body, 'fundingSource') || null,
    fundingAmountPence: amount ?? null,
    status: (text(body, 'status') || 'active') as WorkItemStatus,
    nextReviewOn: dayFromParts(body, 'nextReviewOn', 'The next review date', errors),
  };
  refuseIfAny({ ...validateItem(input), ...errors });
  return input;
}

export function parseUpdate(body: Body, today: string): ProgressUpdateInput {
  const errors: FieldErrors = {};
  const input: ProgressUpdateInput = {
    rag: text(body, 'rag'),
    summary: text(body, 'summary'),
    evidence: text(body, 'evidence') || null,
    recordedOn: dayFromParts(body, 'recordedOn', 'The date of the update', errors) ?? '',
    nextReviewOn: dayFromParts(body, 'nextReviewOn', 'The next review date', errors),
  };
  const rules = validateUpdate(input, today);
  if (errors.recordedOn) delete rules.recordedOn;
  refuseIfAny({ ...rules, ...errors });
  return input;
}

export function parseMilestone(body: Body): MilestoneInput {
  const errors: FieldErrors = {};
  const input: MilestoneInput = { title: text(body, 'title'), dueOn: dayFromParts(body, 'dueOn', 'The due date', errors) ?? '' };
  const rules = validateMilestone(input);
  if (errors.dueOn) delete rules.dueOn;
  refuseIfAny({ ...rules, ...errors });
  return input;
}

const EXPORT_HEADERS = [
  'Reference',
  'Title',
  'Theme',
  'Lead agency',
  'Owner',
  'Funding source',
  'Funding (£)',
  'RAG',
  'Status',
  'Next milestone',
  'Next milestone due',
  'Latest update on',
  'Latest update',
  'Next review',
];

export async function workProgrammeRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const service = container.partnership.workProgramme;
  const view = (reply: FastifyReply, template: string, locals: Record<string, unknown>) =>
    reply.view(`partnership/work-programme/${template}`, { wpaths, bpaths: paths.partnership.boards, labels: LABELS, ragTags: RAG_TAGS, pounds: formatPounds, partsOf, ...locals });
  const bannerOf = (req: FastifyRequest) => DONE_BANNERS[(req.query as Query).done ?? ''];
  const codeOf = (req: FastifyRequest) => (req.params as { code: string }).code;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const failed = (error: unknown): { ok: false; conflict: true; locals: FormErrorLocals } => {
    if (error instanceof ConflictError) return { ok: false, conflict: true, locals: formErrors({ _form: error.message }) };
    throw error;
  };

  // -- the programme ------------------------------------------------------------------------------------------------

  app.get('/boards/:code/work-programme', async (req, reply) => {
    const q = req.query as Query;
    const filters = { theme: q.theme || undefined, rag: q.rag || undefined, status: q.status || undefined };
    const programme = await service.list(req.actor, codeOf(req), filters);
    return view(reply, 'list.njk', {
      pageTitle: `Work programme – ${programme.board.name}`,
      programme,
      filters,
      themeCodes: THEME_CODES,
      ragCodes: RAG_CODES,
      statusCodes: STATUS_CODES,
      fundingLabel,
      banner: bannerOf(req),
    });
  });

  app.get('/boards/:code/work-programme/gaps', async (req, reply) => {
    const gaps = await service.gaps(req.actor, codeOf(req));
    return view(reply, 'gaps.njk', { pageTitle: `Gaps in the work programme – ${gaps.board.name}`, gaps, themeLabel });
  });

  // -- exports ----------------------------------------------------------------------------------------------------

  const exportRows = (items: Awaited<ReturnType<typeof service.exportRows>>['items']) =>
    items.map((i) => [
      i.reference,
      i.title,
      themeLabel(i.theme),
      i.leadAgencyName ?? '',
      i.ownerName ?? '',
      fundingLabel(i.fundingSource),
      i.fundingAmountPence === null ? null : i.fundingAmountPence / 100,
      ragLabel(i.rag),
      STATUSES[i.status],
      i.nextMilestone?.title ?? '',
      i.nextMilestone?.dueOn ?? null,
      i.latestUpdate?.recordedOn ?? null,
      i.latestUpdate?.summary ?? '',
      i.nextReviewOn,
    ]);

  app.get('/boards/:code/work-programme.csv', async (req, reply) => {
    const { board, today, items } = await service.exportRows(req.actor, codeOf(req), 'csv');
    const lines = [EXPORT_HEADERS, ...exportRows(items).map((row) => row.map((v) => (v === null ? '' : typeof v === 'number' ? v.toFixed(2) : v)))].map((row) =>
      row.map((v) => csvField(safeCell(String(v)))).join(','),
    );
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="work-programme-${board.code}-${today}.csv"`)
      .header('cache-control', 'no-store')
      .send(`\ufeff${lines.join('\r\n')}\r\n`);
  });

  app.get('/boards/:code/work-programme.xlsx', async (req, reply) => {
    const { board, today, items } = await service.exportRows(req.actor, codeOf(req), 'xlsx');
    const asDate = (day: unknown) => (typeof day === 'string' && day ? new Date(`${day}T00:00:00Z`) : null);
    const rows = exportRows(items).map((row) => row.map((v, i) => (i === 10 || i === 11 || i === 13 ? asDate(v) : v)));
    const funding = new Map<string, number>();
    for (const i of items) if (i.fundingAmountPence !== null) funding.set(fundingLabel(i.fundingSource ?? 'other'), (funding.get(fundingLabel(i.fundingSource ?? 'other')) ?? 0) + i.fundingAmountPence);
    const file = writeXlsx([
      { name: 'Work programme', headers: EXPORT_HEADERS, rows },
      { name: 'Funding by source', headers: ['Funding source', 'Funding (£)', 'Items'], rows: [...funding].map(([source, pence]) => [source, pence / 100, items.filter((i) => fundingLabel(i.fundingSource ?? 'other') === source && i.fundingAmountPence !== null).length]) },
    ]);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="work-programme-${board.code}-${today}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(file);
  });

  // -- adding and editing items -------------------------------------------------------------------------------------

  const showItemForm = async (req: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', extra: Record<string, unknown> = {}) => {
    const context = mode === 'new' ? { ...(await service.newItemContext(req.actor, codeOf(req))), item: null } : await service.editContext(req.actor, idOf(req));
    const agencies = await service.agencyOptions();
    return view(reply, 'item-form.njk', {
      pageTitle: mode === 'new' ? 'Add a work item' : `Edit ${context.item!.reference}`,
      mode,
      board: context.board,
      item: context.item,
      agencies,
      themeCodes: THEME_CODES,
      fundingCodes: FUNDING_SOURCE_CODES,
      statusCodes: STATUS_CODES,
      values: null,
      ...extra,
    });
  };

  app.get('/boards/:code/work-programme/new', async (req, reply) => showItemForm(req, reply, 'new'));
  app.post('/boards/:code/work-programme/new', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const code = codeOf(req);
    await service.newItemContext(req.actor, code); // 404 before any word about the input
    const result = await withFormErrors(async () => service.create(req.actor, code, parseItem(body)));
    if (!result.ok) {
      reply.code(400);
      return showItemForm(req, reply, 'new', { ...result.locals, values: body });
    }
    return reply.redirect(`${wpaths.item(result.value.id)}?done=created`, 303);
  });

  app.get('/work-items/:id/edit', async (req, reply) => showItemForm(req, reply, 'edit'));
  app.post('/work-items/:id/edit', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const id = idOf(req);
    await service.editContext(req.actor, id);
    const result = await withFormErrors(async () => service.edit(req.actor, id, parseVersion(body), parseItem(body))).catch(failed);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showItemForm(req, reply, 'edit', { ...result.locals, values: body });
    }
    return reply.redirect(`${wpaths.item(id)}?done=edited`, 303);
  });

  // -- one item --------------------------------------------------------------------------------------------------------

  const showItem = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const v = await service.view(req.actor, idOf(req));
    return view(reply, 'item.njk', { pageTitle: `${v.item.reference}: ${v.item.title}`, v, themeLabel, fundingLabel, ragLabel, banner: bannerOf(req), ...extra });
  };

  app.get('/work-items/:id', async (req, reply) => showItem(req, reply));

  /** A manager's form page over an item: GET shows it, POST runs `save` and goes back to the item. */
  const itemForm = (path: string, template: string, title: string, done: string, save: (req: FastifyRequest, id: string, body: Body) => Promise<unknown>) => {
    const show = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
      const context = await service.editContext(req.actor, idOf(req));
      return view(reply, template, { pageTitle: title, ...context, ragCodes: RAG_CODES, today: container.partnership.context.today(), values: null, ...extra });
    };
    app.get(path, async (req, reply) => show(req, reply));
    app.post(path, async (req, reply) => {
      const body = (req.body ?? {}) as Body;
      const id = idOf(req);
      await service.editContext(req.actor, id);
      const result = await withFormErrors(async () => save(req, id, body)).catch(failed);
      if (!result.ok) {
        reply.code('conflict' in result ? 409 : 400);
        return show(req, reply, { ...result.locals, values: body });
      }
      return reply.redirect(`${wpaths.item(id)}?done=${done}`, 303);
    });
  };

  itemForm('/work-items/:id/updates/new', 'update-form.njk', 'Record a progress update', 'update', async (req, id, body) =>
    service.recordUpdate(req.actor, id, parseVersion(body), parseUpdate(body, container.partnership.context.today())),
  );
  itemForm('/work-items/:id/milestones/new', 'milestone-form.njk', 'Add a milestone', 'milestone', async (req, id, body) => service.addMilestone(req.actor, id, parseVersion(body), parseMilestone(body)));

  app.post('/work-items/:id/milestones/:mid/complete', async (req, reply) => {
    const { id, mid } = req.params as { id: string; mid: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => service.completeMilestone(req.actor, id, mid, parseVersion(body))).catch(failed);
    if (!result.ok) {
      reply.code('conflict' in result ? 409 : 400);
      return showItem(req, reply, result.locals);
    }
    return reply.redirect(`${wpaths.item(id)}?done=completed`, 303);
  });
}
