// The Fellegi-Sunter model (I. P. Fellegi and A. B. Sunter, "A theory for record linkage", JASA 1969).
//
// For each field f and agreement level l: m = P(level l | the records are the same person) and
// u = P(level l | different people). A pair's match weight is log2 of the prior odds plus, for each comparable
// field, log2(m/u) of its level; fields that cannot be compared add nothing. The weight becomes a probability by
// p = 2^w / (1 + 2^w). Term-frequency adjustment (as in Splink): when two records agree exactly on a name, the
// level's u is replaced by how common that name is, so an agreeing rare surname weighs more than 'Smith'.
//
// Estimation, all unsupervised:
// - u from a random sample of record pairs (nearly all of which are different people), each pair weighted by the
//   model's current probability that it is a non-match, so the few true matches in the sample do not count;
// - m and the prior λ by expectation-maximisation over the blocked candidate pairs, with u held fixed. Pairs that
//   blocking never proposes are taken to be non-matches (blocking keeps ≥ 99% of true pairs), so λ is the expected
//   number of matches among candidates divided by all possible pairs.
// Both work on histograms of comparison patterns, so an EM iteration costs the number of distinct patterns, not
// the number of pairs. Small Dirichlet pseudo-counts keep every m and u above zero.
import { FIELD_COUNT, FIELDS, levelInPattern, type Comparison } from './comparators.ts';

export interface LevelParameters {
  key: string;
  description: string;
  m: number;
  u: number;
}

export interface FieldParameters {
  name: string;
  levels: LevelParameters[];
  /** Level adjusted by term frequency (-1: none). */
  tfLevel: number;
  /** False when the field was never comparable in training: its evidence is then ignored. */
  isEstimated: boolean;
}

export interface TrainingSummary {
  records: number;
  /** Records of the right-hand file when trained for linking. */
  rightRecords: number;
  candidatePairs: number;
  randomPairs: number;
  totalPairs: number;
  emIterations: number;
  /** Expected true matches among the candidate pairs under the final model. */
  expectedMatches: number;
  seconds: number;
}

/** A trained model: JSON-serialisable, so it can be stored and reloaded. */
export interface Model {
  version: 1;
  /** Prior probability that two records picked at random are the same person. */
  lambda: number;
  fields: FieldParameters[];
  /** Probabilities at which pairs are linked automatically and sent for clerical review (bands.ts). */
  thresholds: { link: number; review: number };
  training: TrainingSummary;
}

/** A model's weights laid out for scoring (level weights in bits, indexed field * 16 + level). */
export interface ModelWeights {
  prior: number;
  weight: Float64Array;
  /** u of each field's term-frequency level (0 when the field has none). */
  tfU: Float64Array;
  tfLevel: Int8Array;
}

export const LEVEL_STRIDE = 16;
/** A term-frequency adjustment is kept within ±12 bits (a 4,096-fold change), so that one value cannot decide a pair alone. */
export const MAX_TF_ADJUSTMENT = 12;

export function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

export function probabilityFromWeight(w: number): number {
  return 1 / (1 + 2 ** -w);
}

export function weightFromProbability(p: number): number {
  return log2(p / (1 - p));
}

export function modelWeights(model: Model): ModelWeights {
  const weight = new Float64Array(FIELD_COUNT * LEVEL_STRIDE);
  const tfU = new Float64Array(FIELD_COUNT);
  const tfLevel = new Int8Array(FIELD_COUNT).fill(-1);
  model.fields.forEach((field, f) => {
    if (!field.isEstimated) return;
    field.levels.forEach((level, l) => {
      weight[f * LEVEL_STRIDE + l] = log2(level.m / level.u);
    });
    if (field.tfLevel >= 0) {
      tfLevel[f] = field.tfLevel;
      tfU[f] = field.levels[field.tfLevel]!.u;
    }
  });
  return { prior: log2(model.lambda / (1 - model.lambda)), weight, tfU, tfLevel };
}

function tfAdjustment(w: ModelWeights, f: number, tf: number): number {
  if (tf <= 0 || w.tfU[f] === 0) return 0;
  const adj = log2(w.tfU[f]! / tf);
  return adj > MAX_TF_ADJUSTMENT ? MAX_TF_ADJUSTMENT : adj < -MAX_TF_ADJUSTMENT ? -MAX_TF_ADJUSTMENT : adj;
}

