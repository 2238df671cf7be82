// View models for the hub's pages: labels for codes, RAG tags, and the query-string filters of the queue
// (codes only, never personal data).
import { z } from 'zod';
import {
  ALERT_LABELS,
  CHECK_BASIS_LABELS,
  CONSENT_EXCEPTIONS,
  CONSENT_POSITIONS,
  INDICATORS,
  LAWFUL_BASES,
  OUTCOMES,
  RAG_LABELS,
  RAG_PRESETS,
  RAGS,
  REFERRAL_SOURCES,
  RELATIONSHIPS_TO_CHILD,
  THRESHOLD_LEVELS,
} from './front-door.domain.ts';
import type { QueueFilters } from './contacts.service.ts';
import type { ContactStatus } from './front-door.tables.ts';

export const STATUS_LABELS: Record<ContactStatus | 'in-progress', string> = {
  screening: 'Screening',
  'awaiting-checks': 'Waiting for agency checks',
  'awaiting-decision': 'Waiting for a decision',
  'awaiting-sign-off': 'Waiting for manager sign-off',
  decided: 'Decided',
  'with-allocated-worker': 'With the allocated worker',
  transferred: 'Transferred',
  'in-progress': 'In progress',
};

export const RAG_TAG_CLASSES: Record<string, string> = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green', blue: 'govuk-tag--blue' };

export const CHECK_STATUS_LABELS: Record<string, string> = {
  requested: 'Waiting for an answer',
  responded: 'Information shared',
  'no-information': 'No information held',
  declined: 'Declined to share',
};

export const EVENT_LABELS: Record<string, string> = {
  received: 'Contact received',
  rated: 'RAG rating set',
  'rating-changed': 'RAG rating changed',
  assigned: 'Assigned',
  'consent-recorded': 'Consent recorded',
  'section-47-track': 'Strategy decision: section 47 track',
  'checks-requested': 'Agency checks requested',
  'check-responded': 'Agency shared information',
  'check-no-information': 'Agency holds no information',
  'check-declined': 'Agency declined to share',
  'check-escalated': 'Overdue check escalated to the hub manager',
  decided: 'Decision made',
  'signed-off': 'Decision signed off',
  'sign-off-returned': 'Decision returned by the manager',
  'referrer-told': 'Referrer told the outcome',
  transferred: 'Transferred to another authority',
  allocated: 'Allocated to a worker',
  'routed-to-allocated-worker': 'Sent straight to the allocated worker (open case)',
  'person-added': 'Someone from the household added to the contact',
};

/** The labels every front-door page may need, passed to templates as `labels`. */
export const LABELS = {
  sources: REFERRAL_SOURCES,
  indicators: INDICATORS,
  consent: CONSENT_POSITIONS,
  consentExceptions: CONSENT_EXCEPTIONS,
  relationships: RELATIONSHIPS_TO_CHILD,
  outcomes: Object.fromEntries(Object.entries(OUTCOMES).map(([k, v]) => [k, v.label])),
  levels: THRESHOLD_LEVELS,
  rag: RAG_LABELS,
  ragTag: RAG_TAG_CLASSES,
  status: STATUS_LABELS,
  checkStatus: CHECK_STATUS_LABELS,
  checkBasis: CHECK_BASIS_LABELS,
  lawfulBases: LAWFUL_BASES,
  alerts: { ...ALERT_LABELS, 'check-overdue': 'An agency check is overdue' } as Record<string, string>,
  events: EVENT_LABELS,
  presets: Object.fromEntries(Object.entries(RAG_PRESETS).map(([k, v]) => [k, v.name])),
};

const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

const queueQuery = z.object({
  rag: z.preprocess(asList, z.array(z.enum(RAGS))).catch([]),
  status: z.preprocess(asList, z.array(z.enum(['screening', 'awaiting-checks', 'awaiting-decision', 'awaiting-sign-off', 'decided', 'with-allocated-worker', 'transferred']))).catch([]),
  due: z.enum(['overdue', 'today']).optional().catch(undefined),
  assignee: z.enum(['me', 'unassigned']).optional().catch(undefined),
  sort: z.enum(['due', 'received', 'rag']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** Queue filters from a query string; anything unrecognised is ignored rather than an error. */
export function queueFiltersOf(query: unknown): QueueFilters {
  return queueQuery.parse(query ?? {}) as QueueFilters;
}

/** The query string for a queue page with some filters changed (codes only). */
export function queueHref(base: string, filters: QueueFilters, change: Partial<QueueFilters>): string {
  const f = { ...filters, ...change };
  const params = new URLSearchParams();
  for (const r of f.rag ?? []) params.append('rag', r);
  for (const s of f.status ?? []) params.append('status', s);
  if (f.due) params.set('due', f.due);
  if (f.assignee) params.set('assignee', f.assignee);
  if (f.sort) params.set('sort', f.sort);
  if (f.page && f.page > 1) params.set('page', String(f.page));
  const q = params.toString();
  return q ? `${base}?${q}` : base;
}

/** 'Due in 3 hours' / 'Overdue by 2 days': a deadline in words, beside the time itself. */
export function dueInWords(dueAt: Date | string | null, now: Date): string | null {
  if (!dueAt) return null;
  const ms = new Date(dueAt).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const words = abs < 3_600_000 ? `${Math.max(1, Math.round(abs / 60_000))} minutes` : abs < 86_400_000 * 2 ? `${Math.round(abs / 3_600_000)} hours` : `${Math.round(abs / 86_400_000)} days`;
  return ms < 0 ? `Overdue by ${words}` : `Due in ${words}`;
}

/** GOV.UK pagination for a paged list: first, last, and the pages around the current one. */
export function paginationOf(page: number, pages: number, href: (page: number) => string, label: string) {
  if (pages <= 1) return null;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p <= 1 || p > pages - 1 || Math.abs(p - page) <= 1) items.push({ number: p, href: href(p), current: p === page });
    else if (items.length && !('ellipsis' in items[items.length - 1]!)) items.push({ ellipsis: true });
  }
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items,
    landmarkLabel: label,
  };
}
