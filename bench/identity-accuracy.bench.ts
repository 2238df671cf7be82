// Benchmark: matching accuracy of the identity engine against ground truth.
//
//   npx tsx bench/identity-accuracy.bench.ts [--scale 0.0242] [--seed 11] [--held-out-seed 2024] [--no-held-out]
//
// 1. fake_1000 (Splink's demo data; test/fixtures/linkage holds a copy): every pair compared (the default for a file this
//    small) and with blocking passes, beside the Splink reference figures.
// 2. Synthetic London at about 100,000 people (seed 11, scale 0.0242; the same as
//    `npx safehub generate --seed 11 --scale 0.0242 --out DIR`), written to a temporary directory.
// 3. Unless --no-held-out: the held-out seed (2024) the automatic-link threshold was chosen on, at several
//    candidate thresholds, so the choice can be checked.
// Prints progress on standard error and one JSON line of results as the last line of standard output.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticLondon } from '../src/modules/synthetic/index.ts';
import { deduplicate, trainModel, type Evaluation, type Model, type RunResult } from '../src/modules/identity/engine/index.ts';
import { loadFake1000, loadSyntheticOutput, withTemporaryDirectory, type LabelledRecords } from '../src/modules/identity/engine/evaluation-data.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const round = (x: number | undefined, digits = 4): number | null => (x === undefined ? null : Number(x.toFixed(digits)));
const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

function summarise(e: Evaluation, r: RunResult): Record<string, unknown> {
  return {
    candidatePairs: r.stats.candidatePairs,
    truePairs: e.pairwise.truePairs,
    blockingRecall: round(e.pairwise.blockingRecall),
    bestPairwiseF1: round(e.pairwise.bestF1.f1),
    bestF1AtProbability: round(e.pairwise.bestF1.probability, 6),
    recallAtPrecision999: round(e.pairwise.recallAtPrecision999?.recall),
    linkBand: { precision: round(e.bands.link.precision, 6), recall: round(e.bands.link.recall), pairs: e.bands.link.pairs },
    reviewBand: { pairs: e.bands.review.pairs, truePairs: e.bands.review.truePairs },
    clusterF1: round(e.clusters.pairwise.f1),
    clusterPrecision: round(e.clusters.pairwise.precision, 6),
    clusterRecall: round(e.clusters.pairwise.recall),
    bcubedF1: round(e.clusters.bcubed.f1),
    impureClusters: e.clusters.impureClusters,
  };
}

async function measure(data: LabelledRecords, blocking: 'auto' | 'passes', thresholds: number[]): Promise<{ model: Model; trainSeconds: number; byThreshold: Record<string, unknown> }> {
  const t0 = performance.now();
  const model = await trainModel(data.records, { blocking });
  const trainSeconds = (performance.now() - t0) / 1000;
  const byThreshold: Record<string, unknown> = {};
  for (const threshold of thresholds) {
    const t1 = performance.now();
    const r = await deduplicate(data.records, model, { truth: data.truth, blocking, threshold });
    byThreshold[String(threshold)] = { ...summarise(r.evaluation!, r), dedupeSeconds: round((performance.now() - t1) / 1000, 2) };
  }
  return { model, trainSeconds: round(trainSeconds, 2)!, byThreshold };
}

const seed = option('seed', 11);
const scale = option('scale', 0.0242);
const heldOutSeed = option('held-out-seed', 2024);
const started = performance.now();

log('fake_1000 …');
const fake = loadFake1000();
const fakeAll = await measure(fake, 'auto', [0.999, 0.99, 0.95]);
const fakePasses = await measure(fake, 'passes', [0.999, 0.95]);

log(`Synthetic London, seed ${seed}, scale ${scale} …`);
const synthetic = await withTemporaryDirectory('safehub-bench-identity-', async (dir) => {
  const out = join(dir, 'london');
  const generated = await generateSyntheticLondon({ seed, scale, outDir: out });
  const data = loadSyntheticOutput(out);
  const result = await measure(data, 'auto', [0.999]);
  return { people: generated.counts.people, records: data.records.length, ...result };
});

let heldOut: Record<string, unknown> | null = null;
if (!process.argv.includes('--no-held-out')) {
  log(`held-out seed ${heldOutSeed} …`);
  heldOut = await withTemporaryDirectory('safehub-bench-identity-heldout-', async (dir) => {
    const out = join(dir, 'london');
    await generateSyntheticLondon({ seed: heldOutSeed, scale, outDir: out });
    const data = loadSyntheticOutput(out);
    const model = await trainModel(data.records);
    const rows: Record<string, unknown> = {};
    let recallAtPrecision999: number | null = null;
    for (const link of [0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999]) {
      const r = await deduplicate(data.records, { ...model, thresholds: { ...model.thresholds, link } }, { truth: data.truth });
      const e = r.evaluation!;
      recallAtPrecision999 = round(e.pairwise.recallAtPrecision999?.recall);
      rows[String(link)] = { linkPrecision: round(e.bands.link.precision, 6), linkRecall: round(e.bands.link.recall), impureClusters: e.clusters.impureClusters };
    }
    return { seed: heldOutSeed, records: data.records.length, recallAtPrecision999, byLinkThreshold: rows };
  });
}

const result = {
  benchmark: 'identity-accuracy',
  fake1000: {
    splinkReference: { bestF1NoBlocking: 0.91, recallAtP999NoBlocking: 0.744, clusterF1NoBlocking: 0.903, bestF1Blocked: 0.763, recallAtP999Blocked: 0.588, clusterF1BlockedAt095: 0.799 },
    allPairs: { trainSeconds: fakeAll.trainSeconds, lambda: fakeAll.model.lambda, ...fakeAll.byThreshold },
    passes: { trainSeconds: fakePasses.trainSeconds, ...fakePasses.byThreshold },
  },
  synthetic: {
    seed,
    scale,
    people: synthetic.people,
    records: synthetic.records,
    trainSeconds: synthetic.trainSeconds,
    expectedMatches: Math.round(synthetic.model.training.expectedMatches),
    household: synthetic.model.household?.map((x) => round(x, 2)),
    ...synthetic.byThreshold,
  },
  heldOut,
  seconds: round((performance.now() - started) / 1000, 1),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  node: process.version,
  cpus: cpus().length,
};
console.log(JSON.stringify(result));
