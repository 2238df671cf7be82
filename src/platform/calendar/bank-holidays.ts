// Bank holidays in England and Wales, 2005 to 2035 inclusive, as a table.
//
// Sources:
// - GOV.UK, "UK bank holidays" (https://www.gov.uk/bank-holidays, and its feed
//   https://www.gov.uk/bank-holidays.json, division "england-and-wales"). Names follow its titles;
//   where GOV.UK marks a row "Substitute day" we add "(substitute day)" to the name.
// - Banking and Financial Dealings Act 1971, section 1 and schedule 1: Easter Monday, the last
//   Monday in May, the last Monday in August, 26 December (27 December when 25 or 26 December is
//   a Sunday); and the power to appoint other days or move days by royal proclamation.
// - Royal proclamations under that Act: New Year's Day (since 1974) and the early May bank
//   holiday (first Monday in May, since 1978) each year, with a substitute day when they fall at
//   a weekend; and the one-off changes below. Good Friday and Christmas Day are common-law holidays.
//
// The rules, in the order they appear in each year:
// - New Year's Day: 1 January; if a Saturday or Sunday, the following Monday.
// - Good Friday and Easter Monday: two days before and one day after Easter Sunday (Gregorian computus).
// - Early May bank holiday: first Monday in May; in 2020 moved to Friday 8 May (75th anniversary of VE day).
// - Spring bank holiday: last Monday in May; in 2012 moved to Monday 4 June (Diamond Jubilee)
//   and in 2022 to Thursday 2 June (Platinum Jubilee).
// - Summer bank holiday: last Monday in August.
// - Christmas Day and Boxing Day: 25 and 26 December. At a weekend they move to the next weekdays
//   that are not already holidays: Christmas on a Saturday gives Monday 27 and Tuesday 28;
//   Christmas on a Sunday gives Monday 26 (Boxing Day) and Tuesday 27 (substitute for Christmas
//   Day); Christmas on a Friday gives Monday 28 (substitute for Boxing Day).
// - One-off extra days by proclamation: Friday 29 April 2011 (royal wedding), Tuesday 5 June 2012
//   (Diamond Jubilee), Friday 3 June 2022 (Platinum Jubilee), Monday 19 September 2022 (state
//   funeral of Queen Elizabeth II), Monday 8 May 2023 (coronation of King Charles III).
//
// Years beyond those GOV.UK has published are the rules applied forward: GOV.UK publishes only a
// year or two ahead, and a future proclamation (a jubilee, a funeral, a coronation) needs a row here.
// Every row is checked against the rules above in bank-holidays.test.ts. See README.md for how
// to extend the table past 2035.

export interface BankHoliday {
  /** The calendar date, 'YYYY-MM-DD'. */
  readonly date: string;
  /** The GOV.UK name, with "(substitute day)" when the holiday has moved off a weekend. */
  readonly name: string;
}

/** The first and last years the table covers. Outside them no day can be called a working day. */
export const FIRST_COVERED_YEAR = 2005;
export const LAST_COVERED_YEAR = 2035;

