import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS } from './bands.ts';
import { areLikelyTwins, compareRecords, createCompareContext, FIELD, FIELD_COUNT, FIELDS, newComparison, patternOf } from './comparators.ts';
import {
  buildModel,
  estimateHousehold,
  estimateParameters,
  explainComparison,
  modelWeights,
  priorFor,
  probabilityFromWeight,
  scoreComparison,
  scoreWithCorroboration,
  type Estimate,
  type Model,
  type PatternHistogram,
} from './fellegi-sunter.ts';
import { PreparedSet, TermFrequencies, type PersonRecord } from './prepare.ts';
import { Prng } from './prng.ts';

const FORENAMES = ['Robert', 'Bob', 'Rob', 'Mohammed', 'Muhammad', 'Md', 'Nia', 'Mia', 'Olivia', 'Olivai', 'Zain', 'Zainab', 'Hao', 'Junjie', 'J', 'Daniel'];
const SURNAMES = ['Smith', 'Smyth', 'Baker-Harris', 'Harris', 'Wong', 'Huang', 'Okafor', 'Smith-Okafor', 'Daniel', 'Hamilton', "O'Brien", 'Singh'];
const POSTCODES = ['RM9 2YL', 'RM9 2AB', 'RM9 5AB', 'SE1 2NX', 'N17 7EJ'];
const ADDRESSES = ['1 High Street', '20 Cambridge Avenue', 'Flat 7, 20 Cambridge Ave'];
const DOBS = ['2015-03-07', '2015-07-03', '2015-03-08', '2005-03-07', '2014-06-20', '1984-11-20', '2015-03-30'];
const NHS = ['9434765919', '9990755841', '9434765918'];

/** A record with fields drawn from small pools, so random pairs often agree in interesting ways. */
function randomRecord(rng: Prng, id: string): PersonRecord {
  const maybe = <T>(value: T): T | null => (rng.float() < 0.2 ? null : value);
  return {
    id,
    forenames: maybe(rng.pick(FORENAMES) + (rng.float() < 0.2 ? ` ${rng.pick(FORENAMES)}` : '')),
    surname: maybe(rng.pick(SURNAMES)),
    dob: maybe(rng.pick(DOBS)),
    sex: rng.pick(['M', 'F', 'U']),
    nhsNumber: maybe(rng.pick(NHS)),
    upn: rng.float() < 0.3 ? 'W201205723000' : null,
    postcodes: rng.float() < 0.7 ? [rng.pick(POSTCODES)] : [],
    addresses: rng.float() < 0.5 ? [rng.pick(ADDRESSES)] : [],
    aliases: rng.float() < 0.1 ? [{ forenames: rng.pick(FORENAMES), surname: rng.pick(SURNAMES) }] : undefined,
    email: rng.float() < 0.3 ? rng.pick(['a.b@x.org', 'a.b@y.org', 'ab@x.org']) : null,
    city: rng.float() < 0.3 ? rng.pick(['Leeds', 'Leds', 'York']) : null,
  };
}

/** A model with arbitrary (but valid) parameters, and a household correction. */
function randomModel(rng: Prng): Model {
  const table = (): number[][] =>
    FIELDS.map((f) => {
      const raw = f.levels.map(() => 0.01 + rng.float());
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((x) => x / sum);
    });
  const estimate: Estimate = { m: table(), u: table(), lambda: 1e-4, observed: FIELDS.map(() => true), iterations: 0, expectedMatches: 0, sessions: [] };
  const summary = { records: 100, populationSize: 100, rightRecords: 0, candidatePairs: 0, randomPairs: 0, totalPairs: 4950, emIterations: 0, expectedMatches: 0, sessions: [], seconds: 0 };
  return buildModel(estimate, DEFAULT_THRESHOLDS, summary, FIELDS[FIELD.surname]!.levels.map(() => -rng.float() * 5));
}

