import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBlockingIndex, forEachCandidate, PERSON_PASSES, type BlockingPass } from './blocking.ts';
import { PreparedSet, Vocabulary, type PersonRecord } from './prepare.ts';

const person = (id: string, r: Partial<PersonRecord>): PersonRecord => ({ id, forenames: null, surname: null, dob: null, ...r });

function candidatesOf(records: PersonRecord[], passes: readonly BlockingPass[] = PERSON_PASSES): Set<string> {
  const set = PreparedSet.from(records);
  const v = set.view();
  const index = buildBlockingIndex({ left: v, right: v, leftCount: v.n, isLink: false }, { names: set.vocabulary.names.view(), others: set.vocabulary.others.view() }, passes);
  const mark = new Int32Array(v.n);
  const out = new Set<string>();
  for (let r = 0; r < v.n; r++) forEachCandidate(index, r, mark, (j) => out.add(`${records[r]!.id}-${records[j]!.id}`));
  return out;
}

describe('blocking passes', () => {
  const anna = { forenames: 'Anna', surname: 'Williamson', dob: '1984-04-20', postcodes: ['S1 2AB'] };
  const cases: [string, Partial<PersonRecord>][] = [
    ['a date of birth typo', { ...anna, dob: '1984-04-21' }],
    ['a birth year typo and a surname typo', { ...anna, dob: '1985-04-20', surname: 'Willaimson' }],
    ['a new surname (marriage)', { ...anna, surname: 'Okafor' }],
    ['a diminutive', { ...anna, forenames: 'Annie' }],
    ['forename and surname swapped, and a dob typo', { ...anna, forenames: 'Williamson', surname: 'Anna', dob: '1984-04-02' }],
    ['a diminutive and a new surname, at the same postcode', { ...anna, forenames: 'Annie', surname: 'Okafor', dob: '1984-04-02' }],
    ['nothing alike but the NHS number', { forenames: 'Xenia', surname: 'Zed', dob: '1999-01-01', nhsNumber: '9434765919' }],
  ];
  for (const [what, other] of cases) {
    it(`keeps a true pair with ${what}`, () => {
      const a = person('a', { ...anna, nhsNumber: '9434765919' });
      assert.ok(candidatesOf([a, person('b', other)]).has('a-b'));
    });
  }

  it('does not pair records with nothing in common', () => {
    const found = candidatesOf([person('a', anna), person('b', { forenames: 'Tomasz', surname: 'Grabowski', dob: '1992-05-20', postcodes: ['RM9 9XT'] })]);
    assert.equal(found.size, 0);
  });

  it('gives each candidate pair once, however many passes find it', () => {
    const found = candidatesOf([person('a', anna), person('b', anna), person('c', anna)]);
    assert.deepEqual([...found].sort(), ['a-b', 'a-c', 'b-c']);
  });

  it('skips a block bigger than its pass allows', () => {
    const pass: BlockingPass = { name: 'dob', description: 'test', maxBlock: 2, keys: (_c, s, i, emit) => emit(s.day[i]!) };
    const three = [person('a', anna), person('b', anna), person('c', anna)];
    assert.equal(candidatesOf(three, [pass]).size, 0);
    assert.equal(candidatesOf(three.slice(0, 2), [pass]).size, 1);
  });

  it('pairs only across the two sets when linking', () => {
    const vocabulary = new Vocabulary();
    const left = PreparedSet.from([person('l1', anna), person('l2', anna)], vocabulary);
    const right = PreparedSet.from([person('r1', anna)], vocabulary);
    const index = buildBlockingIndex({ left: left.view(), right: right.view(), leftCount: 2, isLink: true }, { names: vocabulary.names.view(), others: vocabulary.others.view() });
    const mark = new Int32Array(3);
    const pairs: string[] = [];
    for (let r = 0; r < 2; r++) forEachCandidate(index, r, mark, (j) => pairs.push(`${r}-${j}`));
    assert.deepEqual(pairs, ['0-2', '1-2']);
  });
});
