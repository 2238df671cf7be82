// Batch use of the engine: train a model, deduplicate one set of records, or link two. Each run prepares the
// records, builds the blocking index, scores candidate pairs across worker threads, clusters with guards and
// bands the pairs. With ground truth supplied (tests and benchmarks only) it also measures itself.
import { bandOf, checkThresholds, DEFAULT_THRESHOLDS, type Band, type Thresholds } from './bands.ts';
import { ADDRESS_PASS, buildBlockingIndex, describeIndex, PERSON_PASSES, type BlockingIndex, type BlockingPass, type IndexSpace } from './blocking.ts';
import { clusterPairs, FLAG_TWINS } from './clustering.ts';
import { areLikelyTwins, compareRecords, createCompareContext, newComparison } from './comparators.ts';
import { evaluateClusters, evaluatePairwise, HISTOGRAM_BINS, truePairCount, type ClusterEvaluation, type PairwiseEvaluation } from './evaluate.ts';
import {
  buildModel,
  estimateHousehold,
  estimateParameters,
  explainComparison,
  mergeHistograms,
  modelWeights,
  probabilityFromWeight,
  weightFromProbability,
  type Explanation,
  type Model,
  type PatternHistogram,
} from './fellegi-sunter.ts';
import { defaultWorkers, ScoringPool } from './parallel.ts';
import { PreparedSet, TermFrequencies, Vocabulary, type PersonRecord } from './prepare.ts';
import { allPairPatterns, createThreadState, type ChunkResult, type ScoringJob } from './scoring.ts';

/** How candidate pairs are chosen: blocking passes, every pair, or every pair when there are at most a million. */
export type BlockingMode = 'auto' | 'passes' | 'all-pairs';

/** Below this many possible pairs, 'auto' compares them all: it takes well under a second and loses nothing. */
export const ALL_PAIRS_LIMIT = 1_000_000;
/** Below this many records a run stays in one thread: starting workers would cost more than it saves. */
export const PARALLEL_MIN_RECORDS = 20_000;

export interface RunOptions {
  blocking?: BlockingMode;
  /** Worker threads (default: one per core, and the calling thread alone below PARALLEL_MIN_RECORDS records). */
  workers?: number;
  /** Hears progress: a phase name and records done of total. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface TrainOptions extends RunOptions {
  /** Train for linking these records with the main ones (pairs across the two sets only). */
  right?: readonly PersonRecord[];
  /** Random pairs for estimating u (default 1,000,000; every pair when there are fewer). */
  randomPairs?: number;
  /** At most this many candidate pairs feed EM; beyond it, every k-th record's pairs are used (default 20 million). */
  maxTrainingPairs?: number;
  seed?: number;
  thresholds?: Partial<Thresholds>;
}

interface Space {
  vocabulary: Vocabulary;
  left: PreparedSet;
  right: PreparedSet;
  tf: TermFrequencies;
  space: IndexSpace;
  size: number;
  totalPairs: number;
}

function checkUniqueIds(records: readonly PersonRecord[], which: string): void {
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.id)) throw new RangeError(`Record ids must be unique within ${which}: one is repeated`);
    seen.add(r.id);
  }
}

function prepareSpace(left: readonly PersonRecord[], right?: readonly PersonRecord[]): Space {
  checkUniqueIds(left, right ? 'the left set' : 'the records');
  if (right) checkUniqueIds(right, 'the right set');
  const vocabulary = new Vocabulary();
  const leftSet = PreparedSet.from(left, vocabulary);
  const rightSet = right ? PreparedSet.from(right, vocabulary) : leftSet;
  const tf = new TermFrequencies();
  tf.countAll(leftSet);
  if (right) tf.countAll(rightSet);
  const isLink = right !== undefined;
  const size = isLink ? leftSet.n + rightSet.n : leftSet.n;
  return {
    vocabulary,
    left: leftSet,
    right: rightSet,
    tf,
    space: { left: leftSet.view(), right: rightSet.view(), leftCount: leftSet.n, isLink },
    size,
    totalPairs: isLink ? leftSet.n * rightSet.n : (leftSet.n * (leftSet.n - 1)) / 2,
  };
}

