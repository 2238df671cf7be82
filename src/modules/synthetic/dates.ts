// Calendar arithmetic on day numbers (days since 1970-01-01, UTC), which is all the generator needs:
// integers are cheap to add and compare, and formatting goes through a cache, so millions of dates cost little.

const MS_PER_DAY = 86_400_000;

/** The day number of a calendar date. */
export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** The day number of an ISO date string `YYYY-MM-DD`; throws on anything else. */
export function parseDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Not an ISO date: ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(y, mo, d);
  if (formatDay(day) !== iso) throw new Error(`Not a calendar date: ${iso}`);
  return day;
}

/** Year, month (1–12) and day of month of a day number. */
export function partsOf(day: number): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

const CACHE_FIRST = dayOf(1900, 1, 1);
const CACHE_LAST = dayOf(2100, 12, 31);
const formatted: (string | undefined)[] = [];

/** `YYYY-MM-DD` for a day number (cached between 1900 and 2100). */
export function formatDay(day: number): string {
  if (day < CACHE_FIRST || day > CACHE_LAST) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const index = day - CACHE_FIRST;
  let text = formatted[index];
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    formatted[index] = text;
  }
  return text;
}

const CLOCK: string[] = Array.from({ length: 1440 }, (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

/** An ISO instant in UTC for a day number and a minute of the day, e.g. `2023-05-02T10:14:00Z`. */
export function formatInstant(day: number, minuteOfDay: number): string {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  return `${formatDay(day + Math.floor(minuteOfDay / 1440))}T${CLOCK[m] ?? '00:00'}:00Z`;
}

/** Day of the week: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** The same day, or the next Monday when it falls at a weekend. */
export function nextWorkingDay(day: number): number {
  let d = day;
  while (isWeekend(d)) d++;
  return d;
}

/**
 * The day n working days after a day, counting from the day after it (statutory-rules.md §1).
 * Weekends only: the generator does not model bank holidays, so a few synthetic deadlines land on one;
 * the rulebook in the casework module is the authority on real deadlines.
 */
export function addWorkingDays(day: number, n: number): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d++;
    if (!isWeekend(d)) left--;
  }
  return d;
}

/** Whole years between a date of birth and a day (age in completed years). */
export function ageOn(dob: number, day: number): number {
  const a = partsOf(dob);
  const b = partsOf(day);
  let age = b.year - a.year;
  if (b.month < a.month || (b.month === a.month && b.day < a.day)) age--;
  return age;
}

/** The same calendar day n years later (29 February becomes 28 February in common years). */
export function addYears(day: number, years: number): number {
  const p = partsOf(day);
  const target = dayOf(p.year + years, p.month, p.day);
  return partsOf(target).month === p.month ? target : target - 1;
}

export const DAYS_PER_YEAR = 365.2425;
