// Every deadline of both rulebooks, table-driven, from casework.rules.ts alone (pure: no database, no clock).
// Each expected date was worked out by hand, counting the working days in the comment beside it: "within N working
// days of X" counts from the day after X, Monday to Friday, skipping England and Wales bank holidays (statutory
// rules section 1). None of the expectations is computed with the code under test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RULEBOOKS,
  applyRule,
  assessmentSteps,
  deadline,
  describeRule,
  effectiveRulebook,
  icpcAnchor,
  icpcDeadline,
  reviewDeadline,
  ruleFor,
  STEPS,
  type HeldStrategyDiscussion,
  type LocalOverride,
  type RulebookCode,
  type Step,
} from '../../src/modules/casework/casework.rules.ts';
import { BANK_HOLIDAYS, addCalendarMonths } from '../../src/platform/calendar/index.ts';

const wt2010 = effectiveRulebook('wt2010');
const wt2023 = effectiveRulebook('wt2023');
const BOOKS = { wt2010, wt2023 } as const;

const SEVEN_DAYS: LocalOverride = { step: 'initial-assessment', amount: 7, unit: 'working-days', source: 'Camden LSCB procedures 2010, 3.2 (kept the Working Together 2006 figure)' };

type Row = [name: string, book: RulebookCode, step: Step, from: string, expected: string];

const dueOn = (book: RulebookCode, step: Step, from: string) => deadline(BOOKS[book], step, from)?.dueOn;

function table(rows: Row[]): void {
  for (const [name, book, step, from, expected] of rows) {
    it(`${book} ${step}: ${name}`, () => {
      assert.equal(dueOn(book, step, from), expected);
    });
  }
}

describe('decision on a referral: 1 working day from receipt, in both rulebooks', () => {
  const rows: [string, string, string][] = [
    // Fri 12 Jan 2024 → Sat, Sun skipped → Mon 15 (1).
    ['a Friday referral is due on the Monday', '2024-01-12', '2024-01-15'],
    // Thu 23 Dec 2010 → Fri 24 (1): Christmas Eve is a working day.
    ['Thursday 23 December 2010 is due on Christmas Eve', '2010-12-23', '2010-12-24'],
    // Fri 24 Dec 2010 → Sat 25, Sun 26, Mon 27 (Christmas substitute), Tue 28 (Boxing Day substitute) → Wed 29 (1).
    ['Christmas Eve 2010 skips both substitute days', '2010-12-24', '2010-12-29'],
    // Fri 31 Dec 2010 → Sat 1, Sun 2, Mon 3 Jan 2011 (New Year substitute) → Tue 4 (1).
    ['New Year’s Eve 2010 skips the New Year substitute day', '2010-12-31', '2011-01-04'],
    // Thu 21 Apr 2011 → Fri 22 (Good Friday), Sat, Sun, Mon 25 (Easter Monday) → Tue 26 (1).
    ['Maundy Thursday 2011 skips Good Friday and Easter Monday', '2011-04-21', '2011-04-26'],
    // Thu 28 Apr 2011 → Fri 29 (royal wedding), Sat, Sun, Mon 2 May (early May) → Tue 3 May (1).
    ['the eve of the 2011 royal wedding skips it and the early May holiday', '2011-04-28', '2011-05-03'],
    // Fri 25 May 2012 → Sat, Sun → Mon 28 May (1): the spring holiday moved to 4 June that year.
    ['the last Monday of May 2012 was a working day', '2012-05-25', '2012-05-28'],
    // Fri 1 Jun 2012 → Sat, Sun, Mon 4 (spring holiday, moved), Tue 5 (Diamond Jubilee) → Wed 6 (1).
    ['the 2012 Diamond Jubilee weekend', '2012-06-01', '2012-06-06'],
    // Fri 27 May 2022 → Sat, Sun → Mon 30 May (1): the spring holiday moved to Thursday 2 June.
    ['the last Monday of May 2022 was a working day', '2022-05-27', '2022-05-30'],
    // Wed 1 Jun 2022 → Thu 2 (spring holiday), Fri 3 (Platinum Jubilee), Sat, Sun → Mon 6 (1).
    ['the 2022 Platinum Jubilee weekend', '2022-06-01', '2022-06-06'],
    // Fri 16 Sep 2022 → Sat, Sun, Mon 19 (state funeral) → Tue 20 (1).
    ['the 2022 state funeral', '2022-09-16', '2022-09-20'],
    // Fri 5 May 2023 → Sat, Sun, Mon 8 (coronation) → Tue 9 (1).
    ['the 2023 coronation', '2023-05-05', '2023-05-09'],
    // Sat 13 Jan 2024 → Sun → Mon 15 (1): a referral received at a weekend still counts from the next day.
    ['a Saturday referral is due on the Monday', '2024-01-13', '2024-01-15'],
  ];
  table(rows.flatMap(([name, from, expected]) => (['wt2010', 'wt2023'] as const).map((book): Row => [name, book, 'referral-decision', from, expected])));
});

