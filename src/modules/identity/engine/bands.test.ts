import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandOf, checkThresholds, DEFAULT_THRESHOLDS } from './bands.ts';

describe('bands', () => {
  const t = DEFAULT_THRESHOLDS;
  const cases: [string, number, number, boolean, string][] = [
    ['a confident, corroborated pair', 0.9999, 0.99, false, 'link'],
    ['a confident pair resting on an identifier', 0.9999, 0.2, false, 'review'],
    ['confident twins', 0.9999, 0.99, true, 'review'],
    ['an uncertain pair', 0.8, 0.8, false, 'review'],
    ['an unlikely pair', 0.3, 0.3, false, 'reject'],
  ];
  for (const [what, p, withoutIds, twins, band] of cases) it(`puts ${what} in ${band}`, () => assert.equal(bandOf(p, withoutIds, t, twins), band));

  it('links at the held-out threshold and reviews from an even chance', () => {
    assert.equal(t.link, 0.999);
    assert.equal(t.review, 0.5);
  });

  it('rejects thresholds that are not probabilities or are in the wrong order', () => {
    assert.throws(() => checkThresholds({ link: 1, review: 0.5, corroboration: 0.5 }), RangeError);
    assert.throws(() => checkThresholds({ link: 0.9, review: 0.95, corroboration: 0.5 }), RangeError);
    assert.doesNotThrow(() => checkThresholds(t));
  });
});