/** The match weight (bits) of a comparison. */
export function scoreComparison(w: ModelWeights, c: Comparison): number {
  let total = w.prior;
  const levels = c.levels;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const l = levels[f]!;
    if (l < 0) continue;
    total += w.weight[f * LEVEL_STRIDE + l]!;
    if (l === w.tfLevel[f]) total += tfAdjustment(w, f, c.tf[f]!);
  }
  return total;
}

export interface FieldExplanation {
  field: string;
  /** Level key, or 'missing' when the field could not be compared. */
  level: string;
  description: string;
  m: number | null;
  u: number | null;
  /** log2(m/u) in bits (0 when missing). */
  weight: number;
  /** Extra bits for how rare the agreeing value is (0 when no adjustment applies). */
  tfAdjustment: number;
}

export interface Explanation {
  /** Bits from the prior: log2(λ / (1 − λ)). */
  prior: number;
  fields: FieldExplanation[];
  /** prior + Σ (weight + tfAdjustment) */
  weight: number;
  probability: number;
}

/** Every term of the score, so a reviewer sees why two records were (or were not) linked. */
export function explainComparison(model: Model, w: ModelWeights, c: Comparison): Explanation {
  const fields: FieldExplanation[] = [];
  let total = w.prior;
  model.fields.forEach((field, f) => {
    const l = c.levels[f]!;
    if (l < 0 || !field.isEstimated) {
      fields.push({ field: field.name, level: l < 0 ? 'missing' : field.levels[l]!.key, description: l < 0 ? 'not comparable (missing on one side)' : 'not used: never comparable in training', m: null, u: null, weight: 0, tfAdjustment: 0 });
      return;
    }
    const level = field.levels[l]!;
    const weight = w.weight[f * LEVEL_STRIDE + l]!;
    const tfAdj = l === w.tfLevel[f] ? tfAdjustment(w, f, c.tf[f]!) : 0;
    total += weight + tfAdj;
    fields.push({ field: field.name, level: level.key, description: level.description, m: level.m, u: level.u, weight, tfAdjustment: tfAdj });
  });
  return { prior: w.prior, fields, weight: total, probability: probabilityFromWeight(total) };
}

/** Comparison patterns with how many pairs showed each. */
export type PatternHistogram = Map<number, number>;

export function mergeHistograms(into: PatternHistogram, from: Iterable<[number, number]>): PatternHistogram {
  for (const [p, n] of from) into.set(p, (into.get(p) ?? 0) + n);
  return into;
}

interface Table {
  /** m or u per field and level, [f][l] */
  values: number[][];
}

/** Expanded view of the histogram: per pattern, its count and each field's level. */
interface Patterns {
  count: Float64Array;
  level: Int8Array; // pattern k, field f → level at k * FIELD_COUNT + f
  size: number;
}

function expand(h: PatternHistogram): Patterns {
  const size = h.size;
  const count = new Float64Array(size);
  const level = new Int8Array(size * FIELD_COUNT);
  let k = 0;
  for (const [p, n] of h) {
    count[k] = n;
    for (let f = 0; f < FIELD_COUNT; f++) level[k * FIELD_COUNT + f] = levelInPattern(p, f);
    k++;
  }
  return { count, level, size };
}

/** Posterior match probability of every pattern under m, u and λ. */
function posteriors(ps: Patterns, m: Table, u: Table, lambda: number, active: boolean[]): Float64Array {
  const out = new Float64Array(ps.size);
  const priorOdds = lambda / (1 - lambda);
  for (let k = 0; k < ps.size; k++) {
    let logRatio = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = ps.level[k * FIELD_COUNT + f]!;
      if (l < 0 || !active[f]) continue;
      logRatio += Math.log(m.values[f]![l]! / u.values[f]![l]!);
    }
    const odds = priorOdds * Math.exp(Math.min(700, logRatio));
    out[k] = odds / (1 + odds);
  }
  return out;
}

/** Level frequencies weighted per pattern, with a pseudo-count spread evenly over the levels. */
function weightedFrequencies(ps: Patterns, weightOf: (k: number) => number, pseudo: number): { table: Table; observed: boolean[] } {
  const values: number[][] = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
  const observed = FIELDS.map(() => false);
  for (let k = 0; k < ps.size; k++) {
    const w = ps.count[k]! * weightOf(k);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = ps.level[k * FIELD_COUNT + f]!;
      if (l < 0) continue;
      observed[f] = true;
      values[f]![l]! += w;
    }
  }
  for (let f = 0; f < FIELD_COUNT; f++) {
    const row = values[f]!;
    const sum = row.reduce((a, b) => a + b, 0);
    const L = row.length;
    for (let l = 0; l < L; l++) row[l] = (row[l]! + pseudo / L) / (sum + pseudo);
  }
  return { table: { values }, observed };
}

