import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_WORKING_HOURS,
  addHours,
  addWorkingHours,
  isWithinWorkingHours,
  workingMinutesBetween,
  type WorkingHours,
} from './index.ts';
import { intlOffsetAt, londonOffsetAt, utcOfLondonWallTime } from './london-time.ts';

const at = (iso: string): Date => new Date(iso);
const NINE_TO_FIVE = DEFAULT_WORKING_HOURS;
const LONG_DAY: WorkingHours = { opensAt: '08:30', closesAt: '18:00' };

describe('addWorkingHours: the front-door clock in London working hours', () => {
  // Instants are UTC. In winter (GMT) London time = UTC; in summer (BST) London time = UTC + 1.
  const cases: [string, string, number, WorkingHours, string][] = [
    ['Friday 16:00 + 4 hours ends Monday 12:00', '2024-01-12T16:00:00Z', 4, NINE_TO_FIVE, '2024-01-15T12:00:00Z'],
    ['a start on Saturday begins Monday 09:00', '2024-01-13T10:00:00Z', 1, NINE_TO_FIVE, '2024-01-15T10:00:00Z'],
    ['0 hours from Saturday is the Monday opening', '2024-01-13T10:00:00Z', 0, NINE_TO_FIVE, '2024-01-15T09:00:00Z'],
    ['0 hours within hours is the start itself', '2024-01-15T11:17:00Z', 0, NINE_TO_FIVE, '2024-01-15T11:17:00Z'],
    ['a start before opening begins at 09:00', '2024-01-15T07:00:00Z', 2, NINE_TO_FIVE, '2024-01-15T11:00:00Z'],
    ['a start after closing begins the next morning', '2024-01-16T18:00:00Z', 1, NINE_TO_FIVE, '2024-01-17T10:00:00Z'],
    ['a start at closing time begins the next morning', '2024-01-16T17:00:00Z', 1, NINE_TO_FIVE, '2024-01-17T10:00:00Z'],
    ['using up the day exactly ends at closing time, not the next morning', '2024-01-15T16:00:00Z', 1, NINE_TO_FIVE, '2024-01-15T17:00:00Z'],
    ['fractional hours: 1.5 hours', '2024-01-15T09:00:00Z', 1.5, NINE_TO_FIVE, '2024-01-15T10:30:00Z'],
    ['fractional hours: a quarter of an hour over closing', '2024-01-15T16:50:00Z', 0.25, NINE_TO_FIVE, '2024-01-16T09:05:00Z'],
    ['Surrey Amber: 24 working hours is three working days', '2024-01-15T09:00:00Z', 24, NINE_TO_FIVE, '2024-01-17T17:00:00Z'],
    ['72 working hours is nine working days', '2024-01-15T09:00:00Z', 72, NINE_TO_FIVE, '2024-01-25T17:00:00Z'],
    ['in summer, 09:00 BST is 08:00 UTC', '2024-07-01T06:00:00Z', 1, NINE_TO_FIVE, '2024-07-01T09:00:00Z'],
    ['in summer, a full day ends at 17:00 BST (16:00 UTC)', '2024-07-01T08:00:00Z', 8, NINE_TO_FIVE, '2024-07-01T16:00:00Z'],
    ['across the clocks going forward (Sunday 30 March 2025)', '2025-03-28T16:00:00Z', 4, NINE_TO_FIVE, '2025-03-31T11:00:00Z'],
    ['across the clocks going back (Sunday 26 October 2025)', '2025-10-24T15:00:00Z', 4, NINE_TO_FIVE, '2025-10-27T12:00:00Z'],
    ['Easter and the clocks going forward together (2024)', '2024-03-28T16:00:00Z', 4, NINE_TO_FIVE, '2024-04-02T11:00:00Z'],
    ['a bank holiday Monday is skipped (summer 2025)', '2025-08-22T15:00:00Z', 4, NINE_TO_FIVE, '2025-08-26T11:00:00Z'],
    ['Christmas Eve + 2 hours lands after Boxing Day (2024)', '2024-12-24T16:00:00Z', 2, NINE_TO_FIVE, '2024-12-27T10:00:00Z'],
    ['the state funeral is skipped (2022)', '2022-09-16T15:00:00Z', 2, NINE_TO_FIVE, '2022-09-20T09:00:00Z'],
    ['other working hours: 08:30–18:00', '2024-01-12T17:00:00Z', 2, LONG_DAY, '2024-01-15T09:30:00Z'],
    ['other working hours in summer', '2024-07-05T16:00:00Z', 2, LONG_DAY, '2024-07-08T08:30:00Z'],
  ];
  for (const [name, start, hours, wh, expected] of cases) {
    it(`${name}: ${start} + ${hours}h = ${expected}`, () => {
      assert.equal(addWorkingHours(at(start), hours, wh).toISOString(), at(expected).toISOString());
    });
  }

  it('refuses negative or non-finite hours', () => {
    assert.throws(() => addWorkingHours(at('2024-01-15T09:00:00Z'), -1, NINE_TO_FIVE), RangeError);
    assert.throws(() => addWorkingHours(at('2024-01-15T09:00:00Z'), Number.NaN, NINE_TO_FIVE), RangeError);
    assert.throws(() => addWorkingHours(at('2024-01-15T09:00:00Z'), Infinity, NINE_TO_FIVE), RangeError);
  });

  const badHours: [string, WorkingHours][] = [
    ['a time without a leading zero', { opensAt: '9:00', closesAt: '17:00' }],
    ['a time that does not exist', { opensAt: '09:00', closesAt: '25:00' }],
    ['hours that close before they open', { opensAt: '17:00', closesAt: '09:00' }],
    ['hours that close as they open', { opensAt: '09:00', closesAt: '09:00' }],
  ];
  for (const [name, wh] of badHours) {
    it(`refuses working hours with ${name}`, () => {
      assert.throws(() => addWorkingHours(at('2024-01-15T09:00:00Z'), 1, wh), RangeError);
    });
  }

  it('accepts a 24-hour working day that closes at 24:00', () => {
    const allDay = { opensAt: '00:00', closesAt: '24:00' };
    assert.equal(addWorkingHours(at('2024-01-12T20:00:00Z'), 6, allDay).toISOString(), '2024-01-15T02:00:00.000Z');
  });

  it('refuses to count into a year whose holidays are not in the table', () => {
    assert.throws(() => addWorkingHours(at('2035-12-31T16:00:00Z'), 2, NINE_TO_FIVE), RangeError);
  });
});

