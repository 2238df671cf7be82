import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BANK_HOLIDAYS, FIRST_COVERED_YEAR, LAST_COVERED_YEAR, bankHolidaysIn } from './bank-holidays.ts';

const dates = (year: number): string[] => bankHolidaysIn(year).map((holiday) => holiday.date);

/** Easter Sunday 2005–2035, from an independent computus (python-dateutil `easter`). */
const EASTER_SUNDAYS = [
  '2005-03-27', '2006-04-16', '2007-04-08', '2008-03-23', '2009-04-12', '2010-04-04', '2011-04-24', '2012-04-08',
  '2013-03-31', '2014-04-20', '2015-04-05', '2016-03-27', '2017-04-16', '2018-04-01', '2019-04-21', '2020-04-12',
  '2021-04-04', '2022-04-17', '2023-04-09', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16',
  '2029-04-01', '2030-04-21', '2031-04-13', '2032-03-28', '2033-04-17', '2034-04-09', '2035-03-25',
];

// The rules as the Banking and Financial Dealings Act 1971 and the proclamations state them, written
// independently of the table, so a mistyped row fails here.
const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const iso = (date: Date): string => date.toISOString().slice(0, 10);
const plusDays = (day: string, n: number): string => iso(new Date(utc(day).getTime() + n * 86_400_000));
const weekday = (day: string): number => utc(day).getUTCDay();
const isWeekendDay = (day: string): boolean => weekday(day) === 0 || weekday(day) === 6;
const pad = (n: number): string => String(n).padStart(2, '0');

function mondayOnOrAfter(day: string): string {
  let d = day;
  while (weekday(d) !== 1) d = plusDays(d, 1);
  return d;
}

function lastMondayOf(year: number, month: number): string {
  let d = plusDays(`${year}-${pad(month + 1)}-01`, -1);
  while (weekday(d) !== 1) d = plusDays(d, -1);
  return d;
}

const MOVED: Record<string, string> = {
  '2020 early May': '2020-05-08',
  '2012 spring': '2012-06-04',
  '2022 spring': '2022-06-02',
};

const ONE_OFF: Record<number, string[]> = {
  2011: ['2011-04-29'],
  2012: ['2012-06-05'],
  2022: ['2022-06-03', '2022-09-19'],
  2023: ['2023-05-08'],
};

function expectedByRule(year: number): string[] {
  const easter = EASTER_SUNDAYS[year - FIRST_COVERED_YEAR] ?? '';
  const days = [
    isWeekendDay(`${year}-01-01`) ? mondayOnOrAfter(`${year}-01-01`) : `${year}-01-01`,
    plusDays(easter, -2),
    plusDays(easter, 1),
    MOVED[`${year} early May`] ?? mondayOnOrAfter(`${year}-05-01`),
    MOVED[`${year} spring`] ?? lastMondayOf(year, 5),
    lastMondayOf(year, 8),
    ...(ONE_OFF[year] ?? []),
  ];
  // Christmas Day then Boxing Day, each on its own day or the next weekday not already taken.
  for (const fixed of [`${year}-12-25`, `${year}-12-26`]) {
    let d = fixed;
    while (isWeekendDay(d) || days.includes(d)) d = plusDays(d, 1);
    days.push(d);
  }
  return days.sort();
}

const YEARS = Array.from({ length: LAST_COVERED_YEAR - FIRST_COVERED_YEAR + 1 }, (_, i) => FIRST_COVERED_YEAR + i);

