import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areLikelyTwins, compareRecords, createCompareContext, FIELD, FIELDS, levelInPattern, newComparison, oneDigitEdit, patternOf } from './comparators.ts';
import { PreparedSet, TermFrequencies, type PersonRecord } from './prepare.ts';

const base: PersonRecord = { id: 'base', forenames: null, surname: null, dob: null };

/** Compare two records (with optional others for name frequencies) and name the level of every field. */
function compare(a: Partial<PersonRecord>, b: Partial<PersonRecord>, others: Partial<PersonRecord>[] = []): Record<string, string> & { tf: Float64Array; twins: boolean } {
  const set = PreparedSet.from([{ ...base, ...a, id: 'a' }, { ...base, ...b, id: 'b' }, ...others.map((o, k) => ({ ...base, ...o, id: `o${k}` }))]);
  const tf = new TermFrequencies();
  tf.countAll(set);
  const ctx = createCompareContext(set.vocabulary.names.view(), set.vocabulary.others.view(), tf.view());
  const c = newComparison();
  const v = set.view();
  compareRecords(ctx, v, 0, v, 1, c);
  const out: Record<string, string> = {};
  FIELDS.forEach((f, k) => (out[f.name] = c.levels[k]! < 0 ? 'missing' : f.levels[c.levels[k]!]!.key));
  return Object.assign(out, { tf: c.tf, twins: areLikelyTwins(v, 0, v, 1, c) });
}

describe('forename levels', () => {
  const cases: [string, string, string, string][] = [
    ['the same', 'Robert', 'robert', 'exact'],
    ['a diminutive', 'Robert', 'Bob', 'equivalent'],
    ['a transliteration', 'Mohammed', 'Muhammad', 'equivalent'],
    ['a typo', 'Olivia', 'Olivai', 'close'],
    ['one edit', 'Nia', 'Mia', 'close'],
    ['names that sound alike', 'Phoebe', 'Feebee', 'phonetic'],
    ['the second given name', 'Nia Keisha', 'Keisha', 'other-given-name'],
    ['an initial', 'J', 'James', 'other-given-name'],
    ['loosely similar names', 'Isla', 'Isabelle', 'similar'],
    ['different names', 'Oliver', 'Amelia', 'different'],
    ['a missing forename', '', 'Amelia', 'missing'],
  ];
  for (const [what, a, b, level] of cases) {
    it(`calls ${what} (${a || '—'} / ${b}) ${level}`, () => assert.equal(compare({ forenames: a, surname: 'Smith' }, { forenames: b, surname: 'Smith' }).forename, level));
  }

  it('spots forename and surname swapped, and counts it once (on the forename)', () => {
    const c = compare({ forenames: 'Hamilton', surname: 'Daniel' }, { forenames: 'Daniel Nathan', surname: 'Hamilton' });
    assert.equal(c.forename, 'swapped');
    assert.equal(c.surname, 'missing');
  });

  it('uses an alias when it agrees better than the recorded name', () => {
    const c = compare({ forenames: 'Nia', surname: 'Powell', aliases: [{ forenames: 'Nia', surname: 'Thomas' }] }, { forenames: 'Nia', surname: 'Thomas' });
    assert.equal(c.surname, 'exact');
  });
});

describe('surname levels', () => {
  const cases: [string, string, string, string][] = [
    ['the same, however hyphenated', 'Baker-Harris', 'Baker Harris', 'exact'],
    ['the same, apostrophe or not', "O'Brien", 'OBrien', 'exact'],
    ['a transliteration', 'Wong', 'Huang', 'equivalent'],
    ['a spelling convention', 'Mistry', 'Mistri', 'equivalent'],
    ['one part of a double-barrelled name', 'Smith-Okafor', 'Okafor', 'part'],
    ['a typo', 'Williamson', 'Willaimson', 'close'],
    ['names that sound alike', 'Knight', 'Nite', 'phonetic'],
    ['loosely similar names', 'Davidson', 'Davies', 'similar'],
    ['different names', 'Smith', 'Jones', 'different'],
  ];
  for (const [what, a, b, level] of cases) {
    it(`calls ${what} (${a} / ${b}) ${level}`, () => assert.equal(compare({ forenames: 'Anna', surname: a }, { forenames: 'Anna', surname: b }).surname, level));
  }
});

