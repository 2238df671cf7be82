// Measuring linkage against ground truth: pairwise precision, recall and F1 at any threshold, the best F1, recall
// at precision ≥ 0.999, the share of true pairs that blocking kept, and cluster-level scores (pairwise F1 over the
// pairs the clusters imply, and B³). For tests and benchmarks: the engine itself never sees ground truth.
import { probabilityFromWeight } from './fellegi-sunter.ts';

/** Weight histograms: bins of 0.05 bits from -100 to +100 (lower and higher weights go in the end bins). */
export const HISTOGRAM_MIN = -100;
export const HISTOGRAM_STEP = 0.05;
export const HISTOGRAM_BINS = 4000;

export function histogramBin(weight: number): number {
  const b = Math.floor((weight - HISTOGRAM_MIN) / HISTOGRAM_STEP);
  return b < 0 ? 0 : b >= HISTOGRAM_BINS ? HISTOGRAM_BINS - 1 : b;
}

/** The lowest weight that falls in bin b. */
export function binWeight(b: number): number {
  return HISTOGRAM_MIN + b * HISTOGRAM_STEP;
}

export interface PairwisePoint {
  /** Pairs with weight ≥ this are predicted matches. */
  weight: number;
  probability: number;
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
}

export interface PairwiseEvaluation {
  truePairs: number;
  /** True pairs that blocking proposed, and their share of all true pairs. */
  trueCandidates: number;
  blockingRecall: number;
  candidatePairs: number;
  bestF1: PairwisePoint;
  /** The highest recall at any threshold where precision is at least 0.999. */
  recallAtPrecision999: PairwisePoint | null;
  /** The point at a given weight threshold. */
  at(weight: number): PairwisePoint;
}

const f1Of = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/** Pairwise evaluation from the weight histograms of true and false candidate pairs. */
export function evaluatePairwise(match: Float64Array, nonMatch: Float64Array, truePairs: number): PairwiseEvaluation {
  const points: PairwisePoint[] = [];
  let tp = 0;
  let fp = 0;
  let best: PairwisePoint | null = null;
  let atP999: PairwisePoint | null = null;
  for (let b = HISTOGRAM_BINS - 1; b >= 0; b--) {
    tp += match[b]!;
    fp += nonMatch[b]!;
    const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
    const recall = truePairs > 0 ? tp / truePairs : 0;
    const w = binWeight(b);
    const point: PairwisePoint = { weight: w, probability: probabilityFromWeight(w), precision, recall, f1: f1Of(precision, recall), truePositives: tp, falsePositives: fp };
    points[b] = point;
    if (!best || point.f1 > best.f1) best = point;
    if (precision >= 0.999 && (!atP999 || recall > atP999.recall)) atP999 = point;
  }
  const trueCandidates = match.reduce((a, x) => a + x, 0);
  const candidatePairs = trueCandidates + nonMatch.reduce((a, x) => a + x, 0);
  return {
    truePairs,
    trueCandidates,
    blockingRecall: truePairs > 0 ? trueCandidates / truePairs : 1,
    candidatePairs,
    bestF1: best!,
    recallAtPrecision999: atP999 && atP999.recall > 0 ? atP999 : null,
    at: (weight: number) => points[histogramBin(weight)]!,
  };
}

/** Pairs within the same true cluster: Σ n(n−1)/2. Labels below 0 are singletons. */
export function truePairCount(truth: ArrayLike<number>): number {
  const sizes = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    if (t >= 0) sizes.set(t, (sizes.get(t) ?? 0) + 1);
  }
  let pairs = 0;
  for (const n of sizes.values()) pairs += (n * (n - 1)) / 2;
  return pairs;
}

export interface ClusterEvaluation {
  /** Precision, recall and F1 over the record pairs that the predicted clusters imply (the usual "cluster F1"). */
  pairwise: { precision: number; recall: number; f1: number; predictedPairs: number; truePairs: number; truePositives: number };
  /** B³ (Bagga and Baldwin 1998): per-record precision and recall of its cluster, averaged. */
  bcubed: { precision: number; recall: number; f1: number };
  /** Predicted clusters holding records of more than one true person. */
  impureClusters: number;
}

/** Compare predicted clusters with true clusters (labels per record; a negative true label is a singleton). */
export function evaluateClusters(predicted: ArrayLike<number>, truth: ArrayLike<number>): ClusterEvaluation {
  const n = predicted.length;
  const cells = new Map<string, number>();
  const predSize = new Map<number, number>();
  const trueSize = new Map<string, number>();
  const trueKey = (i: number): string => (truth[i]! >= 0 ? String(truth[i]) : `s${i}`);
  for (let i = 0; i < n; i++) {
    const p = predicted[i]!;
    const t = trueKey(i);
    const key = `${p}|${t}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
  }
  const pairs = (k: number): number => (k * (k - 1)) / 2;
  let tp = 0;
  let bPrecision = 0;
  let bRecall = 0;
  const truesPerPredicted = new Map<number, number>();
  for (const [key, count] of cells) {
    const bar = key.indexOf('|');
    const p = Number(key.slice(0, bar));
    const t = key.slice(bar + 1);
    tp += pairs(count);
    bPrecision += (count * count) / predSize.get(p)!;
    bRecall += (count * count) / trueSize.get(t)!;
    truesPerPredicted.set(p, (truesPerPredicted.get(p) ?? 0) + 1);
  }
  let predictedPairs = 0;
  for (const k of predSize.values()) predictedPairs += pairs(k);
  let truePairs = 0;
  for (const k of trueSize.values()) truePairs += pairs(k);
  const precision = predictedPairs > 0 ? tp / predictedPairs : 1;
  const recall = truePairs > 0 ? tp / truePairs : 1;
  let impureClusters = 0;
  for (const k of truesPerPredicted.values()) if (k > 1) impureClusters++;
  const bp = bPrecision / n;
  const br = bRecall / n;
  return {
    pairwise: { precision, recall, f1: f1Of(precision, recall), predictedPairs, truePairs, truePositives: tp },
    bcubed: { precision: bp, recall: br, f1: f1Of(bp, br) },
    impureClusters,
  };
}
