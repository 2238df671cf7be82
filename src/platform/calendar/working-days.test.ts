import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
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
} from './index.ts';

describe('addWorkingDays: "within N working days of X" counts from the day after X', () => {
  const cases: [string, string, number, string][] = [
    ['Friday + 1 is Monday', '2024-01-12', 1, '2024-01-15'],
    ['Saturday + 1 is Monday', '2024-01-13', 1, '2024-01-15'],
    ['Monday + 1 is Tuesday', '2024-01-15', 1, '2024-01-16'],
    ['Monday + 5 is the next Monday', '2024-01-15', 5, '2024-01-22'],
    ['0 days is the day itself, even on a Sunday', '2024-01-14', 0, '2024-01-14'],
    ['Christmas Eve 2010 + 1 skips the substitute days on 27 and 28 December', '2010-12-24', 1, '2010-12-29'],
    ['23 December 2022 + 1 skips Boxing Day and the Christmas substitute', '2022-12-23', 1, '2022-12-28'],
    ['23 December 2011 + 1 skips Boxing Day and the Christmas substitute', '2011-12-23', 1, '2011-12-28'],
    ['30 December 2011 + 1 skips the New Year substitute on 2 January 2012', '2011-12-30', 1, '2012-01-03'],
    ['30 December 2022 + 1 skips the New Year substitute on 2 January 2023', '2022-12-30', 1, '2023-01-03'],
    ['Maundy Thursday 2024 + 1 skips Good Friday and Easter Monday', '2024-03-28', 1, '2024-04-02'],
    ['Maundy Thursday 2025 + 1 skips Good Friday and Easter Monday', '2025-04-17', 1, '2025-04-22'],
    ['the day before the 2011 royal wedding + 1 skips it and the early May holiday', '2011-04-28', 1, '2011-05-03'],
    ['31 May 2012 + 1 is Friday 1 June, a working day', '2012-05-31', 1, '2012-06-01'],
    ['31 May 2012 + 2 skips the moved spring holiday and the Diamond Jubilee', '2012-05-31', 2, '2012-06-06'],
    ['1 June 2012 + 1 skips the moved spring holiday and the Diamond Jubilee', '2012-06-01', 1, '2012-06-06'],
    ['25 May 2012 + 1 is Monday 28 May, a working day that year', '2012-05-25', 1, '2012-05-28'],
    ['1 June 2022 + 1 skips the moved spring holiday and the Platinum Jubilee', '2022-06-01', 1, '2022-06-06'],
    ['16 September 2022 + 1 skips the state funeral', '2022-09-16', 1, '2022-09-20'],
    ['5 May 2023 + 1 skips the coronation', '2023-05-05', 1, '2023-05-09'],
    ['7 May 2020 + 1 skips the early May holiday moved to VE day', '2020-05-07', 1, '2020-05-11'],
    ['1 May 2020 + 1 is Monday 4 May, a working day that year', '2020-05-01', 1, '2020-05-04'],
    ['a 10-working-day deadline across the early May holiday 2024', '2024-05-01', 10, '2024-05-16'],
    ['a 10-working-day deadline across the summer holiday 2025', '2025-08-20', 10, '2025-09-04'],
    ['a 15-working-day deadline across Christmas and New Year 2023', '2023-12-20', 15, '2024-01-15'],
    ['a 15-working-day deadline across Easter and the early May holiday 2025', '2025-04-10', 15, '2025-05-06'],
    ['a 35-working-day core assessment over Christmas 2010', '2010-11-22', 35, '2011-01-13'],
    ['a 45-working-day single assessment', '2024-01-02', 45, '2024-03-05'],
  ];
  for (const [name, from, n, expected] of cases) {
    it(`${name}: ${from} + ${n} = ${expected}`, () => {
      assert.equal(addWorkingDays(from, n), expected);
      assert.equal(workingDaysBetween(from, expected), n);
    });
  }

  it('refuses a negative or fractional number of days', () => {
    assert.throws(() => addWorkingDays('2024-01-15', -1), RangeError);
    assert.throws(() => addWorkingDays('2024-01-15', 1.5), RangeError);
    assert.throws(() => addWorkingDays('2024-01-15', Number.NaN), RangeError);
  });

  it('refuses to count into a year whose holidays are not in the table', () => {
    assert.throws(() => addWorkingDays('2035-12-28', 5), { name: 'RangeError', message: /2036-01-01.*extend the table/ });
    assert.equal(addWorkingDays('2035-12-27', 2), '2035-12-31');
  });
});

