// Working days in England and Wales, over calendar dates written 'YYYY-MM-DD'.
//
// Statutory rules, section 1 (shared specs, statutory-rules.md): a working day is
// Monday to Friday, excluding England and Wales bank holidays (substitute days included), and
// "within N working days of X" counts from the day after X. Days are decided in Europe/London.
//
// All functions are pure. Dates are handled as day numbers in UTC, never as local Date objects.
// Asking about a day outside 2005–2035 throws a RangeError rather than guessing at its holidays.
import { BANK_HOLIDAYS, FIRST_COVERED_YEAR, LAST_COVERED_YEAR } from './bank-holidays.ts';
import {
  assertWholeNumber,
  daysInMonth,
  fromDayNumber,
  isWeekendDayNumber,
  MS_PER_DAY,
  toDayNumber,
} from './calendar-date.ts';
import { londonDayNumberOf } from './london-time.ts';

export { bankHolidaysIn } from './bank-holidays.ts';

const FIRST_COVERED_DAY = Date.UTC(FIRST_COVERED_YEAR, 0, 1) / MS_PER_DAY;
const LAST_COVERED_DAY = Date.UTC(LAST_COVERED_YEAR, 11, 31) / MS_PER_DAY;

/** Holiday day numbers, as a set for lookups and in order for counting. */
const HOLIDAY_DAYS: ReadonlySet<number> = new Set(BANK_HOLIDAYS.map((holiday) => toDayNumber(holiday.date)));
const HOLIDAY_DAYS_IN_ORDER: readonly number[] = [...HOLIDAY_DAYS].sort((a, b) => a - b);

function assertCovered(dayNumber: number): void {
  if (dayNumber < FIRST_COVERED_DAY || dayNumber > LAST_COVERED_DAY) {
    throw new RangeError(
      `Bank holidays are known only for ${FIRST_COVERED_YEAR} to ${LAST_COVERED_YEAR}, so ${fromDayNumber(dayNumber)} ` +
        'cannot be called a working day or not: extend the table in src/platform/calendar/bank-holidays.ts',
    );
  }
}

/** Internal (not in index.ts): for working-hours.ts, which walks day numbers. */
export function isWorkingDayNumber(dayNumber: number): boolean {
  assertCovered(dayNumber);
  return !isWeekendDayNumber(dayNumber) && !HOLIDAY_DAYS.has(dayNumber);
}

/** True on an England and Wales bank holiday (substitute days included). Throws outside 2005–2035. */
export function isBankHoliday(day: string): boolean {
  const dayNumber = toDayNumber(day);
  assertCovered(dayNumber);
  return HOLIDAY_DAYS.has(dayNumber);
}

/** True on a Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  return isWeekendDayNumber(toDayNumber(day));
}

/** Monday to Friday and not a bank holiday. Throws outside 2005–2035. */
export function isWorkingDay(day: string): boolean {
  return isWorkingDayNumber(toDayNumber(day));
}

/**
 * The date `n` working days after `day`, counting from the day after it: "within 1 working day
 * of Friday" is Monday (or Tuesday after a bank holiday Monday). `n` = 0 gives `day` itself,
 * even if it is not a working day. Negative `n` throws.
 */
export function addWorkingDays(day: string, n: number): string {
  assertWholeNumber(n, 'The number of working days');
  if (n < 0) throw new RangeError(`Cannot add a negative number of working days (${n})`);
  let dayNumber = toDayNumber(day);
  for (let left = n; left > 0; ) {
    dayNumber += 1;
    if (isWorkingDayNumber(dayNumber)) left -= 1;
  }
  return fromDayNumber(dayNumber);
}

/** A Monday, as a day number (1970-01-05), to count weekdays from. */
const A_MONDAY = 4;

/** Working days from the start of the table up to and including a day: weekdays less holidays. */
function workingDaysUpTo(dayNumber: number): number {
  const sinceMonday = dayNumber - A_MONDAY;
  const weeks = Math.floor(sinceMonday / 7);
  const weekdays = weeks * 5 + Math.min(sinceMonday - weeks * 7 + 1, 5);
  return weekdays - holidaysUpTo(dayNumber);
}

/** How many holidays fall on or before a day (binary search; every holiday is a weekday). */
function holidaysUpTo(dayNumber: number): number {
  let low = 0;
  let high = HOLIDAY_DAYS_IN_ORDER.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((HOLIDAY_DAYS_IN_ORDER[middle] ?? Infinity) <= dayNumber) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Working days after `from` up to and including `to`, so that addWorkingDays(x, n) = y gives
 * workingDaysBetween(x, y) = n. Negative when `to` is before `from` (e.g. how far overdue).
 * The days counted must lie within 2005–2035.
 */
export function workingDaysBetween(from: string, to: string): number {
  const fromNumber = toDayNumber(from);
  const toNumber = toDayNumber(to);
  const earlier = Math.min(fromNumber, toNumber);
  const later = Math.max(fromNumber, toNumber);
  if (earlier === later) return 0;
  assertCovered(earlier + 1);
  assertCovered(later);
  return workingDaysUpTo(toNumber) - workingDaysUpTo(fromNumber);
}

/** `day` if it is a working day, otherwise the next working day after it. */
export function nextWorkingDayOnOrAfter(day: string): string {
  let dayNumber = toDayNumber(day);
  while (!isWorkingDayNumber(dayNumber)) dayNumber += 1;
  return fromDayNumber(dayNumber);
}

/**
 * The same day of the month `months` later (or earlier, if negative), clamped to the end of a
 * shorter month: 31 January + 1 month is 28 February (29 in a leap year). "Within 3 months of
 * the ICPC" is addCalendarMonths(icpcOn, 3).
 */
export function addCalendarMonths(day: string, months: number): string {
  assertWholeNumber(months, 'The number of months');
  const dayNumber = toDayNumber(day);
  const date = new Date(dayNumber * MS_PER_DAY);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const dayOfMonth = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return fromDayNumber(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

/** The date `n` calendar days later (or earlier, if negative). */
export function addCalendarDays(day: string, n: number): string {
  assertWholeNumber(n, 'The number of days');
  return fromDayNumber(toDayNumber(day) + n);
}

/** The calendar date in Europe/London of an instant, 'YYYY-MM-DD' (BST-aware). */
export function londonDateOf(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Not a valid instant: Invalid Date');
  return fromDayNumber(londonDayNumberOf(ms));
}