describe('bank holidays in England and Wales', () => {
  it('covers every year from 2005 to 2035', () => {
    assert.equal(FIRST_COVERED_YEAR, 2005);
    assert.equal(LAST_COVERED_YEAR, 2035);
    for (const year of YEARS) assert.ok(bankHolidaysIn(year).length >= 8, `${year}`);
  });

  it('matches the statutory rules and proclamations in every year', () => {
    for (const year of YEARS) assert.deepEqual(dates(year), expectedByRule(year), `${year}`);
  });

  const counts: [string, number, number][] = [
    ['a normal year (2019)', 2019, 8],
    ['2011, with the royal wedding', 2011, 9],
    ['2012, with the spring holiday moved and the Diamond Jubilee added', 2012, 9],
    ['2020, with the early May holiday moved to VE day and none added', 2020, 8],
    ['2022, with the Platinum Jubilee and the state funeral', 2022, 10],
    ['2023, with the coronation', 2023, 9],
  ];
  for (const [name, year, count] of counts) {
    it(`has ${count} holidays in ${name}`, () => {
      assert.equal(bankHolidaysIn(year).length, count);
    });
  }

  it('has 8 holidays in every year without a one-off', () => {
    for (const year of YEARS.filter((y) => !ONE_OFF[y])) assert.equal(bankHolidaysIn(year).length, 8, `${year}`);
  });

  const handWorked: [string, number, string[]][] = [
    ['2010: Christmas on a Saturday moves to Monday 27, Boxing Day to Tuesday 28', 2010,
      ['2010-01-01', '2010-04-02', '2010-04-05', '2010-05-03', '2010-05-31', '2010-08-30', '2010-12-27', '2010-12-28']],
    ['2011: New Year on a Saturday; royal wedding; Christmas on a Sunday', 2011,
      ['2011-01-03', '2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29', '2011-12-26', '2011-12-27']],
    ['2012: New Year substitute Monday 2 January; spring holiday 4 June and Diamond Jubilee 5 June', 2012,
      ['2012-01-02', '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27', '2012-12-25', '2012-12-26']],
    ['2016: Christmas on a Sunday gives Tuesday 27 December', 2016,
      ['2016-01-01', '2016-03-25', '2016-03-28', '2016-05-02', '2016-05-30', '2016-08-29', '2016-12-26', '2016-12-27']],
    ['2020: early May holiday on Friday 8 May for VE day; Boxing Day substitute Monday 28', 2020,
      ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28']],
    ['2021: Christmas on a Saturday gives Monday 27 and Tuesday 28', 2021,
      ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28']],
    ['2022: spring holiday Thursday 2 June, Platinum Jubilee, state funeral, Christmas on a Sunday', 2022,
      ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27']],
    ['2023: New Year substitute Monday 2 January and the coronation on Monday 8 May', 2023,
      ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26']],
    ['2024 (GOV.UK)', 2024,
      ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26']],
    ['2026 (GOV.UK): Boxing Day on a Saturday moves to Monday 28', 2026,
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
  ];
  for (const [name, year, expected] of handWorked) {
    it(`lists ${name}`, () => {
      assert.deepEqual(dates(year), expected);
    });
  }

  it('names the one-off and substitute days', () => {
    const named = new Map(BANK_HOLIDAYS.map((holiday) => [holiday.date, holiday.name]));
    assert.equal(named.get('2011-04-29'), 'Bank holiday for the wedding of Prince William and Catherine Middleton');
    assert.equal(named.get('2012-06-05'), 'Queen’s Diamond Jubilee');
    assert.equal(named.get('2020-05-08'), 'Early May bank holiday (VE day)');
    assert.equal(named.get('2022-06-03'), 'Platinum Jubilee bank holiday');
    assert.equal(named.get('2022-09-19'), 'Bank Holiday for the State Funeral of Queen Elizabeth II');
    assert.equal(named.get('2023-05-08'), 'Bank holiday for the coronation of King Charles III');
    assert.equal(named.get('2022-12-27'), 'Christmas Day (substitute day)');
    assert.equal(named.get('2010-12-28'), 'Boxing Day (substitute day)');
    assert.equal(named.get('2023-01-02'), 'New Year’s Day (substitute day)');
  });

  it('never puts a holiday on a weekend, and lists each date once, in order', () => {
    const all = BANK_HOLIDAYS.map((holiday) => holiday.date);
    assert.deepEqual(all, [...new Set(all)].sort());
    for (const day of all) assert.ok(!isWeekendDay(day), day);
    for (const holiday of BANK_HOLIDAYS) assert.ok(holiday.name.length > 0, holiday.date);
  });

  it('cannot be changed by a caller', () => {
    assert.ok(Object.isFrozen(BANK_HOLIDAYS));
    assert.ok(Object.isFrozen(bankHolidaysIn(2024)));
    assert.ok(Object.isFrozen(bankHolidaysIn(2024)[0]));
  });

  for (const year of [2004, 2036, 1971, 2024.5, Number.NaN]) {
    it(`refuses to guess the holidays of ${year} with a RangeError`, () => {
      assert.throws(() => bankHolidaysIn(year), {
        name: 'RangeError',
        message: /known only for 2005 to 2035.*extend the table/,
      });
    });
  }
});
