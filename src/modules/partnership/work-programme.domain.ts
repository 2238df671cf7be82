// The work programme's rules, without I/O: the priority themes, RAG ratings, funding sources, and what the gaps view
// calls a gap. The themes are the London Board's priorities for 2009–11 (issue 7).
import type { WorkItemRag, WorkItemStatus } from './work-programme.tables.ts';

export const THEMES = {
  'first-response': 'First response',
  'sexual-exploitation': 'Sexual exploitation',
  'sexual-abuse': 'Sexual abuse',
  'serious-case-reviews': 'Lessons from serious case reviews',
  'culture-and-faith': 'Safeguarding across culture and faith',
  'effective-lscbs': 'Supporting effective LSCBs',
  training: 'Training',
} as const;
export type ThemeCode = keyof typeof THEMES;
export const THEME_CODES = Object.keys(THEMES) as ThemeCode[];

/** RAG ratings. Blue means delivered (complete and embedded); the words always go with the colour. */
export const RAGS: Record<WorkItemRag, string> = {
  red: 'Red – off track',
  amber: 'Amber – at risk',
  green: 'Green – on track',
  blue: 'Blue – delivered',
};
export const RAG_CODES = Object.keys(RAGS) as WorkItemRag[];

export const STATUSES: Record<WorkItemStatus, string> = { active: 'Active', completed: 'Completed', closed: 'Closed' };
export const STATUS_CODES = Object.keys(STATUSES) as WorkItemStatus[];

export const FUNDING_SOURCES = {
  police: 'Police',
  'government-office-for-london': 'Government Office for London',
  'nhs-london': 'NHS London',
  'capital-ambition': 'Capital Ambition',
  'london-councils': 'London Councils',
  other: 'Other',
} as const;
export type FundingSource = keyof typeof FUNDING_SOURCES;
export const FUNDING_SOURCE_CODES = Object.keys(FUNDING_SOURCES) as FundingSource[];

/** An item with no progress update for this many months is stale. */
export const STALE_AFTER_MONTHS = 3;

export function isTheme(code: string): code is ThemeCode {
  return code in THEMES;
}
export function isRag(code: string): code is WorkItemRag {
  return code in RAGS;
}
export function isFundingSource(code: string): code is FundingSource {
  return code in FUNDING_SOURCES;
}

export const themeLabel = (code: string): string => (THEMES as Record<string, string>)[code] ?? code;
export const fundingLabel = (code: string | null): string => (code ? ((FUNDING_SOURCES as Record<string, string>)[code] ?? code) : '');
export const ragLabel = (code: string | null): string => (code ? (RAGS[code as WorkItemRag] ?? code) : 'Not rated');

/** 'YYYY-MM-DD' minus whole months (the day clamped to the month's end). */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** Pence → "£12,500.00". */
export function formatPounds(pence: number | null): string {
  if (pence === null) return '';
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "12,500" or "12500.50" or "£1,000" → pence; null when blank; undefined when not a sum of money. */
export function parsePounds(text: string): number | null | undefined {
  const t = text.trim().replace(/^£/, '').replace(/,/g, '');
  if (!t) return null;
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 100);
}

export interface GapInputs {
  today: string;
  items: { id: string; theme: string; status: WorkItemStatus; ownerName: string | null; ownerUserId: string | null; lastUpdateOn: string | null; createdOn: string }[];
  milestones: { itemId: string; dueOn: string; completedOn: string | null }[];
}

export interface Gaps {
  themesWithoutItem: ThemeCode[];
  withoutOwner: string[];
  overdueMilestones: Map<string, number>;
  noRecentUpdate: string[];
}

/**
 * The gaps of a programme: themes with no active item; active items with no owner; active items with a milestone
 * due before today and not completed; active items with no progress update in the last three months (an item
 * created in that time without an update yet is not stale).
 */
export function findGaps({ today, items, milestones }: GapInputs): Gaps {
  const active = items.filter((i) => i.status === 'active');
  const activeIds = new Set(active.map((i) => i.id));
  const covered = new Set(active.map((i) => i.theme));
  const staleBefore = monthsBefore(today, STALE_AFTER_MONTHS);
  const overdue = new Map<string, number>();
  for (const m of milestones) {
    if (activeIds.has(m.itemId) && !m.completedOn && m.dueOn < today) overdue.set(m.itemId, (overdue.get(m.itemId) ?? 0) + 1);
  }
  return {
    themesWithoutItem: THEME_CODES.filter((t) => !covered.has(t)),
    withoutOwner: active.filter((i) => !i.ownerName?.trim() && !i.ownerUserId).map((i) => i.id),
    overdueMilestones: overdue,
    noRecentUpdate: active.filter((i) => (i.lastUpdateOn ?? i.createdOn) < staleBefore).map((i) => i.id),
  };
}

/** Neutralises spreadsheet formulas in exported text: a cell starting with = + - @ (or a tab/CR) gets an apostrophe. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