describe('date of birth levels', () => {
  const cases: [string, string, string, string][] = [
    ['the same date', '2015-03-07', '2015-03-07', 'exact'],
    ['day and month swapped', '2015-03-07', '2015-07-03', 'day-month-swapped'],
    ['one digit wrong', '2015-03-07', '2015-03-08', 'one-edit'],
    ['two digits transposed', '2015-03-12', '2015-03-21', 'one-edit'],
    ['the year ten out', '2015-03-07', '2005-03-07', 'one-edit'],
    ['within a month', '2015-03-07', '2015-03-30', 'within-month'],
    ['within a year', '2015-03-07', '2014-06-20', 'within-year'],
    ['a few years apart', '2015-03-07', '2011-08-20', 'different'],
    ['a generation apart', '2015-03-07', '1984-11-20', 'different-generation'],
    ['one missing', '2015-03-07', '', 'missing'],
  ];
  for (const [what, a, b, level] of cases) {
    it(`calls ${what} ${level}`, () => assert.equal(compare({ dob: a }, { dob: b }).dob, level));
  }

  it('finds one-digit edits and transpositions on yyyymmdd numbers', () => {
    assert.equal(oneDigitEdit(20150307, 20150308), true);
    assert.equal(oneDigitEdit(20150312, 20150321), true);
    assert.equal(oneDigitEdit(20150307, 20160308), false);
  });
});

describe('sex, NHS number and UPN levels', () => {
  it('compares sex, with unknown as missing', () => {
    assert.equal(compare({ sex: 'F' }, { sex: 'F' }).sex, 'same');
    assert.equal(compare({ sex: 'F' }, { sex: 'M' }).sex, 'different');
    assert.equal(compare({ sex: 'F' }, { sex: 'U' }).sex, 'missing');
  });
  it('compares valid NHS numbers, and treats an invalid one as missing', () => {
    assert.equal(compare({ nhsNumber: '9434765919' }, { nhsNumber: '943 476 5919' }).nhs, 'same');
    assert.equal(compare({ nhsNumber: '9434765919' }, { nhsNumber: '9990755841' }).nhs, 'different');
    assert.equal(compare({ nhsNumber: '9434765919' }, { nhsNumber: '9434765918' }).nhs, 'missing');
  });
  it('compares UPNs', () => {
    assert.equal(compare({ upn: 'W201205723000' }, { upn: 'W201205723000' }).upn, 'same');
    assert.equal(compare({ upn: 'W201205723000' }, { upn: 'A20120572300Z' }).upn, 'different');
    assert.equal(compare({ upn: 'W201205723000' }, {}).upn, 'missing');
  });
});

describe('location levels', () => {
  const cases: [string, Partial<PersonRecord>, Partial<PersonRecord>, string][] = [
    ['any past address in common', { addresses: ['1 High St', '20 Cambridge Avenue'] }, { addresses: ['20 Cambridge Ave'] }, 'address'],
    ['a postcode in common', { postcodes: ['RM9 2YL'] }, { postcodes: ['rm92yl'] }, 'postcode'],
    ['a postcode sector in common', { postcodes: ['RM9 2YL'] }, { postcodes: ['RM9 2AB'] }, 'sector'],
    ['a district in common', { postcodes: ['RM9 2YL'] }, { postcodes: ['RM9 5AB'] }, 'district'],
    ['a town in common', { city: 'Leeds' }, { city: 'leeds' }, 'town'],
    ['a misspelt town', { city: 'Manchester' }, { city: 'Mancheser' }, 'town-similar'],
    ['nothing in common', { postcodes: ['RM9 2YL'] }, { postcodes: ['SE1 2NX'] }, 'different'],
    ['nothing to compare', { postcodes: ['RM9 2YL'] }, { city: 'Leeds' }, 'missing'],
  ];
  for (const [what, a, b, level] of cases) it(`calls ${what} ${level}`, () => assert.equal(compare(a, b).location, level));
});

