import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterPairs, FLAG_TWINS, type ClusterInput } from './clustering.ts';

/** Pairs as [i, j, weight, weight without identifiers?, flags?]. */
function cluster(size: number, pairs: [number, number, number, number?, number?][], nhs: number[] = [], threshold = 10): ReturnType<typeof clusterPairs> {
  const input: ClusterInput = {
    size,
    pairI: Int32Array.from(pairs.map((p) => p[0])),
    pairJ: Int32Array.from(pairs.map((p) => p[1])),
    pairWeight: Float32Array.from(pairs.map((p) => p[2])),
    pairRobust: Float32Array.from(pairs.map((p) => p[3] ?? p[2])),
    pairFlags: Uint8Array.from(pairs.map((p) => p[4] ?? 0)),
    threshold,
    corroboration: 0,
    nhsOf: (r) => nhs[r] ?? -1,
  };
  return clusterPairs(input);
}

const groups = (r: ReturnType<typeof clusterPairs>): number[][] => {
  const by = new Map<number, number[]>();
  r.clusterOf.forEach((c, i) => by.set(c, [...(by.get(c) ?? []), i]));
  return [...by.values()];
};

describe('guarded clustering', () => {
  it('joins pairs at or above the threshold, transitively', () => {
    assert.deepEqual(groups(cluster(4, [[0, 1, 20], [1, 2, 12], [2, 3, 5]])), [[0, 1, 2], [3]]);
  });

  it('never puts two different valid NHS numbers in one cluster, keeping the stronger link', () => {
    // 0 and 2 hold different NHS numbers; 1 has none and links to both, more strongly to 0.
    const r = cluster(3, [[0, 1, 30], [1, 2, 20]], [7, -1, 8]);
    assert.deepEqual(groups(r), [[0, 1], [2]]);
    assert.equal(r.refusedForNhs, 1);
  });

  it('keeps twins apart, even through a chain of other links', () => {
    // 0 and 1 are twins; 2 is a record that links well to both (a parent's record with an error, say).
    const r = cluster(3, [[0, 1, 25, 25, FLAG_TWINS], [0, 2, 20], [1, 2, 15]]);
    assert.deepEqual(groups(r), [[0, 2], [1]]);
    assert.equal(r.refusedForTwins, 2);
  });

  it('refuses a link that rests on an identifier alone', () => {
    const r = cluster(2, [[0, 1, 19, -3]]);
    assert.deepEqual(groups(r), [[0], [1]]);
    assert.equal(r.refusedUncorroborated, 1);
  });

  it('reports each record’s strongest accepted link', () => {
    const r = cluster(3, [[0, 1, 20], [1, 2, 12]]);
    assert.deepEqual([...r.bestWeight], [20, 20, 12]);
    assert.equal(cluster(1, []).bestWeight[0], -Infinity);
  });
});
