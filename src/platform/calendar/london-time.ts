// Europe/London wall-clock time, derived from the runtime's time-zone database through
// Intl.DateTimeFormat, so a change in the law on summer time arrives with a Node/ICU update.
//
// Intl is slow (microseconds a call) and callers compute thousands of due times per request, so
// each year's UTC offsets are worked out once, when first needed: the offset at 00:00 UTC on each
// day, and, on a day whose offset changes, the exact minute of the change. After that every lookup
// is arithmetic. This assumes at most one change of offset per UTC day, which holds for London
// (twice a year, at 01:00 UTC on the last Sundays of March and October: Summer Time Order 2002).
// Internal to the calendar folder.
import { MS_PER_DAY } from './calendar-date.ts';

const MS_PER_MINUTE = 60_000;

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** London's offset from UTC in milliseconds at an instant, straight from Intl (slow). */
export function intlOffsetAt(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of londonFormat.formatToParts(utcMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

interface YearOffsets {
  /** Offset in force at 00:00 UTC on 1 January. */
  readonly initial: number;
  /** Changes of offset during the year, in order: from `at` (UTC ms) the offset is `offset`. */
  readonly changes: readonly { at: number; offset: number }[];
}

const byYear = new Map<number, YearOffsets>();

function offsetsFor(year: number): YearOffsets {
  const cached = byYear.get(year);
  if (cached) return cached;
  const start = Date.UTC(year, 0, 1);
  const days = (Date.UTC(year + 1, 0, 1) - start) / MS_PER_DAY;
  const initial = intlOffsetAt(start);
  const changes: { at: number; offset: number }[] = [];
  let previous = initial;
  for (let day = 1; day <= days; day += 1) {
    const offset = intlOffsetAt(start + day * MS_PER_DAY);
    if (offset === previous) continue;
    // The first minute of the previous day with the new offset.
    const dayStart = start + (day - 1) * MS_PER_DAY;
    let low = 0; // has the old offset
    let high = 1440; // has the new offset
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (intlOffsetAt(dayStart + middle * MS_PER_MINUTE) === previous) low = middle;
      else high = middle;
    }
    changes.push({ at: dayStart + high * MS_PER_MINUTE, offset });
    previous = offset;
  }
  const offsets = Object.freeze({ initial, changes: Object.freeze(changes) });
  byYear.set(year, offsets);
  return offsets;
}

/** London's offset from UTC in milliseconds at an instant (0 in GMT, 3 600 000 in BST). */
export function londonOffsetAt(utcMs: number): number {
  const { initial, changes } = offsetsFor(new Date(utcMs).getUTCFullYear());
  let offset = initial;
  for (const change of changes) {
    if (utcMs < change.at) break;
    offset = change.offset;
  }
  return offset;
}

/** The London calendar day (days since 1970-01-01) of an instant. */
export function londonDayNumberOf(utcMs: number): number {
  return Math.floor((utcMs + londonOffsetAt(utcMs)) / MS_PER_DAY);
}

/**
 * The instant at which London clocks show `minuteOfDay` minutes past midnight on a day
 * (1440 means midnight at the end of the day). A time that happens twice, when the clocks go
 * back, gives the earlier instant; a time skipped when the clocks go forward is read with the
 * offset from before the change, i.e. moved forward by the hour. Both are the "compatible"
 * choices of TC39 Temporal. UK clocks change on Sunday mornings, so working hours never meet them.
 */
export function utcOfLondonWallTime(dayNumber: number, minuteOfDay: number): number {
  const wall = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  const before = londonOffsetAt(wall - MS_PER_DAY);
  const after = londonOffsetAt(wall + MS_PER_DAY);
  const withBefore = wall - before;
  if (before === after) return withBefore;
  const withAfter = wall - after;
  const beforeFits = londonOffsetAt(withBefore) === before;
  const afterFits = londonOffsetAt(withAfter) === after;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
  if (afterFits) return withAfter;
  return withBefore;
}
