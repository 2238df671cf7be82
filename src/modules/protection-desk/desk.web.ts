// Protection desk pages: the queue (filters in the query string carry codes only), loading a file of
// notifications, the result of a load, one notification (assign, forward to the hub, close), and the
// desk's risk factor weights. Every form posts with a CSRF token; errors show in the GOV.UK error summary.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../kernel/actor.ts';
import { AppError, ConflictError } from '../../kernel/errors.ts';
import type { Container } from '../../main/container.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { formErrors, withFormErrors, type FormErrorLocals } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import type { UploadedFile } from '../../platform/web/app.ts';
import { BRAGS, CLOSE_REASONS, INCIDENT_TYPES, NOTIFICATION_STATUSES, type Brag, type NotificationStatus } from './desk.tables.ts';
import { closeSchema, factorUpdateSchema, importFormSchema, queueFiltersSchema, versionSchema, type QueueFilters } from './notifications.forms.ts';
import { csvHeader } from './notifications.intake.ts';

type Body = Record<string, unknown>;

/** Large enough for a file of about 10,000 notifications pasted into the page (the app's default is 1 MiB). */
export const IMPORT_BODY_LIMIT = 16 * 1_048_576;

export const BRAG_LABELS: Record<Brag, { text: string; tag: string }> = {
  red: { text: 'Red', tag: 'govuk-tag--red' },
  amber: { text: 'Amber', tag: 'govuk-tag--orange' },
  green: { text: 'Green', tag: 'govuk-tag--green' },
  blue: { text: 'Blue', tag: 'govuk-tag--blue' },
};
export const STATUS_LABELS: Record<NotificationStatus, string> = { new: 'New', 'in-review': 'In review', forwarded: 'Forwarded to the hub', closed: 'Closed' };
export const INCIDENT_LABELS: Record<(typeof INCIDENT_TYPES)[number], string> = {
  'domestic-abuse': 'Domestic abuse',
  'child-missing': 'Child missing',
  'child-arrested': 'Child arrested',
  'exploitation-concern': 'Exploitation concern',
  'child-at-risk': 'Child at risk',
  other: 'Other',
};
export const CLOSE_REASON_LABELS: Record<(typeof CLOSE_REASONS)[number], string> = {
  'no-child-concern': 'No concern about a child',
  'already-known-open-case': 'Already known: the child has an open case',
  duplicate: 'Duplicate of another notification',
  'information-only': 'For information only',
  other: 'Another reason',
};
const BASIS_LABELS: Record<string, string> = {
  reported: 'Reported by the police',
  'incident-type': 'From the incident type',
  'dates-of-birth': 'From the dates of birth',
  'earlier-notification': 'An earlier notification named the same child',
};
const ACTION_LABELS: Record<string, string> = {
  'police-notification.create': 'Received',
  'police-notification.update': 'Updated by the police and scored again',
  'police-notification.assign': 'Taken into review',
  'police-notification.forward': 'Forwarded to the hub',
  'police-notification.close': 'Closed',
};

/** The query string for a queue view: codes and numbers only. */
function queueQuery(filters: QueueFilters, change: Partial<QueueFilters> = {}): string {
  const f = { ...filters, ...change };
  const params = new URLSearchParams();
  for (const b of f.brag) params.append('brag', b);
  for (const s of f.status) params.append('status', s);
  if (f.due) params.set('due', f.due);
  if (f.assigned) params.set('assigned', f.assigned);
  if (f.sort !== 'priority') params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  const text = params.toString();
  return text ? `${paths.desk.queue}?${text}` : paths.desk.queue;
}

function pagination(filters: QueueFilters, page: number, pages: number) {
  if (pages <= 1) return { items: [] };
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  let last = 0;
  for (const p of shown) {
    if (p - last > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: queueQuery(filters, { page: p }), current: p === page });
    last = p;
  }
  return {
    items,
    previous: page > 1 ? { href: queueQuery(filters, { page: page - 1 }) } : undefined,
    next: page < pages ? { href: queueQuery(filters, { page: page + 1 }) } : undefined,
    landmarkLabel: 'Queue pages',
  };
}

