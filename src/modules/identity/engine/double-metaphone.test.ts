import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doubleMetaphone } from './double-metaphone.ts';

describe('Double Metaphone', () => {
  // Codes from the published algorithm's own examples and common reference implementations.
  const cases: [string, string, string][] = [
    ['Smith', 'SM0', 'XMT'],
    ['Schmidt', 'XMT', 'SMT'],
    ['Thomas', 'TMS', 'TMS'],
    ['Catherine', 'K0RN', 'KTRN'],
    ['Katherine', 'K0RN', 'KTRN'],
    ['Michael', 'MKL', 'MXL'],
    ['Xavier', 'SF', 'SFR'],
    ['Jose', 'HS', 'HS'],
    ['Mohammed', 'MHMT', 'MHMT'],
    ['Muhammad', 'MHMT', 'MHMT'],
    ['Czerny', 'SRN', 'XRN'],
    ['Filipowicz', 'FLPT', 'FLPF'],
    ['Tagliaro', 'TKLR', 'TLR'],
    ['cabrillo', 'KPRL', 'KPR'],
    ['Edgar', 'ATKR', 'ATKR'],
    ['edge', 'AJ', 'AJ'],
    ['laugh', 'LF', 'LF'],
    ['Hugh', 'H', 'H'],
    ['Knight', 'NT', 'NT'],
    ['Caesar', 'SSR', 'SSR'],
    ['chemical', 'KMKL', 'KMKL'],
    ['Zhao', 'J', 'J'],
    ['svaraj', 'SFRJ', 'SFR'],
    ['island', 'ALNT', 'ALNT'],
    ['Wasserman', 'ASRM', 'FSRM'],
  ];
  for (const [word, primary, alternate] of cases) {
    it(`codes ${word} as ${primary} / ${alternate}`, () => {
      assert.deepEqual(doubleMetaphone(word), { primary, alternate });
    });
  }

  it('gives empty codes for a word with no letters', () => {
    assert.deepEqual(doubleMetaphone('123'), { primary: '', alternate: '' });
  });

  it('codes names that sound alike the same', () => {
    assert.equal(doubleMetaphone('Chowdhury').primary, doubleMetaphone('Choudhury').primary);
    assert.equal(doubleMetaphone('Thompson').primary, doubleMetaphone('Tompson').primary);
  });
});
