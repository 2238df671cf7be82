// The batch scoring loop, the same in the main thread and in worker threads: for a range of records, walk their
// candidate pairs (from the blocking index, or every pair when blocking is off), compare, and either count
// comparison patterns (training) or score and keep the pairs worth keeping (deduplication and linking). With
// ground truth supplied it also fills weight histograms of true and false pairs, for evaluation.
import { type BlockingIndex, forEachCandidate } from './blocking.ts';
import { FLAG_TWINS } from './clustering.ts';
import { areLikelyTwins, compareRecords, createCompareContext, newComparison, patternOf, type CompareContext, type Comparison } from './comparators.ts';
import { type ModelWeights, scoreWithCorroboration } from './fellegi-sunter.ts';
import { type PoolView, type SetView, type TfView } from './prepare.ts';
import { histogramBin, HISTOGRAM_BINS } from './evaluate.ts';
import { Prng } from './prng.ts';

/** Everything a thread needs to score; typed arrays in shared memory, so posting it to a worker copies nothing big. */
export interface ScoringJob {
  left: SetView;
  right: SetView;
  /** Left records; in deduplication left and right are one set. */
  leftCount: number;
  isLink: boolean;
  /** Size of the combined space (left then right). */
  size: number;
  names: PoolView;
  others: PoolView;
  tf: TfView;
  /** Null: compare every pair (small inputs). */
  index: BlockingIndex | null;
  /** Needed to score; absent when counting patterns for training. */
  weights: ModelWeights | null;
  /** Pairs scoring below this (bits) are counted but not kept. */
  keepWeight: number;
  /** True cluster of each record in the combined space, for evaluation only. */
  truth: Int32Array | null;
  /** Count patterns for training from every k-th left record only (1: all). */
  sampleEvery: number;
}

export interface ChunkResult {
  compared: number;
  /** Comparison patterns and their counts (training), as [pattern, count] pairs. */
  patterns: [number, number][];
  kept: number;
  pairI: Int32Array;
  pairJ: Int32Array;
  pairWeight: Float32Array;
  /** The corroborated weight (fellegi-sunter.ts, scoreWithCorroboration). */
  pairRobust: Float32Array;
  /** Bit 0: the pair looks like twins (clustering keeps them apart). */
  pairFlags: Uint8Array;
  /** Evaluation: weight histograms of true and false candidate pairs, and how many true pairs were candidates. */
  matchHistogram: Float64Array | null;
  nonMatchHistogram: Float64Array | null;
  trueCandidates: number;
}

export interface ThreadState {
  job: ScoringJob;
  ctx: CompareContext;
  mark: Int32Array;
  comparison: Comparison;
  score: Float64Array;
}

export function createThreadState(job: ScoringJob): ThreadState {
  return { job, ctx: createCompareContext(job.names, job.others, job.tf), mark: new Int32Array(job.size), comparison: newComparison(), score: new Float64Array(2) };
}

class PairBuffer {
  i = new Int32Array(1024);
  j = new Int32Array(1024);
  w = new Float32Array(1024);
  robust = new Float32Array(1024);
  flags = new Uint8Array(1024);
  length = 0;

  push(i: number, j: number, w: number, robust: number, flags: number): void {
    if (this.length === this.i.length) {
      const n = this.length * 2;
      const grow = <T extends Int32Array | Float32Array | Uint8Array>(a: T, Kind: new (n: number) => T): T => {
        const b = new Kind(n);
        b.set(a);
        return b;
      };
      this.i = grow(this.i, Int32Array);
      this.j = grow(this.j, Int32Array);
      this.w = grow(this.w, Float32Array);
      this.robust = grow(this.robust, Float32Array);
      this.flags = grow(this.flags, Uint8Array);
    }
    this.i[this.length] = i;
    this.j[this.length] = j;
    this.w[this.length] = w;
    this.robust[this.length] = robust;
    this.flags[this.length] = flags;
    this.length++;
  }
}