/** Records in scope for the prior: the set, or the larger of the two files. */
function populationOf(s: Space): number {
  return s.space.isLink ? Math.max(s.left.n, s.right.n) : s.left.n;
}

function usesAllPairs(mode: BlockingMode, totalPairs: number): boolean {
  return mode === 'all-pairs' || (mode === 'auto' && totalPairs <= ALL_PAIRS_LIMIT);
}

function buildIndex(s: Space, mode: BlockingMode, passes: readonly BlockingPass[] = PERSON_PASSES): BlockingIndex | null {
  if (usesAllPairs(mode, s.totalPairs)) return null;
  return buildBlockingIndex(s.space, { names: s.vocabulary.names.view(), others: s.vocabulary.others.view() }, passes);
}

function jobFor(s: Space, index: BlockingIndex | null): ScoringJob {
  return {
    left: s.left.view(),
    right: s.right.view(),
    leftCount: s.left.n,
    isLink: s.space.isLink,
    size: s.size,
    names: s.vocabulary.names.view(),
    others: s.vocabulary.others.view(),
    tf: s.tf.view(),
    index,
    weights: null,
    keepWeight: Infinity,
    truth: null,
    sampleEvery: 1,
  };
}

/** Threads for a run: as asked, or one per core once the input is big enough for workers to pay. */
function threadsFor(s: Space, options: RunOptions): number {
  if (options.workers !== undefined) return Math.max(1, options.workers);
  return s.size < PARALLEL_MIN_RECORDS ? 1 : defaultWorkers();
}

const chunkSizeFor = (s: Space, threads: number): number => Math.max(256, Math.min(8192, Math.ceil(s.size / (threads * 16))));

/** An upper bound on candidate pairs: the sum over records of the blocks they sit in. */
function candidateUpperBound(index: BlockingIndex): number {
  let total = 0;
  for (const p of index.passes) {
    for (let b = 0; b < p.blocks; b++) {
      const k = p.blockStart[b + 1]! - p.blockStart[b]!;
      if (p.maxBlock === 0 || k <= p.maxBlock) total += (k * (k - 1)) / 2;
    }
  }
  return total;
}

/**
 * Train a Fellegi-Sunter model on the records themselves, without labels: u from random pairs, m and the prior by
 * EM over the blocked candidate pairs.
 */
export async function trainModel(records: readonly PersonRecord[], options: TrainOptions = {}): Promise<Model> {
  const started = performance.now();
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  checkThresholds(thresholds);
  const s = prepareSpace(records, options.right);
  const index = buildIndex(s, options.blocking ?? 'auto');
  const randomWanted = options.randomPairs ?? 1_000_000;
  const job = jobFor(s, index);
  let random: PatternHistogram;
  let candidates: PatternHistogram;
  let candidateScale = 1;
  let randomPairs: number;
  if (s.totalPairs <= randomWanted || !index) {
    // Few enough pairs to look at every one: the "random sample" is the whole population.
    const all = new Map(allPairPatterns(createThreadState(job)));
    randomPairs = s.totalPairs;
    random = all;
    candidates = index ? new Map() : all;
  } else {
    random = new Map();
    candidates = new Map();
    randomPairs = randomWanted;
  }
  // One pool for the whole of training: random pairs, candidate pairs, then the pairs that share an address.
  const addressIndex = buildBlockingIndex(s.space, { names: s.vocabulary.names.view(), others: s.vocabulary.others.view() }, [ADDRESS_PASS]);
  const needsPool = index !== null || addressIndex.passes[0]!.blocks > 0;
  const pool = needsPool ? new ScoringPool(job, { workers: threadsFor(s, options) }) : null;
  try {
    if (index && pool) {
      const bound = candidateUpperBound(index);
      const sampleEvery = Math.max(1, Math.ceil(bound / (options.maxTrainingPairs ?? 20_000_000)));
      if (random.size === 0) for (const part of await pool.sample(randomWanted, options.seed ?? 20_090_101)) mergeHistograms(random, part);
      await pool.configure({ sampleEvery });
      const chunks = await pool.runAll(chunkSizeFor(s, pool.threads), (d, t) => options.onProgress?.('training', d, t));
      for (const c of chunks) mergeHistograms(candidates, c.patterns);
      // Every k-th left record stands for k records' worth of pairs.
      candidateScale = sampleEvery;
    }
    const estimate = estimateParameters({ candidates, random, totalPairs: s.totalPairs, candidateScale });
    let candidatePairs = 0;
    for (const n of candidates.values()) candidatePairs += n;
    const summary = {
      records: s.left.n,
      populationSize: populationOf(s),
      rightRecords: options.right ? s.right.n : 0,
      candidatePairs: candidatePairs * candidateScale,
      randomPairs,
      totalPairs: s.totalPairs,
      emIterations: estimate.iterations,
      expectedMatches: estimate.expectedMatches,
      sessions: estimate.sessions,
      seconds: 0,
    };
    const model = buildModel(estimate, thresholds, summary);
    // The household correction: every pair of records sharing an address, under the model just estimated.
    if (pool && addressIndex.passes[0]!.blocks > 0) {
      await pool.configure({ index: addressIndex, sampleEvery: 1 });
      const addressPairs: PatternHistogram = new Map();
      for (const c of await pool.runAll(chunkSizeFor(s, pool.threads))) mergeHistograms(addressPairs, c.patterns);
      model.household = estimateHousehold(model, addressPairs, s.totalPairs);
    }
    model.training.seconds = (performance.now() - started) / 1000;
    return model;
  } finally {
    await pool?.close();
  }
}