describe('workingMinutesBetween', () => {
  const cases: [string, string, string, WorkingHours, number][] = [
    ['Friday 16:00 to Monday 12:00', '2024-01-12T16:00:00Z', '2024-01-15T12:00:00Z', NINE_TO_FIVE, 240],
    ['a weekend only', '2024-01-13T00:00:00Z', '2024-01-14T23:59:00Z', NINE_TO_FIVE, 0],
    ['the end before the start', '2024-01-15T12:00:00Z', '2024-01-15T10:00:00Z', NINE_TO_FIVE, 0],
    ['the same instant', '2024-01-15T12:00:00Z', '2024-01-15T12:00:00Z', NINE_TO_FIVE, 0],
    ['overnight, outside hours', '2024-01-15T17:30:00Z', '2024-01-16T08:30:00Z', NINE_TO_FIVE, 0],
    ['across the clocks going back', '2025-10-24T15:00:00Z', '2025-10-27T12:00:00Z', NINE_TO_FIVE, 240],
    ['across Easter 2024', '2024-03-28T16:00:00Z', '2024-04-02T11:00:00Z', NINE_TO_FIVE, 240],
    ['a whole working week in summer', '2024-07-01T00:00:00Z', '2024-07-06T00:00:00Z', NINE_TO_FIVE, 5 * 8 * 60],
    ['a fraction of a minute', '2024-01-15T10:00:00Z', '2024-01-15T10:00:30Z', NINE_TO_FIVE, 0.5],
  ];
  for (const [name, start, end, wh, expected] of cases) {
    it(`counts ${name}: ${expected} minutes`, () => {
      assert.equal(workingMinutesBetween(at(start), at(end), wh), expected);
    });
  }

  it('is the inverse of addWorkingHours for starts around the year, in and out of hours', () => {
    const starts = [
      '2024-01-12T16:00:00Z', // Friday afternoon, GMT
      '2024-01-13T10:00:00Z', // Saturday
      '2024-03-28T12:34:00Z', // before Easter and the clocks going forward
      '2024-03-31T00:30:00Z', // the Sunday the clocks go forward
      '2024-05-03T16:59:00Z', // before the early May holiday
      '2024-07-01T07:59:00Z', // just before opening in summer
      '2024-10-25T16:15:00Z', // before the clocks go back
      '2024-10-27T01:30:00Z', // during the repeated hour
      '2024-12-20T12:00:00Z', // before Christmas
      '2022-06-01T11:11:11Z', // before the Platinum Jubilee
    ];
    const hours = [0, 0.5, 1, 4, 7.75, 8, 24, 72, 100];
    for (const wh of [NINE_TO_FIVE, LONG_DAY]) {
      for (const start of starts) {
        for (const h of hours) {
          const due = addWorkingHours(at(start), h, wh);
          assert.equal(workingMinutesBetween(at(start), due, wh), h * 60, `${start} + ${h}h (${wh.opensAt}–${wh.closesAt})`);
        }
      }
    }
  });
});