export async function deskRoutes(app: FastifyInstance, container: Container): Promise<void> {
  // Looked up on each request, so a test can swap in a service with a fake hub.
  const desk = () => container.protectionDesk;
  const triage = { preValidation: requirePermission(container, 'notification.triage', 'police-notification') };
  const load = { preValidation: requirePermission(container, 'notification.load', 'police-notification') };
  const configure = { preValidation: requirePermission(container, 'desk.configure', 'desk-risk-factor') };

  app.get(paths.desk.queue, triage, async (req, reply) => {
    const filters = queueFiltersSchema.parse(req.query ?? {});
    const result = await desk().queue(req.actor, filters);
    const sortLink = (sort: QueueFilters['sort']) => ({ href: queueQuery(filters, { sort, page: 1 }), ariaSort: filters.sort === sort ? (sort === 'received' ? 'descending' : sort === 'priority' ? 'descending' : 'ascending') : 'none' });
    return reply.view('desk/queue.njk', {
      pageTitle: 'Protection desk',
      filters,
      result,
      bragOptions: BRAGS.map((b) => ({ value: b, text: `${BRAG_LABELS[b].text} (${result.counts.brag[b]} open)`, checked: filters.brag.includes(b) })),
      statusOptions: NOTIFICATION_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: filters.status.includes(s) })),
      sortLinks: { priority: sortLink('priority'), due: sortLink('due'), received: sortLink('received') },
      pagination: pagination(filters, result.page, result.pages),
      bragLabels: BRAG_LABELS,
      statusLabels: STATUS_LABELS,
      incidentLabels: INCIDENT_LABELS,
      canLoad: container.access.can(req.actor, 'notification.load'),
      canConfigure: container.access.can(req.actor, 'desk.configure'),
      isFiltered: filters.brag.length > 0 || filters.status.length > 0 || Boolean(filters.due) || Boolean(filters.assigned),
    });
  });

  const showImport = (reply: FastifyReply, values: Body = {}, errors?: FormErrorLocals) =>
    reply.view('desk/import.njk', { pageTitle: 'Load police notifications', values, header: csvHeader().join(','), ...errors });

  app.get(paths.desk.import, load, async (_req, reply) => showImport(reply, { format: 'csv' }));

  app.post(paths.desk.import, { ...load, bodyLimit: IMPORT_BODY_LIMIT }, async (req, reply) => {
    const raw = (req.body ?? {}) as Body;
    // A chosen file wins over pasted text; its name is kept with the load (never shown in a URL).
    const file = raw.file && typeof raw.file === 'object' && 'content' in raw.file ? (raw.file as UploadedFile) : null;
    const body: Body = file && file.content.length ? { ...raw, content: file.content, fileName: raw.fileName || file.filename || null, format: raw.format || (/\.json$/i.test(file.filename) ? 'json' : 'csv') } : raw;
    const result = await withFormErrors(async () => desk().importBatch(req.actor, parseOrThrow(importFormSchema, body)));
    if (!result.ok) {
      reply.code(400);
      return showImport(reply, { format: body.format, fileName: body.fileName, content: file ? '' : body.content }, result.locals);
    }
    return reply.redirect(paths.desk.importResult(result.value.batchId!), 303);
  });

  app.get('/desk/imports/:id', load, async (req, reply) => {
    const batch = await desk().importBatchResult(req.actor, (req.params as { id: string }).id);
    const rejected = batch.results.filter((r) => r.outcome === 'rejected');
    const loaded = batch.results.filter((r) => r.outcome !== 'rejected');
    return reply.view('desk/import-result.njk', {
      pageTitle: 'Notifications loaded',
      batch,
      rejected,
      loaded: loaded.slice(0, 500),
      loadedMore: Math.max(0, loaded.length - 500),
      canTriage: container.access.can(req.actor, 'notification.triage'),
    });
  });

  const showNotification = async (actor: Actor, id: string, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const n = await desk().notification(actor, id);
    return reply.view('desk/notification.njk', {
      pageTitle: `Police notification ${n.policeReference}`,
      n,
      bragLabels: BRAG_LABELS,
      statusLabels: STATUS_LABELS,
      incidentLabels: INCIDENT_LABELS,
      basisLabels: BASIS_LABELS,
      actionLabels: ACTION_LABELS,
      closeReasonLabels: CLOSE_REASON_LABELS,
      closeReasons: CLOSE_REASONS.map((r) => ({ value: r, text: CLOSE_REASON_LABELS[r] })),
      appliedTotal: n.scoreBreakdown.filter((l) => l.applied).reduce((s, l) => s + l.weight, 0),
      isMine: actor.kind === 'user' && n.assignedTo === actor.userId,
      ...extra,
    });
  };

  app.get('/desk/notifications/:id', triage, async (req, reply) => {
    const { id } = req.params as { id: string };
    const flags = req.query as Record<string, string | undefined>;
    const banner = flags.done === 'assigned' ? 'Notification taken into review and assigned to you' : flags.done === 'closed' ? 'Notification closed' : flags.done === 'forwarded' ? 'Notification forwarded to the hub' : undefined;
    return showNotification(req.actor, id, reply, { banner });
  });

  /** Runs a desk action; a validation error, a stale version or an unavailable hub redisplays the page. */
  const act = async (req: { actor: Actor; params: unknown; body: unknown }, reply: FastifyReply, done: string, action: (id: string, body: Body) => Promise<unknown>, values: (body: Body) => Record<string, unknown> = () => ({})) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    try {
      const result = await withFormErrors(() => action(id, body));
      if (result.ok) return reply.redirect(`${paths.desk.notification(id)}?done=${done}`, 303);
      reply.code(400);
      return showNotification(req.actor, id, reply, { ...result.locals, values: values(body) });
    } catch (error) {
      if (error instanceof ConflictError || (error instanceof AppError && error.code === 'hub-unavailable')) {
        reply.code(error.status);
        return showNotification(req.actor, id, reply, { ...formErrors({ _form: error.message }), values: values(body) });
      }
      throw error;
    }
  };

  app.post('/desk/notifications/:id/assign', triage, async (req, reply) =>
    act(req, reply, 'assigned', (id, body) => desk().assign(req.actor, id, parseOrThrow(versionSchema, body).version)),
  );
  app.post('/desk/notifications/:id/forward', triage, async (req, reply) =>
    act(req, reply, 'forwarded', (id, body) => desk().forward(req.actor, id, parseOrThrow(versionSchema, body).version)),
  );
  app.post('/desk/notifications/:id/close', triage, async (req, reply) =>
    act(
      req,
      reply,
      'closed',
      (id, body) => desk().close(req.actor, id, parseOrThrow(closeSchema, body)),
      (body) => ({ reason: body.reason, detail: body.detail }),
    ),
  );

  const showSettings = async (actor: Actor, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const { factors, settings } = await desk().settings(actor);
    return reply.view('desk/settings.njk', { pageTitle: 'Risk factors and thresholds', factors, settings, ...extra });
  };

  app.get(paths.desk.settings, configure, async (req, reply) => showSettings(req.actor, reply, { saved: (req.query as Record<string, string>).saved }));

  app.post('/desk/settings/factors/:code', configure, async (req, reply) => {
    const { code } = req.params as { code: string };
    const body = (req.body ?? {}) as Body;
    try {
      const result = await withFormErrors(async () => desk().updateFactor(req.actor, code, parseOrThrow(factorUpdateSchema, body)));
      if (result.ok) return reply.redirect(`${paths.desk.settings}?saved=${encodeURIComponent(code)}`, 303);
      reply.code(400);
      const errors = Object.fromEntries(Object.entries(result.locals.errors).map(([k, v]) => [`${code}-${k}`, v]));
      return showSettings(req.actor, reply, { ...formErrors(errors), failedCode: code, values: body });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      reply.code(409);
      return showSettings(req.actor, reply, formErrors({ _form: error.message }));
    }
  });
}