describe('Working Together 2010: initial assessment, 10 working days from the referral', () => {
  table([
    // Mon 8 Jan 2024 → Tue 9 (1), Wed 10 (2), Thu 11 (3), Fri 12 (4), Mon 15 (5), Tue 16 (6), Wed 17 (7), Thu 18 (8),
    // Fri 19 (9), Mon 22 (10).
    ['an ordinary fortnight', 'wt2010', 'initial-assessment', '2024-01-08', '2024-01-22'],
    // Thu 23 Dec 2010 → Fri 24 (1); Sat 25, Sun 26; Mon 27 and Tue 28 (substitutes for Christmas and Boxing Day);
    // Wed 29 (2), Thu 30 (3), Fri 31 (4); Sat 1, Sun 2; Mon 3 Jan 2011 (New Year substitute); Tue 4 (5), Wed 5 (6),
    // Thu 6 (7), Fri 7 (8); Sat 8, Sun 9; Mon 10 (9), Tue 11 (10).
    ['over Christmas and New Year 2010, with three substitute days', 'wt2010', 'initial-assessment', '2010-12-23', '2011-01-11'],
    // Wed 20 Apr 2011 → Thu 21 (1); Fri 22 Good Friday, Mon 25 Easter Monday; Tue 26 (2), Wed 27 (3), Thu 28 (4);
    // Fri 29 royal wedding, Mon 2 May early May; Tue 3 (5), Wed 4 (6), Thu 5 (7), Fri 6 (8), Mon 9 (9), Tue 10 (10).
    ['over Easter 2011, the royal wedding and the early May holiday', 'wt2010', 'initial-assessment', '2011-04-20', '2011-05-10'],
    // Mon 28 May 2012 → Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jun (4); Mon 4 spring holiday, Tue 5 Diamond Jubilee;
    // Wed 6 (5), Thu 7 (6), Fri 8 (7), Mon 11 (8), Tue 12 (9), Wed 13 (10).
    ['over the 2012 Diamond Jubilee', 'wt2010', 'initial-assessment', '2012-05-28', '2012-06-13'],
  ]);

  it('is 7 working days under a local override, with its own source, marked local', () => {
    const book = effectiveRulebook('wt2010', [SEVEN_DAYS]);
    // Thu 23 Dec 2010 → Fri 24 (1), Wed 29 (2), Thu 30 (3), Fri 31 (4), Tue 4 Jan (5), Wed 5 (6), Thu 6 (7).
    const christmas = deadline(book, 'initial-assessment', '2010-12-23');
    assert.equal(christmas?.dueOn, '2011-01-06');
    assert.deepEqual(christmas?.rule, {
      rulebook: 'wt2010',
      rulebookName: 'Working Together 2010',
      step: 'initial-assessment',
      amount: 7,
      unit: 'working-days',
      from: 'the referral',
      source: SEVEN_DAYS.source,
      isLocal: true,
    });
    // Wed 20 Apr 2011 → Thu 21 (1), Tue 26 (2), Wed 27 (3), Thu 28 (4), Tue 3 May (5), Wed 4 (6), Thu 5 (7).
    assert.equal(deadline(book, 'initial-assessment', '2011-04-20')?.dueOn, '2011-05-05');
  });

  it('leaves the other figures national when one is overridden', () => {
    const book = effectiveRulebook('wt2010', [SEVEN_DAYS]);
    const core = deadline(book, 'core-assessment', '2022-05-16');
    assert.equal(core?.rule.isLocal, false);
    assert.equal(core?.rule.amount, 35);
    assert.equal(core?.rule.source, RULEBOOKS.wt2010.figures['core-assessment']?.source);
  });
});

