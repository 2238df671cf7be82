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
import type { Thresholds } from './bands.ts';
import { FIELD, FIELD_COUNT, FIELDS, levelInPattern, type Comparison } from './comparators.ts';

export interface LevelParameters {
  key: string;
  description: string;
  m: number;
  u: number;
}

export interface FieldParameters {
  name: string;
  levels: LevelParameters[];
  /** The level whose u is the reference for term-frequency adjustment (its exact agreement; -1: none). */
  tfLevel: number;
  /** False when the field was never comparable in training: its evidence is then ignored. */
  isEstimated: boolean;
}

export interface TrainingSummary {
  records: number;
  /** The population size λ refers to: the records (deduplication) or the larger file (linking). */
  populationSize: number;
  /** Records of the right-hand file when trained for linking. */
  rightRecords: number;
  candidatePairs: number;
  randomPairs: number;
  totalPairs: number;
  emIterations: number;
  /** Expected true matches among the candidate pairs under the final model. */
  expectedMatches: number;
  sessions: Estimate['sessions'];
  seconds: number;
}

/** A trained model: JSON-serialisable, so it can be stored and reloaded. */
export interface Model {
  version: 1;
  /** Prior probability that two records picked at random are the same person. */
  lambda: number;
  fields: FieldParameters[];
  /** Probabilities at which pairs are linked automatically and sent for clerical review (bands.ts). */
  thresholds: Thresholds;
  /**
   * The household correction, in bits per surname level, applied when two records share an address: relatives
   * share both, so among different people agreement on surname and address together is far commoner than the two
   * u probabilities multiplied suggest. Zero or negative; null when there were no addresses to learn it from.
   */
  household: number[] | null;
  training: TrainingSummary;
}