describe('workingDaysBetween', () => {
  const cases: [string, string, string, number][] = [
    ['the same day', '2024-01-15', '2024-01-15', 0],
    ['Friday to Monday', '2024-01-12', '2024-01-15', 1],
    ['Friday to Sunday', '2024-01-12', '2024-01-14', 0],
    ['Saturday to Sunday', '2024-01-13', '2024-01-14', 0],
    ['a full year, 2019 (261 weekdays less 8 holidays)', '2018-12-31', '2019-12-31', 253],
    ['a full year, 2022 (260 weekdays less 10 holidays)', '2021-12-31', '2022-12-31', 250],
    ['backwards, as how far overdue', '2024-04-02', '2024-03-28', -1],
  ];
  for (const [name, from, to, expected] of cases) {
    it(`counts ${name}: ${from} → ${to} = ${expected}`, () => {
      assert.equal(workingDaysBetween(from, to), expected);
    });
  }

  it('agrees with counting day by day, and addWorkingDays undoes it, for every start in 2010–2012', () => {
    for (let from = '2010-01-01'; from <= '2012-12-31'; from = addCalendarDays(from, 1)) {
      for (const n of [1, 3, 10, 15, 20]) {
        const to = addWorkingDays(from, n);
        assert.equal(workingDaysBetween(from, to), n, `${from} + ${n}`);
        assert.equal(workingDaysBetween(to, from), -n, `${to} back to ${from}`);
        assert.ok(isWorkingDay(to), to);
      }
      let count = 0;
      for (let d = addCalendarDays(from, 1); d <= addCalendarDays(from, 30); d = addCalendarDays(d, 1)) {
        if (isWorkingDay(d)) count += 1;
      }
      assert.equal(workingDaysBetween(from, addCalendarDays(from, 30)), count, from);
    }
  });

  it('counts from 31 December 2004 into the table, but no earlier', () => {
    assert.equal(workingDaysBetween('2004-12-31', '2005-01-04'), 1); // Monday 3 January 2005 was the New Year substitute
    assert.throws(() => workingDaysBetween('2004-12-30', '2005-01-04'), RangeError);
    assert.throws(() => workingDaysBetween('2035-12-31', '2036-01-02'), RangeError);
  });
});

describe('single days', () => {
  const cases: [string, boolean, boolean, boolean][] = [
    // day, weekend, bank holiday, working day
    ['2024-01-15', false, false, true],
    ['2024-01-13', true, false, false],
    ['2024-01-14', true, false, false],
    ['2024-03-29', false, true, false],
    ['2010-12-25', true, false, false],
    ['2010-12-27', false, true, false],
    ['2022-09-19', false, true, false],
    ['2020-05-04', false, false, true],
    ['2020-05-08', false, true, false],
    ['2012-05-28', false, false, true],
  ];
  for (const [day, weekend, holiday, working] of cases) {
    it(`knows ${day} is ${working ? 'a working day' : holiday ? 'a bank holiday' : 'a weekend day'}`, () => {
      assert.equal(isWeekend(day), weekend);
      assert.equal(isBankHoliday(day), holiday);
      assert.equal(isWorkingDay(day), working);
    });
  }

  it('finds the next working day on or after a day', () => {
    assert.equal(nextWorkingDayOnOrAfter('2024-01-15'), '2024-01-15');
    assert.equal(nextWorkingDayOnOrAfter('2024-01-13'), '2024-01-15');
    assert.equal(nextWorkingDayOnOrAfter('2024-03-29'), '2024-04-02');
    assert.equal(nextWorkingDayOnOrAfter('2022-12-24'), '2022-12-28');
  });

  it('refuses to say whether a day outside 2005–2035 is a holiday or working day', () => {
    assert.throws(() => isBankHoliday('2036-01-01'), RangeError);
    assert.throws(() => isWorkingDay('2004-12-31'), RangeError);
    assert.equal(isWeekend('2036-01-05'), true);
  });

  for (const bad of ['2023-02-29', '2024-13-01', '2024-1-5', '24-01-05', '2024-01-05T00:00:00Z', '', 'tomorrow']) {
    it(`rejects ${JSON.stringify(bad)} as not a calendar date`, () => {
      assert.throws(() => isWorkingDay(bad), { name: 'RangeError', message: /YYYY-MM-DD/ });
      assert.throws(() => addWorkingDays(bad, 1), RangeError);
    });
  }

  it('lists the holidays of a year', () => {
    assert.equal(bankHolidaysIn(2022).length, 10);
    assert.throws(() => bankHolidaysIn(2036), RangeError);
  });
});

