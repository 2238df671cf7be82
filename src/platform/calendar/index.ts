// The working-day calendar for England and Wales, and the front-door working-hours clock.
// See README.md for the rules and sources.
export { BANK_HOLIDAYS, FIRST_COVERED_YEAR, LAST_COVERED_YEAR, type BankHoliday } from './bank-holidays.ts';
export {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  bankHolidaysIn,
  isBankHoliday,
  isWeekend,
  isWorkingDay,
  londonDateOf,
  nextWorkingDayOnOrAfter,
  workingDaysBetween,
} from './working-days.ts';
export {
  DEFAULT_WORKING_HOURS,
  addHours,
  addWorkingHours,
  isWithinWorkingHours,
  workingMinutesBetween,
  type WorkingHours,
} from './working-hours.ts';