/** Every bank holiday in England and Wales from 2005 to 2035, in date order. */
export const BANK_HOLIDAYS: readonly BankHoliday[] = Object.freeze([
  // 2005
  { date: '2005-01-03', name: 'New Year’s Day (substitute day)' },
  { date: '2005-03-25', name: 'Good Friday' },
  { date: '2005-03-28', name: 'Easter Monday' },
  { date: '2005-05-02', name: 'Early May bank holiday' },
  { date: '2005-05-30', name: 'Spring bank holiday' },
  { date: '2005-08-29', name: 'Summer bank holiday' },
  { date: '2005-12-26', name: 'Boxing Day' },
  { date: '2005-12-27', name: 'Christmas Day (substitute day)' },
  // 2006
  { date: '2006-01-02', name: 'New Year’s Day (substitute day)' },
  { date: '2006-04-14', name: 'Good Friday' },
  { date: '2006-04-17', name: 'Easter Monday' },
  { date: '2006-05-01', name: 'Early May bank holiday' },
  { date: '2006-05-29', name: 'Spring bank holiday' },
  { date: '2006-08-28', name: 'Summer bank holiday' },
  { date: '2006-12-25', name: 'Christmas Day' },
  { date: '2006-12-26', name: 'Boxing Day' },
  // 2007
  { date: '2007-01-01', name: 'New Year’s Day' },
  { date: '2007-04-06', name: 'Good Friday' },
  { date: '2007-04-09', name: 'Easter Monday' },
  { date: '2007-05-07', name: 'Early May bank holiday' },
  { date: '2007-05-28', name: 'Spring bank holiday' },
  { date: '2007-08-27', name: 'Summer bank holiday' },
  { date: '2007-12-25', name: 'Christmas Day' },
  { date: '2007-12-26', name: 'Boxing Day' },
  // 2008
  { date: '2008-01-01', name: 'New Year’s Day' },
  { date: '2008-03-21', name: 'Good Friday' },
  { date: '2008-03-24', name: 'Easter Monday' },
  { date: '2008-05-05', name: 'Early May bank holiday' },
  { date: '2008-05-26', name: 'Spring bank holiday' },
  { date: '2008-08-25', name: 'Summer bank holiday' },
  { date: '2008-12-25', name: 'Christmas Day' },
  { date: '2008-12-26', name: 'Boxing Day' },
  // 2009
  { date: '2009-01-01', name: 'New Year’s Day' },
  { date: '2009-04-10', name: 'Good Friday' },
  { date: '2009-04-13', name: 'Easter Monday' },
  { date: '2009-05-04', name: 'Early May bank holiday' },
  { date: '2009-05-25', name: 'Spring bank holiday' },
  { date: '2009-08-31', name: 'Summer bank holiday' },
  { date: '2009-12-25', name: 'Christmas Day' },
  { date: '2009-12-28', name: 'Boxing Day (substitute day)' },
  // 2010
  { date: '2010-01-01', name: 'New Year’s Day' },
  { date: '2010-04-02', name: 'Good Friday' },
  { date: '2010-04-05', name: 'Easter Monday' },
  { date: '2010-05-03', name: 'Early May bank holiday' },
  { date: '2010-05-31', name: 'Spring bank holiday' },
  { date: '2010-08-30', name: 'Summer bank holiday' },
  { date: '2010-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2010-12-28', name: 'Boxing Day (substitute day)' },
  // 2011
  { date: '2011-01-03', name: 'New Year’s Day (substitute day)' },
  { date: '2011-04-22', name: 'Good Friday' },
  { date: '2011-04-25', name: 'Easter Monday' },
  { date: '2011-04-29', name: 'Bank holiday for the wedding of Prince William and Catherine Middleton' },
  { date: '2011-05-02', name: 'Early May bank holiday' },
  { date: '2011-05-30', name: 'Spring bank holiday' },
  { date: '2011-08-29', name: 'Summer bank holiday' },
  { date: '2011-12-26', name: 'Boxing Day' },
  { date: '2011-12-27', name: 'Christmas Day (substitute day)' },
  // 2012
  { date: '2012-01-02', name: 'New Year’s Day (substitute day)' },
  { date: '2012-04-06', name: 'Good Friday' },
  { date: '2012-04-09', name: 'Easter Monday' },
  { date: '2012-05-07', name: 'Early May bank holiday' },
  { date: '2012-06-04', name: 'Spring bank holiday' },
  { date: '2012-06-05', name: 'Queen’s Diamond Jubilee' },
  { date: '2012-08-27', name: 'Summer bank holiday' },
  { date: '2012-12-25', name: 'Christmas Day' },
  { date: '2012-12-26', name: 'Boxing Day' },
  // 2013
  { date: '2013-01-01', name: 'New Year’s Day' },
  { date: '2013-03-29', name: 'Good Friday' },
  { date: '2013-04-01', name: 'Easter Monday' },
  { date: '2013-05-06', name: 'Early May bank holiday' },
  { date: '2013-05-27', name: 'Spring bank holiday' },
  { date: '2013-08-26', name: 'Summer bank holiday' },
  { date: '2013-12-25', name: 'Christmas Day' },
  { date: '2013-12-26', name: 'Boxing Day' },
  // 2014
  { date: '2014-01-01', name: 'New Year’s Day' },
  { date: '2014-04-18', name: 'Good Friday' },
  { date: '2014-04-21', name: 'Easter Monday' },
  { date: '2014-05-05', name: 'Early May bank holiday' },
  { date: '2014-05-26', name: 'Spring bank holiday' },
  { date: '2014-08-25', name: 'Summer bank holiday' },
  { date: '2014-12-25', name: 'Christmas Day' },
  { date: '2014-12-26', name: 'Boxing Day' },
  // 2015
  { date: '2015-01-01', name: 'New Year’s Day' },
  { date: '2015-04-03', name: 'Good Friday' },
  { date: '2015-04-06', name: 'Easter Monday' },
  { date: '2015-05-04', name: 'Early May bank holiday' },
  { date: '2015-05-25', name: 'Spring bank holiday' },
  { date: '2015-08-31', name: 'Summer bank holiday' },
  { date: '2015-12-25', name: 'Christmas Day' },
  { date: '2015-12-28', name: 'Boxing Day (substitute day)' },
  // 2016
  { date: '2016-01-01', name: 'New Year’s Day' },
  { date: '2016-03-25', name: 'Good Friday' },
  { date: '2016-03-28', name: 'Easter Monday' },
  { date: '2016-05-02', name: 'Early May bank holiday' },
  { date: '2016-05-30', name: 'Spring bank holiday' },
  { date: '2016-08-29', name: 'Summer bank holiday' },
  { date: '2016-12-26', name: 'Boxing Day' },
  { date: '2016-12-27', name: 'Christmas Day (substitute day)' },
  // 2017
  { date: '2017-01-02', name: 'New Year’s Day (substitute day)' },
  { date: '2017-04-14', name: 'Good Friday' },
  { date: '2017-04-17', name: 'Easter Monday' },
  { date: '2017-05-01', name: 'Early May bank holiday' },
  { date: '2017-05-29', name: 'Spring bank holiday' },
  { date: '2017-08-28', name: 'Summer bank holiday' },
  { date: '2017-12-25', name: 'Christmas Day' },
  { date: '2017-12-26', name: 'Boxing Day' },
  // 2018
  { date: '2018-01-01', name: 'New Year’s Day' },
  { date: '2018-03-30', name: 'Good Friday' },
  { date: '2018-04-02', name: 'Easter Monday' },
  { date: '2018-05-07', name: 'Early May bank holiday' },
  { date: '2018-05-28', name: 'Spring bank holiday' },
  { date: '2018-08-27', name: 'Summer bank holiday' },
  { date: '2018-12-25', name: 'Christmas Day' },
  { date: '2018-12-26', name: 'Boxing Day' },
  // 2019
  { date: '2019-01-01', name: 'New Year’s Day' },
  { date: '2019-04-19', name: 'Good Friday' },
  { date: '2019-04-22', name: 'Easter Monday' },
  { date: '2019-05-06', name: 'Early May bank holiday' },
  { date: '2019-05-27', name: 'Spring bank holiday' },
  { date: '2019-08-26', name: 'Summer bank holiday' },
  { date: '2019-12-25', name: 'Christmas Day' },
  { date: '2019-12-26', name: 'Boxing Day' },
  // 2020
  { date: '2020-01-01', name: 'New Year’s Day' },
  { date: '2020-04-10', name: 'Good Friday' },
  { date: '2020-04-13', name: 'Easter Monday' },
  { date: '2020-05-08', name: 'Early May bank holiday (VE day)' },
  { date: '2020-05-25', name: 'Spring bank holiday' },
  { date: '2020-08-31', name: 'Summer bank holiday' },
  { date: '2020-12-25', name: 'Christmas Day' },
  { date: '2020-12-28', name: 'Boxing Day (substitute day)' },
  // 2021
  { date: '2021-01-01', name: 'New Year’s Day' },
  { date: '2021-04-02', name: 'Good Friday' },
  { date: '2021-04-05', name: 'Easter Monday' },
  { date: '2021-05-03', name: 'Early May bank holiday' },
  { date: '2021-05-31', name: 'Spring bank holiday' },
  { date: '2021-08-30', name: 'Summer bank holiday' },
  { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2021-12-28', name: 'Boxing Day (substitute day)' },
  // 2022
  { date: '2022-01-03', name: 'New Year’s Day (substitute day)' },
  { date: '2022-04-15', name: 'Good Friday' },
  { date: '2022-04-18', name: 'Easter Monday' },
  { date: '2022-05-02', name: 'Early May bank holiday' },
  { date: '2022-06-02', name: 'Spring bank holiday' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-08-29', name: 'Summer bank holiday' },
  { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2022-12-26', name: 'Boxing Day' },
  { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
  // 2023
  { date: '2023-01-02', name: 'New Year’s Day (substitute day)' },
  { date: '2023-04-07', name: 'Good Friday' },
  { date: '2023-04-10', name: 'Easter Monday' },
  { date: '2023-05-01', name: 'Early May bank holiday' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
  { date: '2023-05-29', name: 'Spring bank holiday' },
  { date: '2023-08-28', name: 'Summer bank holiday' },
  { date: '2023-12-25', name: 'Christmas Day' },
  { date: '2023-12-26', name: 'Boxing Day' },
  // 2024
  { date: '2024-01-01', name: 'New Year’s Day' },
  { date: '2024-03-29', name: 'Good Friday' },
  { date: '2024-04-01', name: 'Easter Monday' },
  { date: '2024-05-06', name: 'Early May bank holiday' },
  { date: '2024-05-27', name: 'Spring bank holiday' },
  { date: '2024-08-26', name: 'Summer bank holiday' },
  { date: '2024-12-25', name: 'Christmas Day' },
  { date: '2024-12-26', name: 'Boxing Day' },
  // 2025
  { date: '2025-01-01', name: 'New Year’s Day' },
  { date: '2025-04-18', name: 'Good Friday' },
  { date: '2025-04-21', name: 'Easter Monday' },
  { date: '2025-05-05', name: 'Early May bank holiday' },
  { date: '2025-05-26', name: 'Spring bank holiday' },
  { date: '2025-08-25', name: 'Summer bank holiday' },
  { date: '2025-12-25', name: 'Christmas Day' },
  { date: '2025-12-26', name: 'Boxing Day' },
  // 2026
  { date: '2026-01-01', name: 'New Year’s Day' },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-06', name: 'Easter Monday' },
  { date: '2026-05-04', name: 'Early May bank holiday' },
  { date: '2026-05-25', name: 'Spring bank holiday' },
  { date: '2026-08-31', name: 'Summer bank holiday' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
  // 2027
  { date: '2027-01-01', name: 'New Year’s Day' },
  { date: '2027-03-26', name: 'Good Friday' },
  { date: '2027-03-29', name: 'Easter Monday' },
  { date: '2027-05-03', name: 'Early May bank holiday' },
  { date: '2027-05-31', name: 'Spring bank holiday' },
  { date: '2027-08-30', name: 'Summer bank holiday' },
  { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
  // 2028
  { date: '2028-01-03', name: 'New Year’s Day (substitute day)' },
  { date: '2028-04-14', name: 'Good Friday' },
  { date: '2028-04-17', name: 'Easter Monday' },
  { date: '2028-05-01', name: 'Early May bank holiday' },
  { date: '2028-05-29', name: 'Spring bank holiday' },
  { date: '2028-08-28', name: 'Summer bank holiday' },
  { date: '2028-12-25', name: 'Christmas Day' },
  { date: '2028-12-26', name: 'Boxing Day' },
  // 2029
  { date: '2029-01-01', name: 'New Year’s Day' },
  { date: '2029-03-30', name: 'Good Friday' },
  { date: '2029-04-02', name: 'Easter Monday' },
  { date: '2029-05-07', name: 'Early May bank holiday' },
  { date: '2029-05-28', name: 'Spring bank holiday' },
  { date: '2029-08-27', name: 'Summer bank holiday' },
  { date: '2029-12-25', name: 'Christmas Day' },
  { date: '2029-12-26', name: 'Boxing Day' },
  // 2030
  { date: '2030-01-01', name: 'New Year’s Day' },
  { date: '2030-04-19', name: 'Good Friday' },
  { date: '2030-04-22', name: 'Easter Monday' },
  { date: '2030-05-06', name: 'Early May bank holiday' },
  { date: '2030-05-27', name: 'Spring bank holiday' },
  { date: '2030-08-26', name: 'Summer bank holiday' },
  { date: '2030-12-25', name: 'Christmas Day' },
  { date: '2030-12-26', name: 'Boxing Day' },
  // 2031
  { date: '2031-01-01', name: 'New Year’s Day' },
  { date: '2031-04-11', name: 'Good Friday' },
  { date: '2031-04-14', name: 'Easter Monday' },
  { date: '2031-05-05', name: 'Early May bank holiday' },
  { date: '2031-05-26', name: 'Spring bank holiday' },
  { date: '2031-08-25', name: 'Summer bank holiday' },
  { date: '2031-12-25', name: 'Christmas Day' },
  { date: '2031-12-26', name: 'Boxing Day' },
  // 2032
  { date: '2032-01-01', name: 'New Year’s Day' },
  { date: '2032-03-26', name: 'Good Friday' },
  { date: '2032-03-29', name: 'Easter Monday' },
  { date: '2032-05-03', name: 'Early May bank holiday' },
  { date: '2032-05-31', name: 'Spring bank holiday' },
  { date: '2032-08-30', name: 'Summer bank holiday' },
  { date: '2032-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2032-12-28', name: 'Boxing Day (substitute day)' },
  // 2033
  { date: '2033-01-03', name: 'New Year’s Day (substitute day)' },
  { date: '2033-04-15', name: 'Good Friday' },
  { date: '2033-04-18', name: 'Easter Monday' },
  { date: '2033-05-02', name: 'Early May bank holiday' },
  { date: '2033-05-30', name: 'Spring bank holiday' },
  { date: '2033-08-29', name: 'Summer bank holiday' },
  { date: '2033-12-26', name: 'Boxing Day' },
  { date: '2033-12-27', name: 'Christmas Day (substitute day)' },
  // 2034
  { date: '2034-01-02', name: 'New Year’s Day (substitute day)' },
  { date: '2034-04-07', name: 'Good Friday' },
  { date: '2034-04-10', name: 'Easter Monday' },
  { date: '2034-05-01', name: 'Early May bank holiday' },
  { date: '2034-05-29', name: 'Spring bank holiday' },
  { date: '2034-08-28', name: 'Summer bank holiday' },
  { date: '2034-12-25', name: 'Christmas Day' },
  { date: '2034-12-26', name: 'Boxing Day' },
  // 2035
  { date: '2035-01-01', name: 'New Year’s Day' },
  { date: '2035-03-23', name: 'Good Friday' },
  { date: '2035-03-26', name: 'Easter Monday' },
  { date: '2035-05-07', name: 'Early May bank holiday' },
  { date: '2035-05-28', name: 'Spring bank holiday' },
  { date: '2035-08-27', name: 'Summer bank holiday' },
  { date: '2035-12-25', name: 'Christmas Day' },
  { date: '2035-12-26', name: 'Boxing Day' },
].map((holiday) => Object.freeze(holiday)));

const BY_YEAR: ReadonlyMap<number, readonly BankHoliday[]> = (() => {
  const byYear = new Map<number, BankHoliday[]>();
  for (const holiday of BANK_HOLIDAYS) {
    const year = Number(holiday.date.slice(0, 4));
    const list = byYear.get(year) ?? [];
    list.push(holiday);
    byYear.set(year, list);
  }
  return new Map([...byYear].map(([year, list]) => [year, Object.freeze(list)]));
})();

/** Throws a RangeError unless `year` is a whole year the table covers. */
export function assertCoveredYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_COVERED_YEAR || year > LAST_COVERED_YEAR) {
    throw new RangeError(
      `Bank holidays are known only for ${FIRST_COVERED_YEAR} to ${LAST_COVERED_YEAR}, not ${year}: ` +
        'extend the table in src/platform/calendar/bank-holidays.ts',
    );
  }
}

/** The bank holidays of one year, in date order. Throws a RangeError outside 2005–2035. */
export function bankHolidaysIn(year: number): readonly BankHoliday[] {
  assertCoveredYear(year);
  return BY_YEAR.get(year) ?? [];
}