describe('Working Together 2010: core assessment, 35 working days from its start', () => {
  table([
    // Mon 16 May 2022: 35 working days is 7 weeks (Mon 4 Jul) with no holiday; Thu 2 and Fri 3 June (spring holiday
    // moved, Platinum Jubilee) push it 2 working days on: Tue 5 Jul, Wed 6 Jul. Mon 30 May was a working day.
    // Counted: 17-20 May (1-4), 23-27 (5-9), 30 May-1 Jun (10-12), 6-10 Jun (13-17), 13-17 (18-22), 20-24 (23-27),
    // 27 Jun-1 Jul (28-32), 4 Jul (33), 5 Jul (34), 6 Jul (35).
    ['over the Platinum Jubilee', 'wt2010', 'core-assessment', '2022-05-16', '2022-07-06'],
    // Mon 22 Aug 2022 + 49 days is Mon 10 Oct (35 working days with no holiday); Mon 29 Aug (summer) and Mon 19 Sep
    // (state funeral) add 2: Tue 11 Oct, Wed 12 Oct.
    ['over the summer holiday and the state funeral', 'wt2010', 'core-assessment', '2022-08-22', '2022-10-12'],
  ]);
});

describe('Working Together 2018/2023: single assessment, 45 working days from the referral', () => {
  table([
    // Mon 3 Apr 2023 + 63 days is Mon 5 Jun (45 working days with no holiday). Holidays in between: Fri 7 Apr (Good
    // Friday), Mon 10 Apr (Easter Monday), Mon 1 May (early May), Mon 8 May (coronation), Mon 29 May (spring): 5
    // more working days: Tue 6 (1), Wed 7 (2), Thu 8 (3), Fri 9 (4), Mon 12 Jun (5).
    ['over Easter, early May, the coronation and the spring holiday 2023', 'wt2023', 'single-assessment', '2023-04-03', '2023-06-12'],
    // Thu 21 Dec 2023 → Fri 22 (1); Mon 25, Tue 26 Christmas and Boxing Day; Wed 27 (2), Thu 28 (3), Fri 29 (4);
    // Mon 1 Jan 2024 New Year; Tue 2 Jan (5); then 40 more = 8 weeks with no holiday: Tue 27 Feb 2024 (45).
    ['over Christmas 2023 and New Year', 'wt2023', 'single-assessment', '2023-12-21', '2024-02-27'],
  ]);
});

describe('the rulebooks name different assessments', () => {
  it('WT2010 has initial and core assessments; WT2018/2023 one single assessment', () => {
    assert.deepEqual(assessmentSteps(RULEBOOKS.wt2010), ['initial-assessment', 'core-assessment']);
    assert.deepEqual(assessmentSteps(RULEBOOKS.wt2023), ['single-assessment']);
  });

  it('gives no deadline for the other regime’s assessments unless the board sets one', () => {
    assert.equal(deadline(wt2010, 'single-assessment', '2024-01-08'), undefined);
    assert.equal(deadline(wt2023, 'initial-assessment', '2024-01-08'), undefined);
    assert.equal(deadline(wt2023, 'core-assessment', '2024-01-08'), undefined);
  });
});