export interface ScoredPair {
  /** Record ids (left and right in linking). */
  a: string;
  b: string;
  weight: number;
  probability: number;
  /** Probability from corroborating evidence: agreeing identifiers set aside, 0 without a date of birth on both. */
  corroboratedProbability: number;
  band: Band;
  isTwins: boolean;
}

export interface RecordResult {
  id: string;
  /** 'left' or 'right' when linking; 'input' when deduplicating. */
  source: 'input' | 'left' | 'right';
  clusterId: string;
  /** Highest probability among the record's accepted links in its cluster; null for a record alone. */
  matchProbability: number | null;
}

export interface RunStats {
  records: number;
  candidatePairs: number;
  keptPairs: number;
  threads: number;
  blocking: 'passes' | 'all-pairs';
  passes: { pass: string; blocks: number; largestBlock: number; skippedBlocks: number }[];
  clusters: number;
  joins: number;
  refusedForNhs: number;
  refusedForTwins: number;
  refusedUncorroborated: number;
  seconds: { prepare: number; blocking: number; scoring: number; clustering: number; total: number };
  pairsPerSecond: number;
}

export interface BandEvaluation {
  pairs: number;
  truePairs: number;
  /** Share of the band's pairs that are true. */
  precision: number;
  /** Share of all true pairs that fall in the band. */
  recall: number;
}

export interface Evaluation {
  /** The score ranking: precision and recall at every weight, ignoring bands. */
  pairwise: Omit<PairwiseEvaluation, 'at'>;
  /** What the bands did: the automatic-link band (with its guards) and the clerical review band. */
  bands: { link: BandEvaluation; review: BandEvaluation };
  clusters: ClusterEvaluation;
}

export interface RunResult {
  records: RecordResult[];
  /** Pairs at or above the review threshold, strongest first, with their band. */
  pairs: ScoredPair[];
  stats: RunStats;
  /** Only when ground truth was given. */
  evaluation?: Evaluation;
}

export interface DedupeOptions extends RunOptions {
  /** Cluster at this probability (default: the model's link threshold). */
  threshold?: number;
  /** Ground truth for evaluation: the true person of each record (tests and benchmarks only). */
  truth?: readonly (string | null)[];
}

/** Find the records that are the same person within one set. */
export async function deduplicate(records: readonly PersonRecord[], model: Model, options: DedupeOptions = {}): Promise<RunResult> {
  return run(records, undefined, model, options);
}

export interface LinkOptions extends RunOptions {
  threshold?: number;
  /** Ground truth for evaluation, for the left and the right records. */
  truth?: { left: readonly (string | null)[]; right: readonly (string | null)[] };
}

/** Link the records of two sets (each assumed free of duplicates): pairs are formed across the sets only. */
export async function link(left: readonly PersonRecord[], right: readonly PersonRecord[], model: Model, options: LinkOptions = {}): Promise<RunResult> {
  const { truth, ...rest } = options;
  return run(left, right, model, { ...rest, truth: truth ? [...truth.left, ...truth.right] : undefined });
}

