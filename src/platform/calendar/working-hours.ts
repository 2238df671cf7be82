// The front-door clock: hours that count only while a hub is open, in Europe/London time.
//
// Statutory rules, section 3: MASH RAG timescales run in the hub's working hours, except Red,
// which runs continuously until complete (Luton MASH policy) — use addHours for that. Working
// hours fall on working days (Monday to Friday, not bank holidays: see working-days.ts), between
// opensAt and closesAt by London clocks, so 09:00 is 09:00 GMT in winter and 08:00 UTC in summer.
// Instants are UTC `Date`s in and out.
import { londonDayNumberOf, utcOfLondonWallTime } from './london-time.ts';
import { isWorkingDayNumber } from './working-days.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

export interface WorkingHours {
  /** London time the hub opens, 'HH:MM' (24-hour clock). */
  opensAt: string;
  /** London time the hub closes, 'HH:MM', later than opensAt; '24:00' means midnight at the end of the day. */
  closesAt: string;
}

export const DEFAULT_WORKING_HOURS: Readonly<WorkingHours> = Object.freeze({ opensAt: '09:00', closesAt: '17:00' });

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minuteOfDay(time: string, field: keyof WorkingHours): number {
  const match = typeof time === 'string' ? CLOCK_TIME.exec(time) : null;
  if (!match) throw new RangeError(`Working hours ${field} must be a time written HH:MM, not ${String(time)}`);
  return match[1] === undefined ? 1440 : Number(match[1]) * 60 + Number(match[2]);
}

function openingMinutes(wh: WorkingHours): { opens: number; closes: number } {
  const opens = minuteOfDay(wh.opensAt, 'opensAt');
  const closes = minuteOfDay(wh.closesAt, 'closesAt');
  if (opens === 1440 || closes <= opens) {
    throw new RangeError(`Working hours must close after they open (${wh.opensAt}–${wh.closesAt})`);
  }
  return { opens, closes };
}

function msOf(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Not a valid instant: Invalid Date');
  return ms;
}

function durationMs(hours: number): number {
  if (!Number.isFinite(hours)) throw new RangeError(`The number of hours must be a finite number, not ${hours}`);
  return Math.round(hours * MS_PER_HOUR);
}

/**
 * The instant `hours` working hours after `start`. Only time between opensAt and closesAt on
 * working days counts; a start outside those hours begins counting at the next opening (so
 * 0 hours gives that opening). A deadline that uses up a day exactly ends at its closing time.
 * Fractional hours are allowed; negative hours throw.
 */
export function addWorkingHours(start: Date, hours: number, wh: WorkingHours): Date {
  const startMs = msOf(start);
  let remaining = durationMs(hours);
  if (remaining < 0) throw new RangeError(`Cannot add a negative number of working hours (${hours})`);
  const { opens, closes } = openingMinutes(wh);
  for (let day = londonDayNumberOf(startMs); ; day += 1) {
    if (!isWorkingDayNumber(day)) continue;
    const from = Math.max(startMs, utcOfLondonWallTime(day, opens));
    const available = utcOfLondonWallTime(day, closes) - from;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
}

/**
 * Working minutes from `start` to `end` (0 if `end` is not after `start`): the inverse of
 * addWorkingHours, so workingMinutesBetween(s, addWorkingHours(s, h, wh), wh) = 60 × h.
 * May be fractional when the instants are not on whole minutes.
 */
export function workingMinutesBetween(start: Date, end: Date, wh: WorkingHours): number {
  const startMs = msOf(start);
  const endMs = msOf(end);
  if (endMs <= startMs) return 0;
  const { opens, closes } = openingMinutes(wh);
  let total = 0;
  const lastDay = londonDayNumberOf(endMs);
  for (let day = londonDayNumberOf(startMs); day <= lastDay; day += 1) {
    if (!isWorkingDayNumber(day)) continue;
    const from = Math.max(startMs, utcOfLondonWallTime(day, opens));
    const to = Math.min(endMs, utcOfLondonWallTime(day, closes));
    if (to > from) total += to - from;
  }
  return total / MS_PER_MINUTE;
}

/** True from opensAt up to (not including) closesAt on a working day, by London clocks. */
export function isWithinWorkingHours(instant: Date, wh: WorkingHours): boolean {
  const ms = msOf(instant);
  const { opens, closes } = openingMinutes(wh);
  const day = londonDayNumberOf(ms);
  return isWorkingDayNumber(day) && ms >= utcOfLondonWallTime(day, opens) && ms < utcOfLondonWallTime(day, closes);
}

/** The continuous clock (Red runs continuously): `hours` real hours after `start`, any time of day. */
export function addHours(start: Date, hours: number): Date {
  return new Date(msOf(start) + durationMs(hours));
}
