import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateClusters, evaluatePairwise, histogramBin, HISTOGRAM_BINS, truePairCount } from './evaluate.ts';

describe('pairwise evaluation', () => {
  it('finds the best F1 and the recall at precision ≥ 0.999 from weight histograms', () => {
    const match = new Float64Array(HISTOGRAM_BINS);
    const nonMatch = new Float64Array(HISTOGRAM_BINS);
    match[histogramBin(20)] = 900; // strong true pairs
    match[histogramBin(5)] = 80; // weaker true pairs
    nonMatch[histogramBin(5)] = 20; // false pairs at the same weight
    nonMatch[histogramBin(-5)] = 1000;
    const e = evaluatePairwise(match, nonMatch, 1000); // 20 true pairs never proposed
    assert.equal(e.blockingRecall, 0.98);
    assert.equal(e.recallAtPrecision999?.recall, 0.9);
    assert.equal(e.bestF1.truePositives, 980);
    assert.ok(Math.abs(e.bestF1.f1 - (2 * 0.98 * 0.98) / 1.96) < 1e-12);
    assert.equal(e.at(10).precision, 1);
  });
});

describe('cluster evaluation', () => {
  it('scores the pairs clusters imply, and B³', () => {
    // truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}
    const e = evaluateClusters([0, 0, 1, 1, 1], [7, 7, 7, 9, 9]);
    assert.equal(e.pairwise.truePairs, 4);
    assert.equal(e.pairwise.predictedPairs, 4);
    assert.equal(e.pairwise.truePositives, 2);
    assert.equal(e.pairwise.f1, 0.5);
    assert.equal(e.impureClusters, 1);
    // B³ precision: (2·1 + 1/3 + 2·2/3)/5; recall: (2·2/3 + 1/3 + 2·1)/5
    assert.ok(Math.abs(e.bcubed.precision - 11 / 15) < 1e-12);
    assert.ok(Math.abs(e.bcubed.recall - 11 / 15) < 1e-12);
  });

  it('treats a negative true label as a person of one record', () => {
    assert.equal(truePairCount([1, 1, -1, -1, 2]), 1);
    assert.equal(evaluateClusters([0, 0], [-1, -1]).pairwise.precision, 0);
  });
});