describe('scoring properties (seeded random records)', () => {
  const rng = new Prng(20_240_601);
  const records = Array.from({ length: 120 }, (_, k) => randomRecord(rng, `r${k}`));
  const set = PreparedSet.from(records);
  const tf = new TermFrequencies();
  tf.countAll(set);
  const ctx = createCompareContext(set.vocabulary.names.view(), set.vocabulary.others.view(), tf.view());
  const v = set.view();
  const ab = newComparison();
  const ba = newComparison();

  it('compares symmetrically: the same levels and frequencies either way round', () => {
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) {
        compareRecords(ctx, v, i, v, j, ab);
        compareRecords(ctx, v, j, v, i, ba);
        assert.deepEqual([...ab.levels], [...ba.levels], `${i}/${j}`);
        assert.deepEqual([...ab.tf], [...ba.tf], `${i}/${j}`);
        assert.equal(areLikelyTwins(v, i, v, j, ab), areLikelyTwins(v, j, v, i, ba));
      }
    }
  });

  it('scores symmetrically under any model', () => {
    for (let k = 0; k < 5; k++) {
      const w = modelWeights(randomModel(rng));
      for (let n = 0; n < 500; n++) {
        const i = rng.below(records.length);
        const j = rng.below(records.length);
        if (i === j) continue;
        compareRecords(ctx, v, i, v, j, ab);
        compareRecords(ctx, v, j, v, i, ba);
        assert.equal(scoreComparison(w, ab, areLikelyTwins(v, i, v, j, ab)), scoreComparison(w, ba, areLikelyTwins(v, j, v, i, ba)));
      }
    }
  });

  it('explains every score exactly: prior, fields, household and guards add up to it', () => {
    const scratch = new Float64Array(2);
    for (let k = 0; k < 5; k++) {
      const model = randomModel(rng);
      const w = modelWeights(model);
      for (let n = 0; n < 500; n++) {
        const i = rng.below(records.length);
        const j = (i + 1 + rng.below(records.length - 1)) % records.length;
        compareRecords(ctx, v, i, v, j, ab);
        const twins = areLikelyTwins(v, i, v, j, ab);
        const e = explainComparison(model, w, ab, twins);
        const sum = e.prior + e.fields.reduce((a, f) => a + f.weight + f.tfAdjustment, 0) + e.household.adjustment + e.guards.reduce((a, g) => a + g.adjustment, 0);
        assert.ok(Math.abs(sum - e.weight) < 1e-9, `sum ${sum} vs ${e.weight}`);
        assert.ok(Math.abs(e.weight - scoreComparison(w, ab, twins)) < 1e-9);
        scoreWithCorroboration(w, ab, twins, scratch);
        assert.ok(Math.abs(e.weight - scratch[0]!) < 1e-9);
        assert.ok(Math.abs(e.corroboratedProbability - probabilityFromWeight(scratch[1]!)) < 1e-12);
        assert.equal(e.probability, probabilityFromWeight(e.weight));
        assert.equal(e.fields.length, FIELD_COUNT);
      }
    }
  });
});

describe('corroboration', () => {
  const model = randomModel(new Prng(9));
  const w = modelWeights(model);
  const levels = (set: Partial<Record<keyof typeof FIELD, number>>): ReturnType<typeof newComparison> => {
    const c = newComparison();
    c.levels.fill(-1);
    for (const [k, l] of Object.entries(set)) c.levels[FIELD[k as keyof typeof FIELD]] = l;
    return c;
  };
  const out = new Float64Array(2);

  it('sets agreeing identifiers aside', () => {
    const c = levels({ forename: 7, surname: 0, dob: 6, nhs: 0 });
    scoreWithCorroboration(w, c, false, out);
    const nhs = w.weight[FIELD.nhs * 16]!;
    assert.ok(Math.abs(out[1]! - (out[0]! - Math.max(0, nhs))) < 1e-9);
  });

  it('is impossible without a date of birth on both records', () => {
    scoreWithCorroboration(w, levels({ forename: 0, surname: 0, location: 0 }), false, out);
    assert.equal(out[1], -Infinity);
    const e = explainComparison(model, w, levels({ forename: 0, surname: 0, location: 0 }));
    assert.equal(e.corroboratedProbability, 0);
  });

  it('needs no date of birth from a model that never saw one', () => {
    const noDob = randomModel(new Prng(9));
    noDob.fields[FIELD.dob]!.isEstimated = false;
    scoreWithCorroboration(modelWeights(noDob), levels({ forename: 0, surname: 0 }), false, out);
    assert.ok(Number.isFinite(out[1]));
  });
});

