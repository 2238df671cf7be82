// Calendar dates as 'YYYY-MM-DD' strings, and their day numbers (days since 1970-01-01).
// Arithmetic is done on the day number alone, in UTC, so no local time zone or clock change can
// shift a date. Internal to the calendar folder: callers use working-days.ts.

export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function notADate(day: unknown): RangeError {
  return new RangeError(`Not a calendar date in the form YYYY-MM-DD: ${String(day)}`);
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date. Throws a RangeError for anything else (e.g. '2023-02-29'). */
export function toDayNumber(day: string): number {
  const match = typeof day === 'string' ? ISO_DATE.exec(day) : null;
  if (!match) throw notADate(day);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) throw notADate(day);
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

/** The 'YYYY-MM-DD' date of a day number. */
export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekendDayNumber(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

/** Month is 1–12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function assertWholeNumber(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number, not ${value}`);
}