describe('email levels', () => {
  const cases: [string, string, string][] = [
    ['anna.w16@brandt-wyatt.org', 'anna.w16@brandt-wyatt.org', 'exact'],
    ['anna.w16@brandt-wyatt.org', 'anna.w16@bd.andt-wyattrorg', 'same-user'],
    ['robert255@smith.net', 'roberta25@smith.net', 'close'],
    ['h.k@sharp.com', 'f.j@sharp.com', 'different'],
  ];
  for (const [a, b, level] of cases) it(`calls ${a} / ${b} ${level}`, () => assert.equal(compare({ email: a }, { email: b }).email, level));
});

describe('term frequencies', () => {
  it('reports how common an agreeing surname is, and how common it is among people of the same forename', () => {
    const others = [
      { forenames: 'Gurdeep', surname: 'Singh', dob: '1980-01-01' },
      { forenames: 'Gurdeep', surname: 'Singh', dob: '1981-01-01' },
      { forenames: 'Gurdeep', surname: 'Singh', dob: '1982-01-01' },
      { forenames: 'Gurdeep', surname: 'Sandhu', dob: '1983-01-01' },
      { forenames: 'Amrit', surname: 'Kaur', dob: '1984-01-01' },
      { forenames: 'Jo', surname: 'Brown', dob: '1985-01-01' },
    ];
    const same = compare({ forenames: 'Gurdeep', surname: 'Singh', dob: '1987-06-20' }, { forenames: 'Gurdeep', surname: 'Singh', dob: '1987-06-20' }, others);
    // Five Gurdeep identities, four of them Singh: leaving this one out, three of the other four are Singh.
    assert.equal(same.tf[FIELD.surname], 3 / 4);
    assert.equal(same.tf[FIELD.forename], 6 / 8);
    const typo = compare({ forenames: 'Amrit', surname: 'Sihgh' }, { forenames: 'Jo', surname: 'Singh' }, others);
    assert.equal(typo.surname, 'close');
    assert.equal(typo.tf[FIELD.surname], 4 / 8, 'a typo in a common surname is as common as the surname');
  });

  it('does not let one person’s many records make their whole name look common', () => {
    const copies = Array.from({ length: 5 }, () => ({ forenames: 'Robert', surname: 'Alan', dob: '1971-06-24' }));
    const others = [...copies, { forenames: 'Robert', surname: 'Jones', dob: '1990-01-01' }, { forenames: 'Robert', surname: 'King', dob: '1991-01-01' }];
    const c = compare(copies[0]!, copies[0]!, others);
    assert.equal(c.tf[FIELD.surname], 7 / 9, 'the surname’s own frequency, by record');
  });
});

describe('twins', () => {
  const home = { dob: '2015-12-03', surname: 'Kwok-Chan', postcodes: ['N17 7EJ'] };
  it('flags the same birthday and address with different forenames', () => {
    assert.equal(compare({ ...home, forenames: 'Junjie' }, { ...home, forenames: 'Hao' }).twins, true);
    assert.equal(compare({ ...home, forenames: 'Olivia Millie' }, { ...home, forenames: 'Millie Natasha' }).twins, true);
    assert.equal(compare({ ...home, forenames: 'Zainab', sex: 'F' }, { ...home, forenames: 'Zain', sex: 'M' }).twins, true);
  });
  it('does not flag a typo, a diminutive or a different birthday', () => {
    assert.equal(compare({ ...home, forenames: 'Olivia' }, { ...home, forenames: 'Olivai' }).twins, false);
    assert.equal(compare({ ...home, forenames: 'Robert' }, { ...home, forenames: 'Bob' }).twins, false);
    assert.equal(compare({ ...home, forenames: 'Junjie' }, { ...home, forenames: 'Hao', dob: '2016-12-03' }).twins, false);
  });
});

describe('comparison patterns', () => {
  it('pack every field level into one number and back', () => {
    const levels = new Int8Array([0, -1, 5, 1, -1, 0, 6, 2]);
    const p = patternOf(levels);
    for (let f = 0; f < levels.length; f++) assert.equal(levelInPattern(p, f), levels[f]);
  });
});