function truthLabels(truth: readonly (string | null)[], size: number): Int32Array {
  if (truth.length !== size) throw new RangeError('Ground truth must give one label per record');
  const ids = new Map<string, number>();
  const out = new Int32Array(size);
  truth.forEach((t, k) => {
    if (t === null || t === '') {
      out[k] = -1;
      return;
    }
    let id = ids.get(t);
    if (id === undefined) {
      id = ids.size;
      ids.set(t, id);
    }
    out[k] = id;
  });
  return out;
}

async function run(left: readonly PersonRecord[], right: readonly PersonRecord[] | undefined, model: Model, options: DedupeOptions): Promise<RunResult> {
  const t0 = performance.now();
  const thresholds = model.thresholds;
  checkThresholds(thresholds);
  const clusterProbability = options.threshold ?? thresholds.link;
  const s = prepareSpace(left, right);
  const t1 = performance.now();
  const mode = options.blocking ?? 'auto';
  const index = buildIndex(s, mode);
  const t2 = performance.now();
  const weights = modelWeights(model, populationOf(s));
  const truth = options.truth ? truthLabels(options.truth, s.size) : null;
  const keepWeight = weightFromProbability(Math.min(thresholds.review, clusterProbability));
  const job: ScoringJob = { ...jobFor(s, index), weights, keepWeight, truth };
  const threads = threadsFor(s, options);
  const pool = new ScoringPool(job, { workers: threads });
  const poolThreads = pool.threads;
  let chunks: ChunkResult[];
  try {
    chunks = await pool.runAll(chunkSizeFor(s, pool.threads), (d, t) => options.onProgress?.('scoring', d, t));
  } finally {
    await pool.close();
  }
  const t3 = performance.now();

  // Gather the kept pairs into single arrays.
  let kept = 0;
  let compared = 0;
  for (const c of chunks) {
    kept += c.kept;
    compared += c.compared;
  }
  const pairI = new Int32Array(kept);
  const pairJ = new Int32Array(kept);
  const pairWeight = new Float32Array(kept);
  const pairRobust = new Float32Array(kept);
  const pairFlags = new Uint8Array(kept);
  let at = 0;
  for (const c of chunks) {
    pairI.set(c.pairI, at);
    pairJ.set(c.pairJ, at);
    pairWeight.set(c.pairWeight, at);
    pairRobust.set(c.pairRobust, at);
    pairFlags.set(c.pairFlags, at);
    at += c.kept;
  }
  const leftView = s.left.view();
  const rightView = s.right.view();
  const isLink = s.space.isLink;
  const nhsOf = (r: number): number => (isLink && r >= s.left.n ? rightView.nhs[r - s.left.n]! : leftView.nhs[r]!);
  const clustered = clusterPairs({
    size: s.size,
    pairI,
    pairJ,
    pairWeight,
    pairRobust,
    pairFlags,
    threshold: weightFromProbability(clusterProbability),
    corroboration: weightFromProbability(thresholds.corroboration),
    nhsOf,
  });
  const idOf = (r: number): string => (isLink && r >= s.left.n ? s.right.ids[r - s.left.n]! : s.left.ids[r]!);
  const records: RecordResult[] = new Array<RecordResult>(s.size);
  for (let r = 0; r < s.size; r++) {
    const best = clustered.bestWeight[r]!;
    records[r] = {
      id: idOf(r),
      source: isLink ? (r < s.left.n ? 'left' : 'right') : 'input',
      clusterId: String(clustered.clusterOf[r]! + 1),
      matchProbability: best === -Infinity ? null : probabilityFromWeight(best),
    };
  }
  const reviewWeight = weightFromProbability(thresholds.review);
  const pairs: ScoredPair[] = [];
  for (let k = 0; k < kept; k++) {
    const w = pairWeight[k]!;
    if (w < reviewWeight) continue;
    const probability = probabilityFromWeight(w);
    const corroborated = probabilityFromWeight(pairRobust[k]!);
    const isTwins = (pairFlags[k]! & FLAG_TWINS) !== 0;
    pairs.push({ a: idOf(pairI[k]!), b: idOf(pairJ[k]!), weight: w, probability, corroboratedProbability: corroborated, band: bandOf(probability, corroborated, thresholds, isTwins), isTwins });
  }
  pairs.sort((x, y) => y.weight - x.weight);
  const t4 = performance.now();

  let evaluation: Evaluation | undefined;
  if (truth) {
    const match = new Float64Array(HISTOGRAM_BINS);
    const nonMatch = new Float64Array(HISTOGRAM_BINS);
    for (const c of chunks) {
      for (let b = 0; b < HISTOGRAM_BINS; b++) {
        match[b]! += c.matchHistogram![b]!;
        nonMatch[b]! += c.nonMatchHistogram![b]!;
      }
    }
    const truePairs = isLink ? crossTruePairs(truth, s.left.n) : truePairCount(truth);
    const pw = evaluatePairwise(match, nonMatch, truePairs);
    const { at: _at, ...pairwise } = pw;
    const band = { link: { pairs: 0, truePairs: 0 }, review: { pairs: 0, truePairs: 0 } };
    for (let k = 0; k < kept; k++) {
      const w = pairWeight[k]!;
      if (w < reviewWeight) continue;
      const b = bandOf(probabilityFromWeight(w), probabilityFromWeight(pairRobust[k]!), thresholds, (pairFlags[k]! & FLAG_TWINS) !== 0);
      if (b === 'reject') continue;
      const isTrue = truth[pairI[k]!]! >= 0 && truth[pairI[k]!] === truth[pairJ[k]!];
      band[b].pairs++;
      if (isTrue) band[b].truePairs++;
    }
    const bandEvaluation = (x: { pairs: number; truePairs: number }): BandEvaluation => ({
      ...x,
      precision: x.pairs > 0 ? x.truePairs / x.pairs : 1,
      recall: truePairs > 0 ? x.truePairs / truePairs : 0,
    });
    evaluation = {
      pairwise,
      bands: { link: bandEvaluation(band.link), review: bandEvaluation(band.review) },
      clusters: evaluateClusters(clustered.clusterOf, truth),
    };
  }
  const scoringSeconds = (t3 - t2) / 1000;
  return {
    records,
    pairs,
    stats: {
      records: s.size,
      candidatePairs: compared,
      keptPairs: kept,
      threads: poolThreads,
      blocking: index ? 'passes' : 'all-pairs',
      passes: index ? describeIndex(index) : [],
      clusters: clustered.clusters,
      joins: clustered.joins,
      refusedForNhs: clustered.refusedForNhs,
      refusedForTwins: clustered.refusedForTwins,
      refusedUncorroborated: clustered.refusedUncorroborated,
      seconds: { prepare: (t1 - t0) / 1000, blocking: (t2 - t1) / 1000, scoring: scoringSeconds, clustering: (t4 - t3) / 1000, total: (t4 - t0) / 1000 },
      pairsPerSecond: scoringSeconds > 0 ? compared / scoringSeconds : 0,
    },
    evaluation,
  };
}