/** A model's weights laid out for scoring (level weights in bits, indexed field * 16 + level). */
export interface ModelWeights {
  prior: number;
  weight: Float64Array;
  /** u of each field's term-frequency level (0 when the field has none). */
  tfU: Float64Array;
  tfLevel: Int8Array;
  /** The most a pair that looks like twins may weigh: the review threshold (an even chance). */
  twinCeiling: number;
  /** Household correction per surname level (bits), applied at location level 0 (an address in common). */
  household: Float64Array;
  /** Corroboration needs a date of birth on both records (when the model uses dates of birth at all). */
  needsDob: boolean;
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

/**
 * The prior for a population of a different size. λ is about (records per person − 1) / (records − 1): the
 * chance that a record picked at random is one of the few other records of the same person. So applied to a set
 * of `size` records, a model trained on `trainedOn` records has λ × trainedOn / size.
 */
export function priorFor(model: Model, size: number | undefined): number {
  const trainedOn = model.training.populationSize;
  if (!size || size < 2 || !trainedOn) return model.lambda;
  return Math.min(0.5, (model.lambda * trainedOn) / size);
}

/** Weights for scoring; `populationSize` (records in scope) rescales the prior when it differs from training. */
export function modelWeights(model: Model, populationSize?: number): ModelWeights {
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
  const household = new Float64Array(LEVEL_STRIDE);
  if (model.household && model.fields[FIELD.location]!.isEstimated) model.household.forEach((x, l) => (household[l] = x));
  const lambda = priorFor(model, populationSize);
  return { prior: log2(lambda / (1 - lambda)), weight, tfU, tfLevel, twinCeiling: weightFromProbability(model.thresholds.review), household, needsDob: model.fields[FIELD.dob]!.isEstimated };
}

function tfAdjustment(w: ModelWeights, f: number, tf: number): number {
  if (tf <= 0 || w.tfU[f] === 0) return 0;
  const adj = log2(w.tfU[f]! / tf);
  return adj > MAX_TF_ADJUSTMENT ? MAX_TF_ADJUSTMENT : adj < -MAX_TF_ADJUSTMENT ? -MAX_TF_ADJUSTMENT : adj;
}

/**
 * The match weight (bits) of a comparison. A pair that looks like twins (same date of birth and address, different
 * forenames) is held down to the review threshold: the fields' evidence is counted as if independent, but twins
 * agree on everything except the forename, so the model's confidence there is not to be believed (the guard).
 */
export function scoreComparison(w: ModelWeights, c: Comparison, isTwins = false): number {
  const total = fieldScore(w, c, null);
  return isTwins && total > w.twinCeiling ? w.twinCeiling : total;
}

/**
 * The weight, and the corroborated weight: without what identifiers (NHS number, UPN) contributed, because an
 * identifier can be recorded against the wrong person (a relative's number) and that one error must not link two
 * people; and -Infinity when either record lacks a date of birth, because without it a parent and the child named
 * after them, at one address, cannot be told apart. Writes [weight, corroborated weight].
 */
export function scoreWithCorroboration(w: ModelWeights, c: Comparison, isTwins: boolean, out: Float64Array): void {
  const total = fieldScore(w, c, out);
  const weight = isTwins && total > w.twinCeiling ? w.twinCeiling : total;
  out[0] = weight;
  out[1] = w.needsDob && c.levels[FIELD.dob]! < 0 ? -Infinity : Math.min(weight, total - out[1]!);
}

/** Fields whose agreement corroboration sets aside. */
export const IDENTIFIER_FIELDS: readonly number[] = [FIELD.nhs, FIELD.upn];

function fieldScore(w: ModelWeights, c: Comparison, identifiersOut: Float64Array | null): number {
  let total = w.prior;
  let identifiers = 0;
  const levels = c.levels;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const l = levels[f]!;
    if (l < 0) continue;
    let x = w.weight[f * LEVEL_STRIDE + l]!;
    if (c.tf[f]! > 0) x += tfAdjustment(w, f, c.tf[f]!);
    total += x;
    if (x > 0 && (f === FIELD.nhs || f === FIELD.upn)) identifiers += x;
  }
  if (levels[FIELD.location] === 0 && levels[FIELD.surname]! >= 0) total += w.household[levels[FIELD.surname]!]!;
  if (identifiersOut) identifiersOut[1] = identifiers;
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

export interface GuardExplanation {
  rule: 'possible-twins';
  description: string;
  /** Bits taken off (negative). */
  adjustment: number;
}

export interface Explanation {
  /** Bits from the prior: log2(λ / (1 − λ)). */
  prior: number;
  fields: FieldExplanation[];
  /** The household correction (bits, zero or negative) when the records share an address and a surname. */
  household: { description: string; adjustment: number };
  /** Rules that held the score down, with the bits they took off. */
  guards: GuardExplanation[];
  /** prior + Σ (weight + tfAdjustment) + household adjustment + Σ guard adjustments */
  weight: number;
  probability: number;
  /**
   * The probability from corroborating evidence (bands.ts): the fields other than agreeing identifiers, and 0 when
   * a date of birth is missing on either side (if the model uses dates of birth at all).
   */
  corroboratedProbability: number;
}

/** Every term of the score, so a reviewer sees why two records were (or were not) linked. */
export function explainComparison(model: Model, w: ModelWeights, c: Comparison, isTwins = false): Explanation {
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
    const tfAdj = c.tf[f]! > 0 ? tfAdjustment(w, f, c.tf[f]!) : 0;
    total += weight + tfAdj;
    fields.push({ field: field.name, level: level.key, description: level.description, m: level.m, u: level.u, weight, tfAdjustment: tfAdj });
  });
  const sl = c.levels[FIELD.surname]!;
  const householdAdjustment = c.levels[FIELD.location] === 0 && sl >= 0 ? w.household[sl]! : 0;
  total += householdAdjustment;
  let identifiers = 0;
  fields.forEach((f, k) => {
    if (IDENTIFIER_FIELDS.includes(k) && f.weight + f.tfAdjustment > 0) identifiers += f.weight + f.tfAdjustment;
  });
  const corroborated = w.needsDob && c.levels[FIELD.dob]! < 0 ? -Infinity : total - identifiers;
  const guards: GuardExplanation[] = [];
  if (isTwins && total > w.twinCeiling) {
    guards.push({ rule: 'possible-twins', description: 'same date of birth and address but different forenames: possibly twins, so never linked automatically', adjustment: w.twinCeiling - total });
    total += w.twinCeiling - total;
  }
  return {
    prior: w.prior,
    fields,
    household: {
      description: householdAdjustment < 0 ? 'relatives share a surname and an address, so agreeing on both counts for less' : 'not applicable',
      adjustment: householdAdjustment,
    },
    guards,
    weight: total,
    probability: probabilityFromWeight(total),
    corroboratedProbability: probabilityFromWeight(Math.min(total, corroborated)),
  };
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
  sessions?: readonly TrainingSession[];
  maxIterations?: number;
  tolerance?: number;
}

/**
 * One EM session: the candidate pairs that agree exactly on some fields. Among them, non-matches are mostly people
 * who share that value by chance rather than relatives who share a household, so EM over the other fields finds
 * the match class rather than the family one. The session's own fields are left out (their agreement was chosen,
 * not observed).
 */
export interface TrainingSession {
  name: string;
  /** Fields that must be at level 0 for a pair to enter the session; they are not estimated in it. */
  fixed: readonly number[];
  /** Fields not estimated in the session because its non-matches are not a random sample for them. */
  excluded: readonly number[];
}