/** Starting m: strong agreement likely for a match, outright disagreement unlikely, the rest in between. */
function initialM(): Table {
  return {
    values: FIELDS.map((f) => {
      const L = f.levels.length;
      if (L === 2) return [0.95, 0.05];
      const middle = 0.12 / (L - 2);
      return f.levels.map((_, l) => (l === 0 ? 0.85 : l === L - 1 ? 0.03 : middle));
    }),
  };
}

export interface EstimateInput {
  /** Patterns of the blocked candidate pairs. */
  candidates: PatternHistogram;
  /** Patterns of uniformly random record pairs. */
  random: PatternHistogram;
  /** Every possible pair: n(n−1)/2 for deduplication, nL·nR for linking. */
  totalPairs: number;
  /** How many candidate pairs the candidate histogram stands for (it may be a sample). */
  candidateScale?: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface Estimate {
  m: number[][];
  u: number[][];
  lambda: number;
  observed: boolean[];
  iterations: number;
  expectedMatches: number;
}

/**
 * Estimate m, u and λ: u from the random pairs, then EM for m and λ with u fixed, then u again with each random
 * pair weighted by its probability of being a non-match, and EM once more; three rounds in all.
 */
export function estimateParameters(input: EstimateInput): Estimate {
  const maxIterations = input.maxIterations ?? 200;
  const tolerance = input.tolerance ?? 1e-6;
  const scale = input.candidateScale ?? 1;
  const cand = expand(input.candidates);
  const rand = expand(input.random);
  const { table: u0, observed: seenRandom } = weightedFrequencies(rand, () => 1, 1);
  let u = u0;
  let m = initialM();
  const active = FIELDS.map((_, f) => seenRandom[f]!);
  const candidatePairs = cand.count.reduce((a, b) => a + b, 0) * scale;
  let lambda = Math.min(0.5, Math.max(1e-12, (0.1 * candidatePairs) / input.totalPairs));
  let iterations = 0;
  let observed = FIELDS.map(() => false);
  for (let round = 0; round < 3; round++) {
    for (let it = 0; it < maxIterations; it++) {
      iterations++;
      const post = posteriors(cand, m, u, lambda, active);
      const next = weightedFrequencies(cand, (k) => post[k]!, 0.5);
      observed = next.observed;
      let expected = 0;
      for (let k = 0; k < cand.size; k++) expected += cand.count[k]! * post[k]!;
      const nextLambda = Math.min(0.5, Math.max(1e-15, (expected * scale) / input.totalPairs));
      let delta = Math.abs(Math.log(nextLambda / lambda));
      for (let f = 0; f < FIELD_COUNT; f++) {
        for (let l = 0; l < m.values[f]!.length; l++) delta = Math.max(delta, Math.abs(next.table.values[f]![l]! - m.values[f]![l]!));
      }
      m = next.table;
      lambda = nextLambda;
      if (delta < tolerance) break;
    }
    if (round < 2) {
      // u again, from the random pairs weighted by their probability of being different people.
      const post = posteriors(rand, m, u, lambda, active);
      u = weightedFrequencies(rand, (k) => 1 - post[k]!, 1).table;
    }
  }
  const post = posteriors(cand, m, u, lambda, active);
  let expectedMatches = 0;
  for (let k = 0; k < cand.size; k++) expectedMatches += cand.count[k]! * post[k]!;
  return {
    m: m.values,
    u: u.values,
    lambda,
    observed: FIELDS.map((_, f) => observed[f]! && active[f]!),
    iterations,
    expectedMatches: expectedMatches * scale,
  };
}

/** Assemble a model from estimated parameters. */
export function buildModel(estimate: Estimate, thresholds: Model['thresholds'], training: TrainingSummary): Model {
  return {
    version: 1,
    lambda: estimate.lambda,
    fields: FIELDS.map((field, f) => ({
      name: field.name,
      tfLevel: field.tfLevel,
      isEstimated: estimate.observed[f]!,
      levels: field.levels.map((level, l) => ({ key: level.key, description: level.description, m: estimate.m[f]![l]!, u: estimate.u[f]![l]! })),
    })),
    thresholds,
    training,
  };
}