describe('initial child protection conference: 15 working days from a strategy discussion', () => {
  // Three strategy discussions, given out of order: the first (Mon 24 Apr 2023) asked for more information, the
  // second (Fri 28 Apr) initiated the section 47 enquiry, the third (Wed 10 May) reviewed it.
  const discussions: HeldStrategyDiscussion[] = [
    { id: 'sd-third', heldOn: '2023-05-10', initiatedSection47: false },
    { id: 'sd-first', heldOn: '2023-04-24', initiatedSection47: false },
    { id: 'sd-initiating', heldOn: '2023-04-28', initiatedSection47: true },
  ];

  it('WT2010 counts from the LAST strategy discussion', () => {
    // Wed 10 May 2023 → Thu 11 (1), Fri 12 (2), Mon 15 (3), Tue 16 (4), Wed 17 (5), Thu 18 (6), Fri 19 (7), Mon 22 (8),
    // Tue 23 (9), Wed 24 (10), Thu 25 (11), Fri 26 (12); Mon 29 May spring holiday; Tue 30 (13), Wed 31 (14),
    // Thu 1 Jun (15).
    const d = icpcDeadline(wt2010, discussions);
    assert.equal(d?.anchorId, 'sd-third');
    assert.equal(d?.dueOn, '2023-06-01');
    assert.equal(d?.rule.from, 'the last strategy discussion');
  });

  it('WT2018/2023 counts from the strategy discussion that INITIATED the section 47 enquiry', () => {
    // Fri 28 Apr 2023 → Mon 1 May early May holiday; Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4); Mon 8 coronation;
    // Tue 9 (5), Wed 10 (6), Thu 11 (7), Fri 12 (8), Mon 15 (9), Tue 16 (10), Wed 17 (11), Thu 18 (12), Fri 19 (13),
    // Mon 22 (14), Tue 23 (15).
    const d = icpcDeadline(wt2023, discussions);
    assert.equal(d?.anchorId, 'sd-initiating');
    assert.equal(d?.dueOn, '2023-05-23');
    assert.equal(d?.rule.from, 'the strategy discussion at which the section 47 enquiry was initiated');
  });

  it('gives the same date under both rulebooks when only one discussion was held', () => {
    // Fri 9 Sep 2022 → Mon 12 (1) … Fri 16 (5); Mon 19 state funeral; Tue 20 (6) … Fri 23 (9), Mon 26 (10) … Fri 30 (14),
    // Mon 3 Oct (15).
    const one = [{ id: 'only', heldOn: '2022-09-09', initiatedSection47: true }];
    assert.equal(icpcDeadline(wt2010, one)?.dueOn, '2022-10-03');
    assert.equal(icpcDeadline(wt2023, one)?.dueOn, '2022-10-03');
  });

  it('counts from the first discussion under WT2018/2023 when none is marked as initiating', () => {
    const none = discussions.map((d) => ({ ...d, initiatedSection47: false }));
    assert.equal(icpcAnchor(RULEBOOKS.wt2023, none)?.id, 'sd-first');
    assert.equal(icpcAnchor(RULEBOOKS.wt2010, none)?.id, 'sd-third');
  });

  it('has no deadline before any strategy discussion is held', () => {
    assert.equal(icpcDeadline(wt2010, []), undefined);
    assert.equal(icpcDeadline(wt2023, []), undefined);
  });
});

describe('first core group: 10 working days from the ICPC, in both rulebooks', () => {
  const rows: [string, string, string][] = [
    // Fri 9 Sep 2022 → Mon 12 (1), Tue 13 (2), Wed 14 (3), Thu 15 (4), Fri 16 (5); Mon 19 state funeral; Tue 20 (6),
    // Wed 21 (7), Thu 22 (8), Fri 23 (9), Mon 26 (10).
    ['over the state funeral', '2022-09-09', '2022-09-26'],
    // Fri 25 May 2012 → Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Jun (5); Mon 4 and Tue 5 Jun holidays;
    // Wed 6 (6), Thu 7 (7), Fri 8 (8), Mon 11 (9), Tue 12 (10).
    ['over the Diamond Jubilee', '2012-05-25', '2012-06-12'],
    // Wed 15 Dec 2021 → Thu 16 (1), Fri 17 (2), Mon 20 (3), Tue 21 (4), Wed 22 (5), Thu 23 (6), Fri 24 (7); Mon 27 and
    // Tue 28 (substitutes: Christmas fell on a Saturday); Wed 29 (8), Thu 30 (9), Fri 31 (10).
    ['over Christmas 2021', '2021-12-15', '2021-12-31'],
  ];
  table(rows.flatMap(([name, from, expected]) => (['wt2010', 'wt2023'] as const).map((book): Row => [name, book, 'first-core-group', from, expected])));
});