/** True pairs across the two sets of a link: Σ over people of left records × right records. */
function crossTruePairs(truth: Int32Array, leftCount: number): number {
  const leftCounts = new Map<number, number>();
  for (let r = 0; r < leftCount; r++) if (truth[r]! >= 0) leftCounts.set(truth[r]!, (leftCounts.get(truth[r]!) ?? 0) + 1);
  let pairs = 0;
  for (let r = leftCount; r < truth.length; r++) pairs += leftCounts.get(truth[r]!) ?? 0;
  return pairs;
}

/**
 * Compare two records under a model and explain every term of the score. Two records alone say nothing about how
 * common a name is, so no term-frequency adjustment applies here (OnlineIndex.match explains with it).
 */
export function explainPair(model: Model, a: PersonRecord, b: PersonRecord): Explanation {
  const s = prepareSpace([{ ...a, id: 'a' }, { ...b, id: 'b' }]);
  const ctx = createCompareContext(s.vocabulary.names.view(), s.vocabulary.others.view(), s.tf.view());
  const c = newComparison();
  const view = s.left.view();
  compareRecords(ctx, view, 0, view, 1, c);
  c.tf.fill(0);
  return explainComparison(model, modelWeights(model), c, areLikelyTwins(view, 0, view, 1, c));
}