/** Score (or count patterns for) the candidate pairs of records [from, to) of the combined space. */
export function runChunk(state: ThreadState, from: number, to: number): ChunkResult {
  const { job, ctx, mark, comparison, score } = state;
  const { left, right, leftCount, isLink, index, weights, keepWeight, truth, sampleEvery } = job;
  const patterns = new Map<number, number>();
  const buffer = new PairBuffer();
  const matchHistogram = truth ? new Float64Array(HISTOGRAM_BINS) : null;
  const nonMatchHistogram = truth ? new Float64Array(HISTOGRAM_BINS) : null;
  let trueCandidates = 0;
  let compared = 0;
  let r = from;
  const visit = (j: number): void => {
    compared++;
    const B = isLink ? right : left;
    const jl = isLink ? j - leftCount : j;
    compareRecords(ctx, left, r, B, jl, comparison);
    if (!weights) {
      const p = patternOf(comparison.levels);
      patterns.set(p, (patterns.get(p) ?? 0) + 1);
      return;
    }
    const isTwins = areLikelyTwins(left, r, B, jl, comparison);
    scoreWithCorroboration(weights, comparison, isTwins, score);
    const w = score[0]!;
    if (truth) {
      const t = truth[r]!;
      if (t >= 0 && t === truth[j]) {
        trueCandidates++;
        matchHistogram![histogramBin(w)]!++;
      } else nonMatchHistogram![histogramBin(w)]!++;
    }
    if (w >= keepWeight) buffer.push(r, j, w, score[1]!, isTwins ? FLAG_TWINS : 0);
  };
  const end = Math.min(to, isLink ? leftCount : job.size);
  for (r = from; r < end; r++) {
    if (!weights && sampleEvery > 1 && r % sampleEvery !== 0) continue;
    if (!left.alive[r]) continue;
    if (index) forEachCandidate(index, r, mark, visit);
    else {
      for (let j = isLink ? leftCount : r + 1; j < job.size; j++) {
        if ((isLink ? right : left).alive[isLink ? j - leftCount : j]) visit(j);
      }
    }
  }
  return {
    compared,
    patterns: [...patterns],
    kept: buffer.length,
    pairI: buffer.i.slice(0, buffer.length),
    pairJ: buffer.j.slice(0, buffer.length),
    pairWeight: buffer.w.slice(0, buffer.length),
    pairRobust: buffer.robust.slice(0, buffer.length),
    pairFlags: buffer.flags.slice(0, buffer.length),
    matchHistogram,
    nonMatchHistogram,
    trueCandidates,
  };
}

/** Comparison patterns of `count` record pairs drawn uniformly at random (distinct records; across sets when linking). */
export function samplePatterns(state: ThreadState, count: number, seed: number): [number, number][] {
  const { job, comparison } = state;
  const { left, right, leftCount, isLink, size } = job;
  // Random pairs rarely meet the same names twice: caching would cost more than it saves.
  const ctx = { ...state.ctx, cache: null };
  const rng = new Prng(seed);
  const patterns = new Map<number, number>();
  const rightCount = size - (isLink ? leftCount : 0);
  if (size < 2 || (isLink && rightCount < 1)) return [];
  for (let k = 0; k < count; k++) {
    let i: number;
    let j: number;
    if (isLink) {
      i = rng.below(leftCount);
      j = rng.below(rightCount);
    } else {
      i = rng.below(size);
      j = rng.below(size - 1);
      if (j >= i) j++;
    }
    compareRecords(ctx, left, i, isLink ? right : left, j, comparison);
    const p = patternOf(comparison.levels);
    patterns.set(p, (patterns.get(p) ?? 0) + 1);
  }
  return [...patterns];
}

/** Comparison patterns of every pair (used instead of sampling when there are few pairs). */
export function allPairPatterns(state: ThreadState): [number, number][] {
  const { job, ctx, comparison } = state;
  const { left, right, leftCount, isLink, size } = job;
  const patterns = new Map<number, number>();
  const end = isLink ? leftCount : size;
  for (let i = 0; i < end; i++) {
    for (let j = isLink ? leftCount : i + 1; j < size; j++) {
      compareRecords(ctx, left, i, isLink ? right : left, isLink ? j - leftCount : j, comparison);
      const p = patternOf(comparison.levels);
      patterns.set(p, (patterns.get(p) ?? 0) + 1);
    }
  }
  return [...patterns];
}