describe('isWithinWorkingHours', () => {
  const cases: [string, string, boolean][] = [
    ['Monday 09:00 GMT, at opening', '2024-01-15T09:00:00Z', true],
    ['Monday 08:59 GMT', '2024-01-15T08:59:00Z', false],
    ['Monday 16:59 GMT', '2024-01-15T16:59:00Z', true],
    ['Monday 17:00 GMT, at closing', '2024-01-15T17:00:00Z', false],
    ['Monday 09:00 BST (08:00 UTC)', '2024-07-01T08:00:00Z', true],
    ['Monday 08:30 BST (07:30 UTC)', '2024-07-01T07:30:00Z', false],
    ['Monday 17:30 BST (16:30 UTC)', '2024-07-01T16:30:00Z', false],
    ['Saturday midday', '2024-01-13T12:00:00Z', false],
    ['Good Friday midday', '2024-03-29T12:00:00Z', false],
    ['the Coronation bank holiday', '2023-05-08T11:00:00Z', false],
  ];
  for (const [name, instant, expected] of cases) {
    it(`${expected ? 'is' : 'is not'} within 09:00–17:00 on ${name}`, () => {
      assert.equal(isWithinWorkingHours(at(instant), NINE_TO_FIVE), expected);
    });
  }
});

describe('addHours: the continuous clock (Red)', () => {
  const cases: [string, string, number, string][] = [
    ['through a night and a weekend', '2024-01-12T16:00:00Z', 4, '2024-01-12T20:00:00Z'],
    ['in real hours across the clocks going forward', '2025-03-30T00:30:00Z', 2, '2025-03-30T02:30:00Z'],
    ['fractional hours', '2024-01-12T16:00:00Z', 0.5, '2024-01-12T16:30:00Z'],
    ['across a bank holiday, which does not stop it', '2024-12-24T16:00:00Z', 48, '2024-12-26T16:00:00Z'],
  ];
  for (const [name, start, hours, expected] of cases) {
    it(`runs ${name}: ${start} + ${hours}h = ${expected}`, () => {
      assert.equal(addHours(at(start), hours).toISOString(), at(expected).toISOString());
    });
  }

  it('rejects an invalid Date', () => {
    assert.throws(() => addHours(new Date('nonsense'), 1), RangeError);
  });
});

describe('London clock time (internal)', () => {
  it('agrees with Intl on the offset every 5 hours and 11 minutes over 2005–2035', () => {
    for (let ms = Date.UTC(2005, 0, 1); ms < Date.UTC(2036, 0, 1); ms += (5 * 60 + 11) * 60_000) {
      assert.equal(londonOffsetAt(ms), intlOffsetAt(ms), new Date(ms).toISOString());
    }
  });

  it('changes the offset at 01:00 UTC on the last Sundays of March and October, every year 2005–2035', () => {
    const lastSunday = (year: number, month: number): number => {
      const last = new Date(Date.UTC(year, month + 1, 0));
      return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay());
    };
    for (let year = 2005; year <= 2035; year += 1) {
      const spring = lastSunday(year, 2) + 3_600_000;
      const autumn = lastSunday(year, 9) + 3_600_000;
      assert.equal(londonOffsetAt(spring - 1), 0, `${year}`);
      assert.equal(londonOffsetAt(spring), 3_600_000, `${year}`);
      assert.equal(londonOffsetAt(autumn - 1), 3_600_000, `${year}`);
      assert.equal(londonOffsetAt(autumn), 0, `${year}`);
    }
  });

  const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const wallTimes: [string, string, number, string][] = [
    ['09:00 in winter', '2025-01-06', 9 * 60, '2025-01-06T09:00:00Z'],
    ['09:00 in summer', '2025-07-07', 9 * 60, '2025-07-07T08:00:00Z'],
    ['00:30 before the clocks go forward', '2025-03-30', 30, '2025-03-30T00:30:00Z'],
    ['01:30, skipped when the clocks go forward, read as 02:30 BST', '2025-03-30', 90, '2025-03-30T01:30:00Z'],
    ['03:00 after the clocks go forward', '2025-03-30', 180, '2025-03-30T02:00:00Z'],
    ['01:30, repeated when the clocks go back, as the earlier (BST) one', '2025-10-26', 90, '2025-10-26T00:30:00Z'],
    ['03:00 after the clocks go back', '2025-10-26', 180, '2025-10-26T03:00:00Z'],
    ['24:00 is midnight at the end of the day', '2025-07-07', 1440, '2025-07-07T23:00:00Z'],
  ];
  for (const [name, date, minute, expected] of wallTimes) {
    it(`finds the instant of ${name}`, () => {
      assert.equal(new Date(utcOfLondonWallTime(day(date), minute)).toISOString(), at(expected).toISOString());
    });
  }
});
