import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOf } from './dates.ts';
import { AGENCY_QUALITY, DEFAULT_ERROR_RATES, ERROR_KINDS, recordPerson, resolveErrorRates, type ErrorRates, type RecordSubject } from './error-model.ts';
import { diminutivesOf } from './names.ts';
import { Rng } from './prng.ts';

// Someone eligible for every kind of error: a diminutive, a middle name, a two-part surname with diacritics,
// a previous surname, a day of birth of 12 or less, an NHS number and two addresses.
const subject: RecordSubject = {
  forename: 'Robert',
  middleNames: 'James',
  surname: 'Wójcik-Dąbrowski',
  previousSurname: 'Kowalczyk',
  sex: 'M',
  dob: dayOf(2015, 3, 7),
  nhsNumber: '9990000018',
  upn: '',
  tradition: 'polish',
  residences: [
    { address: { id: 'A1', line: '1 Old Road', postcode: 'E1 9AB', laCode: '211' }, from: dayOf(2015, 3, 7), to: dayOf(2020, 1, 1) },
    { address: { id: 'A2', line: '2 New Road', postcode: 'E6 9XY', laCode: '316' }, from: dayOf(2020, 1, 2), to: null },
  ],
};
const asOf = dayOf(2024, 6, 1);
const none = Object.fromEntries(Object.keys(DEFAULT_ERROR_RATES).map((k) => [k, 0])) as unknown as ErrorRates;

/** What each error must have done to the record, checked on every record that names it. */
const effects: Record<string, (r: ReturnType<typeof recordPerson>) => boolean> = {
  typo: (r) => r.forename !== subject.forename || r.surname !== subject.surname,
  nickname: (r) => diminutivesOf('Robert').includes(r.forename),
  transliteration: (r) => r.surname !== subject.surname && !/[óą]/.test(r.surname),
  hyphenation: (r) => ['Wójcik', 'Dąbrowski', 'Wójcik Dąbrowski'].includes(r.surname),
  'previous-surname': (r) => r.surname === 'Kowalczyk',
  'name-swap': (r) => r.forename === subject.surname && r.surname === subject.forename,
  'middle-name-in-forename': (r) => r.forename === 'Robert James' && r.middleNames === '',
  'dob-missing': (r) => r.dob === '',
  'dob-day-month-swap': (r) => r.dob === '2015-07-03',
  'dob-typo': (r) => r.dob !== '2015-03-07' && /^\d{4}-\d{2}-\d{2}$/.test(r.dob),
  'nhs-wrong': (r) => r.nhsNumber !== '' && r.nhsNumber !== subject.nhsNumber,
  'old-address': (r) => r.postcode === 'E1 9AB',
  'postcode-typo': (r) => !['E1 9AB', 'E6 9XY'].includes(r.postcode),
  alias: (r) => r.aliases !== '',
  'sex-error': (r) => r.sex !== 'M',
};

describe('the error model', () => {
  const n = 6000;
  const rate = 0.2;
  for (const kind of Object.keys(effects)) {
    it(`injects ${kind} at its configured rate, and the record shows it`, () => {
      const rng = new Rng(kind.length * 7919);
      const rates = { ...none, [kind]: rate };
      let count = 0;
      let eligible = 0;
      for (let i = 0; i < n; i++) {
        // Children's social care: error multiplier 1, holds the NHS number 60% of the time.
        const r = recordPerson(rng, subject, 'childrens-social-care', asOf, rates);
        if (kind !== 'nhs-wrong' || r.errors.includes('nhs-wrong') || r.nhsNumber !== '') eligible++;
        if (!r.errors.includes(kind as never)) continue;
        count++;
        assert.ok(effects[kind]?.(r), `${kind} did not show in ${JSON.stringify(r)}`);
        assert.deepEqual(r.errors.filter((e) => e !== 'nhs-missing'), [kind]);
      }
      const sd = Math.sqrt(eligible * rate * (1 - rate));
      assert.ok(Math.abs(count - eligible * rate) < 4.5 * sd, `${kind}: ${count} of ${eligible}, expected about ${Math.round(eligible * rate)}`);
    });
  }

  it('leaves a record clean when every rate is zero, apart from identifiers the agency does not hold', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const r = recordPerson(rng, subject, 'health', asOf, none);
      assert.deepEqual(r.errors.filter((e) => e !== 'nhs-missing'), []);
      assert.equal(r.forename, 'Robert');
      assert.equal(r.dob, '2015-03-07');
      assert.equal(r.postcode, 'E6 9XY');
    }
  });

  it('holds NHS numbers at each kind of agency’s rate: nearly always in health, rarely at the police', () => {
    const rng = new Rng(2);
    const missing = (kind: 'health' | 'police'): number => {
      let m = 0;
      for (let i = 0; i < 4000; i++) if (recordPerson(rng, subject, kind, asOf, none).errors.includes('nhs-missing')) m++;
      return m / 4000;
    };
    assert.ok(Math.abs(missing('health') - (1 - AGENCY_QUALITY.health.holdsNhsNumber)) < 0.015);
    assert.ok(Math.abs(missing('police') - (1 - AGENCY_QUALITY.police.holdsNhsNumber)) < 0.02);
  });

  it('triples name swaps for traditions that write the family name first', () => {
    const rng = new Rng(3);
    const chinese: RecordSubject = { ...subject, forename: 'Wei', surname: 'Zhang', previousSurname: '', middleNames: '', tradition: 'chinese' };
    let swaps = 0;
    for (let i = 0; i < 6000; i++) if (recordPerson(rng, chinese, 'childrens-social-care', asOf, { ...none, 'name-swap': 0.05 }).errors.includes('name-swap')) swaps++;
    assert.ok(Math.abs(swaps / 6000 - 0.15) < 0.02, `${swaps / 6000}`);
  });

  it('documents every kind with a default rate between 0 and 1, and scales or overrides rates', () => {
    for (const [kind, { rate: r, eligible, effect }] of Object.entries(ERROR_KINDS)) {
      assert.ok(r > 0 && r < 1, kind);
      assert.ok(eligible.length > 0 && effect.length > 0, kind);
    }
    assert.equal(resolveErrorRates({}, 0).typo, 0);
    assert.equal(resolveErrorRates({ typo: 0.5 }, 2).typo, 1);
    assert.throws(() => resolveErrorRates({ typo: 2 }));
  });
});
