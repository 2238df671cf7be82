// View models for the case pages: the paths of every case page (ids only, never names), the labels of the code
// lists, the status tag of each deadline (words first: colour never carries the meaning alone), and the case list's
// filters and pagination.
import { REFERRAL_SOURCE_ENTRIES, REFERRAL_SOURCES } from '../front-door/index.ts';
import {
  ASSESSMENT_FACTORS,
  ASSESSMENT_KINDS,
  ASSESSMENT_OUTCOMES,
  CLOSURE_REASONS,
  EARLY_HELP_END_REASONS,
  NFA_REASONS,
  PARTNER_ROLES,
  PRIMARY_NEEDS,
  S47_OUTCOMES,
} from './casework.domain.ts';
import { RULEBOOKS, STEPS } from './casework.rules.ts';
import { PROTECTION_BANNERS } from './protection.banners.ts';
import type { MyCasesFilters } from './pathway.service.ts';

export const casePaths = {
  list: '/cases',
  newCase: '/cases/new',
  openFromContact: (contactId: string) => `/contacts/${contactId}/open-case`,
  case: (id: string) => `/cases/${id}`,
  allocate: (id: string) => `/cases/${id}/allocate`,
  primaryNeed: (id: string) => `/cases/${id}/primary-need`,
  nfa: (id: string) => `/cases/${id}/nfa`,
  close: (id: string) => `/cases/${id}/close`,
  newAssessment: (id: string) => `/cases/${id}/assessments/new`,
  completeAssessment: (id: string, assessmentId: string) => `/cases/${id}/assessments/${assessmentId}/complete`,
  newStrategyDiscussion: (id: string) => `/cases/${id}/strategy-discussions/new`,
  completeS47: (id: string, s47Id: string) => `/cases/${id}/s47/${s47Id}/complete`,
  newCinPlan: (id: string) => `/cases/${id}/cin-plans/new`,
  endCinPlan: (id: string, planId: string) => `/cases/${id}/cin-plans/${planId}/end`,
  newEarlyHelp: (id: string) => `/cases/${id}/early-help/new`,
  endEarlyHelp: (id: string, earlyHelpId: string) => `/cases/${id}/early-help/${earlyHelpId}/end`,
} as const;

export const CASE_LABELS = {
  steps: STEPS,
  rulebooks: Object.fromEntries(Object.values(RULEBOOKS).map((b) => [b.code, b.name])),
  sources: REFERRAL_SOURCES,
  /** The same, in the census's order, for the select. */
  sourceList: REFERRAL_SOURCE_ENTRIES,
  primaryNeeds: PRIMARY_NEEDS,
  closureReasons: CLOSURE_REASONS,
  assessmentKinds: ASSESSMENT_KINDS,
  assessmentOutcomes: ASSESSMENT_OUTCOMES,
  assessmentFactors: ASSESSMENT_FACTORS,
  s47Outcomes: S47_OUTCOMES,
  nfaReasons: NFA_REASONS,
  earlyHelpEndReasons: EARLY_HELP_END_REASONS,
  partnerRoles: PARTNER_ROLES,
  events: {
    referral: 'Referral received',
    'further-referral': 'Another referral received',
    allocated: 'Allocated',
    'primary-need': 'Primary need recorded',
    'referral-nfa': 'Referral closed: no further action',
    'assessment-started': 'Assessment started',
    'assessment-completed': 'Assessment completed',
    'strategy-discussion': 'Strategy discussion held',
    's47-started': 'Section 47 enquiry started',
    's47-completed': 'Section 47 enquiry completed',
    'cin-plan-started': 'Child in need plan started',
    'cin-plan-ended': 'Child in need plan ended',
    'early-help-started': 'Early help started',
    'early-help-ended': 'Early help ended',
    'episode-closed': 'Case closed',
    icpc: 'Initial child protection conference held',
    'pre-birth-conference': 'Pre-birth conference held',
    birth: 'Birth recorded',
    'cp-plan-started': 'Child protection plan started',
    'core-group': 'Core group met',
    'review-conference': 'Review conference held',
    'cp-category-changed': 'Category of abuse changed',
    'cp-plan-ended': 'Child protection plan ended',
  } as Record<string, string>,
  done: {
    opened: 'Case opened',
    allocated: 'Case allocated',
    'primary-need': 'Primary need saved',
    nfa: 'Referral closed with no further action',
    'assessment-started': 'Assessment started',
    'assessment-completed': 'Assessment completed',
    'strategy-discussion': 'Strategy discussion recorded',
    's47-completed': 'Section 47 enquiry completed',
    'cin-plan-started': 'Child in need plan started',
    'cin-plan-ended': 'Child in need plan ended',
    'early-help-started': 'Early help started',
    'early-help-ended': 'Early help ended',
    closed: 'Case closed',
    ...PROTECTION_BANNERS,
  } as Record<string, string>,
};

/** The tag a deadline shows: its words and a GOV.UK tag colour. */
export function deadlineTag(d: { status: string; isOverdue: boolean; isDueToday: boolean }): { text: string; classes: string } {
  if (d.status === 'met') return { text: 'Met', classes: 'govuk-tag--green' };
  if (d.status === 'missed') return { text: 'Missed', classes: 'govuk-tag--red' };
  if (d.status === 'cancelled') return { text: 'No longer needed', classes: 'govuk-tag--grey' };
  if (d.isOverdue) return { text: 'Overdue', classes: 'govuk-tag--red' };
  if (d.isDueToday) return { text: 'Due today', classes: 'govuk-tag--orange' };
  return { text: 'Due', classes: 'govuk-tag--blue' };
}

/** The case list's filters from a query string. */
export function caseFiltersOf(query: unknown): MyCasesFilters {
  const q = (query ?? {}) as Record<string, unknown>;
  const view = q.view === 'mine' || q.view === 'team' || q.view === 'all' ? q.view : undefined;
  return { view, overdue: q.overdue === 'yes', page: Math.max(1, Number(q.page) || 1) };
}

export function caseListHref(filters: MyCasesFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.view) params.set('view', filters.view);
  if (filters.overdue) params.set('overdue', 'yes');
  params.set('page', String(page));
  return `${casePaths.list}?${params.toString()}`;
}

/** GOV.UK pagination parameters. */
export function paginationOf(page: number, pages: number, href: (page: number) => string) {
  if (pages <= 1) return null;
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: href(i + 1), current: i + 1 === page })),
    landmarkLabel: 'Case list pages',
  };
}

/** The date fields of a GOV.UK date input, as the form last posted them or from a stored day. */
export function dayParts(name: string, day: string | null | undefined): Record<string, string> {
  if (!day) return {};
  const [y, m, d] = day.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' };
}

export function childName(child: { forenames: string; surname: string } | null): string {
  return child ? `${child.forenames} ${child.surname}` : 'Child (name not held by your authority)';
}