describe('review conferences: 3 calendar months after the ICPC, then at most 6 months apart', () => {
  it('adds calendar months as src/platform/calendar does: the same day, or the last day of a shorter month', () => {
    // The calendar's own rule, asserted here because the review deadlines rest on it.
    assert.equal(addCalendarMonths('2023-01-31', 1), '2023-02-28');
    assert.equal(addCalendarMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addCalendarMonths('2024-03-31', 1), '2024-04-30');
  });

  const first: [string, string, string][] = [
    // 15 Jan + 3 months = 15 Apr 2023, a Saturday: calendar-month steps are not moved off a weekend.
    ['the same day three months on, even a Saturday', '2023-01-15', '2023-04-15'],
    // 30 Nov 2023 + 3 months = "30 Feb 2024" → 29 Feb (leap year).
    ['clamped to 29 February in a leap year', '2023-11-30', '2024-02-29'],
    // 30 Nov 2022 + 3 months = "30 Feb 2023" → 28 Feb.
    ['clamped to 28 February otherwise', '2022-11-30', '2023-02-28'],
    // 31 Mar 2023 + 3 months = "31 Jun" → 30 Jun.
    ['clamped to 30 June', '2023-03-31', '2023-06-30'],
    // 31 Oct 2023 + 3 months = 31 Jan 2024, across the year end.
    ['across the year end', '2023-10-31', '2024-01-31'],
  ];
  for (const [name, icpcOn, expected] of first) {
    for (const book of ['wt2010', 'wt2023'] as const) {
      it(`${book} first review: ${name}`, () => {
        const d = reviewDeadline(BOOKS[book], icpcOn, null);
        assert.equal(d?.dueOn, expected);
        assert.equal(d?.rule.step, 'first-review');
      });
    }
  }

  const later: [string, string, string][] = [
    // 31 Aug 2023 + 6 months = "31 Feb 2024" → 29 Feb.
    ['clamped to 29 February', '2023-08-31', '2024-02-29'],
    // 29 Feb 2024 + 6 months = 29 Aug 2024 (does not drift back to the 31st).
    ['from a 29 February review', '2024-02-29', '2024-08-29'],
    // 31 Dec 2022 + 6 months = "31 Jun 2023" → 30 Jun.
    ['clamped to 30 June', '2022-12-31', '2023-06-30'],
  ];
  for (const [name, lastReviewOn, expected] of later) {
    for (const book of ['wt2010', 'wt2023'] as const) {
      it(`${book} later review: ${name}`, () => {
        // The ICPC's date is ignored once there has been a review.
        const d = reviewDeadline(BOOKS[book], '2020-01-01', lastReviewOn);
        assert.equal(d?.dueOn, expected);
        assert.equal(d?.rule.step, 'later-review');
        assert.equal(d?.rule.amount, 6);
      });
    }
  }
});

describe('after a pre-birth conference: review or core group within 10 days of the birth (20 if the mother is not medically fit)', () => {
  const rows: [string, Step, string, string][] = [
    // 20 Dec 2023 + 10 calendar days = 30 Dec (a Saturday: calendar days, not moved).
    ['10 days, over Christmas, landing on a Saturday', 'post-birth-review', '2023-12-20', '2023-12-30'],
    // 20 Dec 2023 + 20 = 9 Jan 2024 (11 days left in December, then 9).
    ['20 days into the new year', 'post-birth-review-mother-unwell', '2023-12-20', '2024-01-09'],
    // 20 Feb 2024 + 10 = 1 Mar (29 days in February 2024: 21..29 is 9 days, then 1 Mar).
    ['10 days across a leap-year February', 'post-birth-review', '2024-02-20', '2024-03-01'],
    // 20 Feb 2024 + 20 = 11 Mar.
    ['20 days across a leap-year February', 'post-birth-review-mother-unwell', '2024-02-20', '2024-03-11'],
  ];
  table(rows.flatMap(([name, step, from, expected]) => (['wt2010', 'wt2023'] as const).map((book): Row => [name, book, step, from, expected])));

  it('cites the London Child Protection Procedures', () => {
    for (const book of [wt2010, wt2023]) {
      assert.match(ruleFor(book, 'post-birth-review')!.source, /London Child Protection Procedures 4\.1\.22/);
      assert.match(ruleFor(book, 'post-birth-review-mother-unwell')!.source, /London Child Protection Procedures 4\.1\.22/);
    }
  });
});