describe('calendar arithmetic', () => {
  const months: [string, number, string][] = [
    ['2024-01-15', 3, '2024-04-15'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-10-15', 6, '2025-04-15'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-01-15', -13, '2022-12-15'],
    ['2024-01-15', 0, '2024-01-15'],
  ];
  for (const [day, n, expected] of months) {
    it(`adds ${n} calendar months to ${day}, clamped to the month end: ${expected}`, () => {
      assert.equal(addCalendarMonths(day, n), expected);
    });
  }

  const days: [string, number, string][] = [
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-30', 1, '2024-03-31'], // the clocks change overnight: no effect on dates
    ['2024-03-31', 1, '2024-04-01'],
    ['2024-10-27', 1, '2024-10-28'],
    ['2024-01-10', -10, '2023-12-31'],
    ['2024-01-10', 20, '2024-01-30'],
  ];
  for (const [day, n, expected] of days) {
    it(`adds ${n} calendar days to ${day}: ${expected}`, () => {
      assert.equal(addCalendarDays(day, n), expected);
    });
  }

  it('refuses fractional months and days', () => {
    assert.throws(() => addCalendarMonths('2024-01-15', 0.5), RangeError);
    assert.throws(() => addCalendarDays('2024-01-15', 0.5), RangeError);
  });
});

describe('londonDateOf: the calendar date in Europe/London', () => {
  const cases: [string, string, string][] = [
    ['late evening in winter is the same day (GMT)', '2024-01-15T23:30:00Z', '2024-01-15'],
    ['late evening UTC in summer is already the next day (BST)', '2024-06-30T23:30:00Z', '2024-07-01'],
    ['midnight BST is 23:00 UTC the day before', '2024-07-01T23:00:00Z', '2024-07-02'],
    ['a minute before midnight BST', '2024-07-01T22:59:59.999Z', '2024-07-01'],
    ['the night the clocks go forward', '2024-03-30T23:59:00Z', '2024-03-30'],
    ['the night the clocks go back', '2024-10-26T23:30:00Z', '2024-10-27'],
    ['the evening after the clocks go back', '2024-10-27T23:30:00Z', '2024-10-27'],
    ['New Year in London', '2024-12-31T23:59:59Z', '2024-12-31'],
    ['before the table (no holidays needed)', '1999-07-01T23:30:00Z', '1999-07-02'],
  ];
  for (const [name, instant, expected] of cases) {
    it(`${name}: ${instant} → ${expected}`, () => {
      assert.equal(londonDateOf(new Date(instant)), expected);
    });
  }

  it('agrees with Intl.DateTimeFormat for instants every 7 hours and 13 minutes over 2005–2035', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const step = (7 * 60 + 13) * 60_000;
    for (let ms = Date.UTC(2005, 0, 1); ms < Date.UTC(2036, 0, 1); ms += step) {
      assert.equal(londonDateOf(new Date(ms)), intl.format(ms), new Date(ms).toISOString());
    }
  });

  it('rejects an invalid Date', () => {
    assert.throws(() => londonDateOf(new Date('nonsense')), RangeError);
  });
});
