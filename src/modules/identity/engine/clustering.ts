// Clustering scored pairs into people, guarded. Pairs at or above the threshold are taken strongest first and
// joined with union-find, except where a join would put into one cluster
//   - two different valid NHS numbers (one person has one NHS number; a relative's number recorded in error would
//     otherwise chain two people together), or
//   - two records that look like twins (same date of birth and address, different forenames): twins share
//     everything but their names, and a chain through a parent's or sibling's record must not merge them.
//   - a pair that is not corroborated: it rests on an identifier (NHS number, UPN) that the other fields do not
//     bear out, so one identifier recorded against the wrong person could have made it; or a date of birth is
//     missing, without which a parent and the child named after them cannot be told apart.
// A refused join is counted, not retried: the pairs stay available for clerical review.

export interface ClusterInput {
  /** Records in the combined space. */
  size: number;
  pairI: Int32Array;
  pairJ: Int32Array;
  pairWeight: Float32Array;
  /** Corroborated weight of each pair (fellegi-sunter.ts, scoreWithCorroboration). */
  pairRobust: Float32Array;
  pairFlags: Uint8Array;
  /** Pairs below this weight (bits) are not joined. */
  threshold: number;
  /** Pairs whose corroborated weight is below this (bits) are not joined. */
  corroboration: number;
  /** Interned valid NHS number of a record, or -1. */
  nhsOf: (record: number) => number;
}

export interface ClusterResult {
  /** Dense cluster number per record (0 … clusters − 1), in order of first record. */
  clusterOf: Int32Array;
  clusters: number;
  /** Highest weight among the accepted pairs of a record within its cluster (-Infinity for a record alone). */
  bestWeight: Float64Array;
  joins: number;
  refusedForNhs: number;
  refusedForTwins: number;
  refusedUncorroborated: number;
}

export const FLAG_TWINS = 1;

/** Order pair indices by weight, strongest first, using one native sort of packed keys. */
function strongestFirst(weights: Float32Array, threshold: number): Int32Array {
  let count = 0;
  for (let k = 0; k < weights.length; k++) if (weights[k]! >= threshold) count++;
  const keys = new Float64Array(count);
  let x = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k]!;
    if (w < threshold) continue;
    // Weight to 1/1000 bit, offset to stay positive, in the high bits; the pair index (< 2^30) in the low bits.
    const q = Math.min(2 ** 22 - 1, Math.max(0, Math.round((w + 2000) * 1000)));
    keys[x++] = q * 2 ** 30 + k;
  }
  keys.sort();
  const order = new Int32Array(count);
  for (let y = 0; y < count; y++) order[y] = keys[count - 1 - y]! % 2 ** 30;
  return order;
}

export function clusterPairs(input: ClusterInput): ClusterResult {
  const { size, pairI, pairJ, pairWeight, pairRobust, pairFlags, threshold, corroboration, nhsOf } = input;
  const parent = new Int32Array(size);
  const rank = new Uint8Array(size);
  const nhs = new Int32Array(size);
  const members: (number[] | null)[] = new Array<number[] | null>(size).fill(null);
  for (let r = 0; r < size; r++) {
    parent[r] = r;
    nhs[r] = nhsOf(r);
  }
  const find = (r: number): number => {
    let root = r;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[r] !== root) {
      const next = parent[r]!;
      parent[r] = root;
      r = next;
    }
    return root;
  };
  const membersOf = (root: number): number[] => members[root] ?? [root];

  // Twin partners of each record, from the flagged pairs.
  const twins = new Map<number, number[]>();
  for (let k = 0; k < pairFlags.length; k++) {
    if ((pairFlags[k]! & FLAG_TWINS) === 0) continue;
    const a = pairI[k]!;
    const b = pairJ[k]!;
    (twins.get(a) ?? twins.set(a, []).get(a)!).push(b);
    (twins.get(b) ?? twins.set(b, []).get(b)!).push(a);
  }
  const hasTwinAcross = (small: number[], otherRoot: number): boolean => {
    for (const r of small) {
      const partners = twins.get(r);
      if (!partners) continue;
      for (const p of partners) if (find(p) === otherRoot) return true;
    }
    return false;
  };

  let joins = 0;
  let refusedForNhs = 0;
  let refusedForTwins = 0;
  let refusedUncorroborated = 0;
  for (const k of strongestFirst(pairWeight, threshold)) {
    if ((pairFlags[k]! & FLAG_TWINS) !== 0) {
      refusedForTwins++;
      continue;
    }
    if (pairRobust[k]! < corroboration) {
      refusedUncorroborated++;
      continue;
    }
    let a = find(pairI[k]!);
    let b = find(pairJ[k]!);
    if (a === b) continue;
    if (nhs[a]! >= 0 && nhs[b]! >= 0 && nhs[a] !== nhs[b]) {
      refusedForNhs++;
      continue;
    }
    const ma = membersOf(a);
    const mb = membersOf(b);
    if (twins.size > 0 && (ma.length <= mb.length ? hasTwinAcross(ma, b) : hasTwinAcross(mb, a))) {
      refusedForTwins++;
      continue;
    }
    if (rank[a]! < rank[b]!) [a, b] = [b, a];
    parent[b] = a;
    if (rank[a] === rank[b]) rank[a]!++;
    if (nhs[a]! < 0) nhs[a] = nhs[b]!;
    const merged = ma.length >= mb.length ? ma : mb;
    for (const r of ma.length >= mb.length ? mb : ma) merged.push(r);
    members[a] = merged;
    members[b] = null;
    joins++;
  }

  const clusterOf = new Int32Array(size);
  const label = new Int32Array(size).fill(-1);
  let clusters = 0;
  for (let r = 0; r < size; r++) {
    const root = find(r);
    if (label[root] === -1) label[root] = clusters++;
    clusterOf[r] = label[root]!;
  }
  const bestWeight = new Float64Array(size).fill(-Infinity);
  for (let k = 0; k < pairWeight.length; k++) {
    const w = pairWeight[k]!;
    if (w < threshold || pairRobust[k]! < corroboration || (pairFlags[k]! & FLAG_TWINS) !== 0) continue;
    const a = pairI[k]!;
    const b = pairJ[k]!;
    if (clusterOf[a] !== clusterOf[b]) continue;
    if (w > bestWeight[a]!) bestWeight[a] = w;
    if (w > bestWeight[b]!) bestWeight[b] = w;
  }
  return { clusterOf, clusters, bestWeight, joins, refusedForNhs, refusedForTwins, refusedUncorroborated };
}