describe('estimating the model', () => {
  it('recovers m and the prior by EM from pairs generated with known parameters', () => {
    const rng = new Prng(42);
    // Three fields with four levels each (forename, surname, dob), the rest missing; λ = 1%.
    const used = [FIELD.forename, FIELD.surname, FIELD.dob];
    const m = [0.85, 0.08, 0.04, 0.03];
    const u = [0.002, 0.008, 0.04, 0.95];
    const draw = (p: number[]): number => {
      let x = rng.float();
      for (let l = 0; l < p.length; l++) if ((x -= p[l]!) < 0) return l;
      return p.length - 1;
    };
    const levels = new Int8Array(FIELD_COUNT).fill(-1);
    const population = 400_000;
    const candidates: PatternHistogram = new Map();
    const random: PatternHistogram = new Map();
    for (let k = 0; k < population; k++) {
      const isMatch = rng.float() < 0.01;
      for (const f of used) levels[f] = draw(isMatch ? m : u);
      const p = patternOf(levels);
      // Blocking: a pair is a candidate when any field agrees exactly.
      if (used.some((f) => levels[f] === 0)) candidates.set(p, (candidates.get(p) ?? 0) + 1);
      if (k % 4 === 0) random.set(p, (random.get(p) ?? 0) + 1);
    }
    const e = estimateParameters({ candidates, random, totalPairs: population });
    for (const f of used) for (let l = 0; l < 4; l++) assert.ok(Math.abs(e.m[f]![l]! - m[l]!) < 0.03, `m[${FIELDS[f]!.name}][${l}] = ${e.m[f]![l]}`);
    // Blocking misses matches with no exact agreement (0.15³ of them), so λ comes out a little low.
    assert.ok(Math.abs(e.lambda - 0.01) < 0.0015, `λ = ${e.lambda}`);
    assert.deepEqual(e.sessions.map((s) => s.name), ['same date of birth', 'same forename and surname']);
  });

  it('rescales the prior to the size of the population it is applied to', () => {
    const model = randomModel(new Prng(1));
    model.lambda = 1e-4;
    model.training.populationSize = 10_000;
    assert.equal(priorFor(model, 10_000), 1e-4);
    assert.ok(Math.abs(priorFor(model, 100_000) - 1e-5) < 1e-18);
    assert.equal(priorFor(model, undefined), 1e-4);
  });

  it('weighs an agreeing rare surname more than an agreeing common one', () => {
    const common = { forenames: 'Ann', surname: 'Smith', dob: '1990-01-01' };
    const records: PersonRecord[] = [
      { id: 'a', ...common },
      { id: 'b', ...common, dob: '1991-05-05' },
      { id: 'c', forenames: 'Bea', surname: 'Okonkwo-Owolabi', dob: '1990-01-01' },
      { id: 'd', forenames: 'Cal', surname: 'Okonkwo-Owolabi', dob: '1991-05-05' },
      ...Array.from({ length: 40 }, (_, k) => ({ id: `s${k}`, forenames: `X${k}`, surname: 'Smith', dob: null })),
    ];
    const set = PreparedSet.from(records);
    const tf = new TermFrequencies();
    tf.countAll(set);
    const ctx = createCompareContext(set.vocabulary.names.view(), set.vocabulary.others.view(), tf.view());
    const w = modelWeights(randomModel(new Prng(3)));
    const c = newComparison();
    const v = set.view();
    compareRecords(ctx, v, 0, v, 1, c);
    const smith = explainComparison(randomModel(new Prng(3)), w, c).fields[FIELD.surname]!;
    compareRecords(ctx, v, 2, v, 3, c);
    const rare = explainComparison(randomModel(new Prng(3)), w, c).fields[FIELD.surname]!;
    assert.equal(smith.weight, rare.weight, 'the same level');
    assert.ok(rare.tfAdjustment > smith.tfAdjustment, `${rare.tfAdjustment} > ${smith.tfAdjustment}`);
  });

  it('learns a household correction when relatives share surname and address far more often than chance', () => {
    const model = randomModel(new Prng(5));
    model.fields[FIELD.location]!.levels[0]!.u = 1e-5;
    model.fields[FIELD.surname]!.levels[0]!.u = 4e-3;
    model.lambda = 1e-9;
    // 1,000 pairs sharing an address and a surname, mostly different people, among 1e9 pairs: 1e-6 ≫ 1e-5 × 4e-3.
    const levels = new Int8Array(FIELD_COUNT).fill(-1);
    levels[FIELD.location] = 0;
    levels[FIELD.surname] = 0;
    levels[FIELD.forename] = 7;
    const h = estimateHousehold(model, new Map([[patternOf(levels), 1000]]), 1e9);
    assert.ok(h && h[0]! < -4, `correction ${h?.[0]}`);
    assert.equal(h![1], 0, 'no pairs at other levels: no correction');
  });
});