/**
 * The sessions. A session's non-matches must look like random pairs on the fields it estimates, so the name
 * session leaves out sex (a forename tells the sex, so namesakes almost always agree on it) and location (people
 * who share a full name and an address are mostly relatives: a parent and the child named after them). Both are
 * estimated in the date-of-birth session, whose non-matches share only a birthday.
 */
export const TRAINING_SESSIONS: readonly TrainingSession[] = [
  { name: 'same date of birth', fixed: [FIELD.dob], excluded: [] },
  { name: 'same forename and surname', fixed: [FIELD.forename, FIELD.surname], excluded: [FIELD.sex, FIELD.location] },
];

export interface Estimate {
  m: number[][];
  u: number[][];
  lambda: number;
  observed: boolean[];
  iterations: number;
  expectedMatches: number;
  /** Pairs and matches found per session, for the training report. */
  sessions: { name: string; pairs: number; lambda: number; fields: string[] }[];
}

/** EM over one set of patterns with u fixed: m for the active fields and the share of matches λ among them. */
function emSession(ps: Patterns, active: boolean[], u: Table, start: Table, maxIterations: number, tolerance: number): { m: Table; lambda: number; iterations: number; observed: boolean[] } {
  let m = start;
  let lambda = 0.5;
  let iterations = 0;
  let observed = FIELDS.map(() => false);
  const total = ps.count.reduce((a, b) => a + b, 0);
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    const post = posteriors(ps, m, u, lambda, active);
    const next = weightedFrequencies(ps, (k) => post[k]!, 0.5);
    observed = next.observed;
    let expected = 0;
    for (let k = 0; k < ps.size; k++) expected += ps.count[k]! * post[k]!;
    const nextLambda = Math.min(0.999, Math.max(1e-9, expected / total));
    let delta = Math.abs(nextLambda - lambda);
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (!active[f]) continue;
      for (let l = 0; l < m.values[f]!.length; l++) delta = Math.max(delta, Math.abs(next.table.values[f]![l]! - m.values[f]![l]!));
    }
    m = next.table;
    lambda = nextLambda;
    if (delta < tolerance) break;
  }
  return { m, lambda, iterations, observed };
}

function subset(ps: Patterns, keep: (k: number) => boolean): Patterns {
  const idx: number[] = [];
  for (let k = 0; k < ps.size; k++) if (keep(k)) idx.push(k);
  const count = new Float64Array(idx.length);
  const level = new Int8Array(idx.length * FIELD_COUNT);
  idx.forEach((k, x) => {
    count[x] = ps.count[k]!;
    level.set(ps.level.subarray(k * FIELD_COUNT, (k + 1) * FIELD_COUNT), x * FIELD_COUNT);
  });
  return { count, level, size: idx.length };
}

/** λ with m and u fixed: expected matches among the candidates over all possible pairs (non-candidates are non-matches). */
function estimateLambda(cand: Patterns, m: Table, u: Table, active: boolean[], scale: number, totalPairs: number, start: number): { lambda: number; expected: number } {
  let lambda = start;
  let expected = 0;
  for (let it = 0; it < 500; it++) {
    const post = posteriors(cand, m, u, lambda, active);
    expected = 0;
    for (let k = 0; k < cand.size; k++) expected += cand.count[k]! * post[k]!;
    expected *= scale;
    const next = Math.min(0.5, Math.max(1e-15, expected / totalPairs));
    const done = Math.abs(Math.log(next / lambda)) < 1e-7;
    lambda = next;
    if (done) break;
  }
  return { lambda, expected };
}

/**
 * Estimate m, u and λ. u from the random pairs; m by EM in each training session (u fixed), averaged over the
 * sessions that estimate a field, with EM over all candidates only for a field no session covers; λ by EM with m
 * and u fixed. Then u again, each random pair weighted by its probability of being a non-match, and round again:
 * three rounds in all.
 */