describe('a working-day deadline never lands on a weekend or a bank holiday', () => {
  // Independent of the calendar's own functions: the weekday from Date, the holidays from the published table.
  const holidays = new Set(BANK_HOLIDAYS.map((h) => h.date));
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const isWorking = (day: string) => {
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6 && !holidays.has(day);
  };
  /** Counts working days after `from` up to and including `to`, one day at a time. */
  const countWorking = (from: string, to: string) => {
    let n = 0;
    for (let ms = Date.parse(`${from}T00:00:00Z`) + 86_400_000; ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) if (isWorking(iso(ms))) n += 1;
    return n;
  };
  const workingSteps = (book: RulebookCode) =>
    (Object.keys(STEPS) as Step[]).map((step) => ruleFor(BOOKS[book], step)).filter((r): r is NonNullable<typeof r> => r?.unit === 'working-days');

  it('for every working-day step of both rulebooks, from every day of 2010 to 2024', () => {
    let checked = 0;
    for (const book of ['wt2010', 'wt2023'] as const) {
      const rules = workingSteps(book);
      assert.ok(rules.length >= 4, `${book} has working-day steps`);
      for (let ms = Date.parse('2010-01-01T00:00:00Z'); ms <= Date.parse('2024-12-31T00:00:00Z'); ms += 86_400_000) {
        const from = iso(ms);
        for (const rule of rules) {
          const due = deadline(BOOKS[book], rule.step, from)!.dueOn;
          assert.ok(isWorking(due), `${book} ${rule.step} from ${from} lands on ${due}`);
          assert.ok(due > from, `${book} ${rule.step} from ${from}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 30_000);
  });

  it('counts exactly N working days (sampled every 6th day, so starts fall on every day of the week)', () => {
    for (const book of ['wt2010', 'wt2023'] as const) {
      for (const rule of workingSteps(book)) {
        for (let ms = Date.parse('2010-01-01T00:00:00Z'); ms <= Date.parse('2024-12-31T00:00:00Z'); ms += 86_400_000 * 6) {
          const from = iso(ms);
          const due = applyRule(rule, from);
          assert.equal(countWorking(from, due), rule.amount, `${book} ${rule.step} from ${from}`);
          // And the day before the due date would not have been enough.
          assert.equal(countWorking(from, iso(Date.parse(`${due}T00:00:00Z`) - 86_400_000)), rule.amount - 1, `${book} ${rule.step} from ${from}`);
        }
      }
    }
  });

  it('puts every ICPC on a working day, whichever discussion it counts from', () => {
    for (let ms = Date.parse('2010-01-01T00:00:00Z'); ms <= Date.parse('2024-12-31T00:00:00Z'); ms += 86_400_000) {
      const held = [{ id: 'a', heldOn: iso(ms), initiatedSection47: true }, { id: 'b', heldOn: iso(ms + 3 * 86_400_000), initiatedSection47: false }];
      for (const book of [wt2010, wt2023]) assert.ok(isWorking(icpcDeadline(book, held)!.dueOn));
    }
  });
});

describe('describeRule: the rule shown beside every deadline', () => {
  const cases: [string, RulebookCode, Step, LocalOverride[], string][] = [
    ['one working day, singular', 'wt2010', 'referral-decision', [], '1 working day from the referral (Working Together 2010)'],
    ['the initial assessment', 'wt2010', 'initial-assessment', [], '10 working days from the referral (Working Together 2010)'],
    ['a local rule', 'wt2010', 'initial-assessment', [SEVEN_DAYS], '7 working days from the referral (Working Together 2010, local rule)'],
    ['the core assessment', 'wt2010', 'core-assessment', [], '35 working days from the start of the core assessment (Working Together 2010)'],
    ['the single assessment', 'wt2023', 'single-assessment', [], '45 working days from the referral (Working Together 2018/2023)'],
    ['the WT2010 ICPC', 'wt2010', 'icpc', [], '15 working days from the last strategy discussion (Working Together 2010)'],
    ['the WT2023 ICPC', 'wt2023', 'icpc', [], '15 working days from the strategy discussion at which the section 47 enquiry was initiated (Working Together 2018/2023)'],
    ['the first core group', 'wt2023', 'first-core-group', [], '10 working days from the initial child protection conference (Working Together 2018/2023)'],
    ['months', 'wt2010', 'first-review', [], '3 months from the initial child protection conference (Working Together 2010)'],
    ['later reviews', 'wt2023', 'later-review', [], '6 months from the previous review conference (Working Together 2018/2023)'],
    ['calendar days', 'wt2023', 'post-birth-review', [], '10 days from the birth (Working Together 2018/2023)'],
    ['20 calendar days', 'wt2010', 'post-birth-review-mother-unwell', [], '20 days from the birth (Working Together 2010)'],
    [
      'a local figure for a step with no national one',
      'wt2023',
      'strategy-discussion',
      [{ step: 'strategy-discussion', amount: 1, unit: 'working-days', source: 'Camden local procedures 2024, 5.1' }],
      '1 working day from the decision to hold a strategy discussion (Working Together 2018/2023, local rule)',
    ],
    ['one month, singular', 'wt2010', 'first-review', [{ step: 'first-review', amount: 1, unit: 'calendar-months', source: 'local' }], '1 month from the initial child protection conference (Working Together 2010, local rule)'],
  ];
  for (const [name, code, step, overrides, expected] of cases) {
    it(`words ${name}`, () => {
      assert.equal(describeRule(ruleFor(effectiveRulebook(code, overrides), step)!), expected);
    });
  }
});

describe('steps without a figure', () => {
  it('give no deadline for a strategy discussion in either rulebook (no national timescale)', () => {
    assert.equal(ruleFor(wt2010, 'strategy-discussion'), undefined);
    assert.equal(deadline(wt2010, 'strategy-discussion', '2024-01-08'), undefined);
    assert.equal(deadline(wt2023, 'strategy-discussion', '2024-01-08'), undefined);
  });

  it('give the board’s figure when it sets one, with the board’s source', () => {
    const book = effectiveRulebook('wt2023', [{ step: 'strategy-discussion', amount: 1, unit: 'working-days', source: 'Camden local procedures 2024, 5.1' }]);
    // Fri 5 May 2023 → Mon 8 coronation → Tue 9 (1).
    const d = deadline(book, 'strategy-discussion', '2023-05-05');
    assert.equal(d?.dueOn, '2023-05-09');
    assert.equal(d?.rule.isLocal, true);
    assert.equal(d?.rule.source, 'Camden local procedures 2024, 5.1');
  });

  it('every national figure names its source and its rulebook', () => {
    for (const code of ['wt2010', 'wt2023'] as const) {
      for (const step of Object.keys(STEPS) as Step[]) {
        const rule = ruleFor(BOOKS[code], step);
        if (!rule) continue;
        assert.ok(rule.source.length > 20, `${code} ${step}`);
        assert.match(rule.source, /statutory-rules\.md section 2/);
        assert.equal(rule.isLocal, false);
      }
      assert.match(ruleFor(BOOKS[code], 'icpc')!.source, code === 'wt2010' ? /Working Together to Safeguard Children 2010/ : /Working Together to Safeguard Children 2018\/2023/);
    }
  });

  it('refuses an unknown rulebook', () => {
    assert.throws(() => effectiveRulebook('wt1999' as RulebookCode), /Unknown rulebook/);
  });
});
