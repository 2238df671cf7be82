import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Prng } from './prng.ts';
import { damerauLevenshtein, jaroWinkler } from './string-metrics.ts';

describe('Jaro-Winkler', () => {
  // Reference values from Winkler (1990) and the usual test pairs.
  const cases: [string, string, number][] = [
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['jones', 'johnson', 0.8323],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
    ['', '', 1],
    ['a', '', 0],
  ];
  for (const [a, b, expected] of cases) {
    it(`scores ${a || '(empty)'} against ${b || '(empty)'} as ${expected}`, () => {
      assert.ok(Math.abs(jaroWinkler(a, b) - expected) < 0.001, `got ${jaroWinkler(a, b)}`);
    });
  }

  it('gives the same score whichever string comes first', () => {
    const rng = new Prng(7);
    const letters = 'abcdeilnorst';
    const word = (): string => Array.from({ length: 1 + rng.below(9) }, () => rng.pick([...letters])).join('');
    for (let k = 0; k < 2000; k++) {
      const a = word();
      const b = word();
      assert.equal(jaroWinkler(a, b), jaroWinkler(b, a), `${a} / ${b}`);
    }
  });
});

describe('Damerau-Levenshtein (optimal string alignment)', () => {
  const cases: [string, string, number][] = [
    ['smith', 'smith', 0],
    ['smith', 'smyth', 1],
    ['smith', 'smiht', 1],
    ['smith', 'smit', 1],
    ['smith', 'ssmith', 1],
    ['smith', 'jones', 5],
    ['ca', 'abc', 3],
    ['', 'abc', 3],
  ];
  for (const [a, b, expected] of cases) {
    it(`counts ${expected} edits between ${a || '(empty)'} and ${b}`, () => {
      assert.equal(damerauLevenshtein(a, b), expected);
      assert.equal(damerauLevenshtein(b, a), expected);
    });
  }

  it('stops early above the limit and says so with limit + 1', () => {
    assert.equal(damerauLevenshtein('smith', 'jones', 1), 2);
    assert.equal(damerauLevenshtein('ab', 'abcdef', 2), 3);
    assert.equal(damerauLevenshtein('smith', 'smyth', 1), 1);
  });
});