export function estimateParameters(input: EstimateInput): Estimate {
  const maxIterations = input.maxIterations ?? 200;
  const tolerance = input.tolerance ?? 1e-6;
  const scale = input.candidateScale ?? 1;
  const sessions = input.sessions ?? TRAINING_SESSIONS;
  const cand = expand(input.candidates);
  const rand = expand(input.random);
  const { table: u0, observed: seenRandom } = weightedFrequencies(rand, () => 1, 1);
  let u = u0;
  let m = initialM();
  const candidatePairs = cand.count.reduce((a, b) => a + b, 0) * scale;
  let lambda = Math.min(0.5, Math.max(1e-12, (0.1 * candidatePairs) / input.totalPairs));
  let iterations = 0;
  let estimated = FIELDS.map(() => false);
  let report: Estimate['sessions'] = [];
  let expectedMatches = 0;
  for (let round = 0; round < 3; round++) {
    const sums: number[][] = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    const counts = FIELDS.map(() => 0);
    report = [];
    const runSession = (name: string, ps: Patterns, active: boolean[]): void => {
      if (ps.size === 0 || ps.count.reduce((a, b) => a + b, 0) < 10) return;
      const r = emSession(ps, active, u, m, maxIterations, tolerance);
      iterations += r.iterations;
      const fields: string[] = [];
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (!active[f] || !r.observed[f]) continue;
        fields.push(FIELDS[f]!.name);
        counts[f]!++;
        r.m.values[f]!.forEach((v, l) => (sums[f]![l]! += v));
      }
      report.push({ name, pairs: Math.round(ps.count.reduce((a, b) => a + b, 0) * scale), lambda: r.lambda, fields });
    };
    for (const session of sessions) {
      const ps = subset(cand, (k) => session.fixed.every((f) => cand.level[k * FIELD_COUNT + f] === 0));
      runSession(session.name, ps, FIELDS.map((_, f) => seenRandom[f]! && !session.fixed.includes(f) && !session.excluded.includes(f)));
    }
    const missing = FIELDS.map((_, f) => seenRandom[f]! && counts[f] === 0);
    if (missing.some(Boolean)) runSession('all candidate pairs', cand, FIELDS.map((_, f) => seenRandom[f]!));
    const next = initialM();
    for (let f = 0; f < FIELD_COUNT; f++) if (counts[f]! > 0) next.values[f] = sums[f]!.map((x) => x / counts[f]!);
    m = next;
    estimated = FIELDS.map((_, f) => counts[f]! > 0);
    const active = estimated;
    const lam = estimateLambda(cand, m, u, active, scale, input.totalPairs, lambda);
    lambda = lam.lambda;
    expectedMatches = lam.expected;
    if (round < 2) {
      // u again, from the random pairs weighted by their probability of being different people.
      const post = posteriors(rand, m, u, lambda, active);
      u = weightedFrequencies(rand, (k) => 1 - post[k]!, 1).table;
    }
  }
  // A level no pair ever showed, in the random or the candidate pairs, carries no information: its m and u come
  // from pseudo-counts alone, so it is given a weight of zero (m = u) rather than their arbitrary ratio.
  for (let f = 0; f < FIELD_COUNT; f++) {
    for (let l = 0; l < m.values[f]!.length; l++) {
      if (!levelSeen(cand, f, l) && !levelSeen(rand, f, l)) m.values[f]![l] = u.values[f]![l]!;
    }
  }
  return { m: m.values, u: u.values, lambda, observed: estimated, iterations, expectedMatches, sessions: report };
}

function levelSeen(ps: Patterns, f: number, l: number): boolean {
  for (let k = 0; k < ps.size; k++) if (ps.level[k * FIELD_COUNT + f] === l && ps.count[k]! > 0) return true;
  return false;
}

/** Assemble a model from estimated parameters. */
export function buildModel(estimate: Estimate, thresholds: Model['thresholds'], training: TrainingSummary, household: number[] | null = null): Model {
  return {
    version: 1,
    lambda: estimate.lambda,
    household,
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

/**
 * The household correction from the comparison patterns of every pair of records that share an address. Each
 * pair counts as a non-match with the model's probability that it is one; the non-matches agreeing on the surname
 * at level l, over all possible pairs, give the joint u of (address, surname l). The correction replaces the
 * independent product u(address) × u(surname l) with it: log2(product / joint), never positive.
 */
export function estimateHousehold(model: Model, addressPairs: PatternHistogram, totalPairs: number): number[] | null {
  if (!model.fields[FIELD.location]!.isEstimated || addressPairs.size === 0) return null;
  const ps = expand(addressPairs);
  const fields = model.fields;
  const m: Table = { values: fields.map((f) => f.levels.map((l) => l.m)) };
  const u: Table = { values: fields.map((f) => f.levels.map((l) => l.u)) };
  const active = fields.map((f) => f.isEstimated);
  const post = posteriors(ps, m, u, model.lambda, active);
  const surnameLevels = fields[FIELD.surname]!.levels.length;
  const joint = new Array<number>(surnameLevels).fill(0);
  for (let k = 0; k < ps.size; k++) {
    if (ps.level[k * FIELD_COUNT + FIELD.location] !== 0) continue;
    const sl = ps.level[k * FIELD_COUNT + FIELD.surname]!;
    if (sl < 0) continue;
    joint[sl]! += ps.count[k]! * (1 - post[k]!);
  }
  const uAddress = u.values[FIELD.location]![0]!;
  return joint.map((x, l) => {
    const independent = uAddress * u.values[FIELD.surname]![l]!;
    const observed = x / totalPairs;
    return observed > independent ? log2(independent / observed) : 0;
  });
}
