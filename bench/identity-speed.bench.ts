// Benchmark: speed and memory of the identity engine.
//
//   npx tsx bench/identity-speed.bench.ts [--small 50000] [--large 1000000] [--online-people 50000,1000000] [--seed 1]
//
// Batch: deduplicate about 50,000 and about 1,000,000 Synthetic London source records (training on the records
// included), each in a child process so that its peak memory is its own; pairs scored per second come from the
// large run. Online: an index of every record of about 50,000 and about 1,000,000 people, matched against 1,000
// records of the same people held back from the index (their other agencies' records are in it); p50, p95, p99.
// Data is generated with the synthetic module (as `npx safehub generate --seed S --scale X --out DIR`) into a
// temporary directory. Targets (issue 4): ≥ 1.5 million pairs/s; 50,000 records ≤ 3 s; 1 million ≤ 3 min and
// ≤ 6 GB; online p95 ≤ 20 ms at 50,000 people and ≤ 50 ms at 1 million.
// Prints progress on standard error and one JSON line of results as the last line of standard output.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticLondon } from '../src/modules/synthetic/index.ts';
import { deduplicate, OnlineIndex, trainModel, type PersonRecord } from '../src/modules/identity/engine/index.ts';
import { loadSyntheticOutput, withTemporaryDirectory } from '../src/modules/identity/engine/evaluation-data.ts';

const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** Records per child at scale 0.01 (about 41,000 records; rounded from a probe run): scale for a wanted count. */
const RECORDS_PER_SCALE = 11_036_000;
const PEOPLE_PER_SCALE = 4_140_000;

/** Child mode: deduplicate the first N records of a directory and report time and peak memory. */
async function childDedupe(dir: string, limit: number): Promise<void> {
  const all = loadSyntheticOutput(dir).records;
  const records = all.slice(0, Math.min(limit, all.length));
  const readRss = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const model = await trainModel(records);
  const t1 = performance.now();
  const r = await deduplicate(records, model);
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      records: records.length,
      trainSeconds: round((t1 - t0) / 1000),
      dedupeSeconds: round((t2 - t1) / 1000),
      totalSeconds: round((t2 - t0) / 1000),
      candidatePairs: r.stats.candidatePairs,
      pairsPerSecond: Math.round(r.stats.pairsPerSecond),
      scoringSeconds: round(r.stats.seconds.scoring),
      threads: r.stats.threads,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      rssAfterReadingMB: Math.round(readRss / 1024),
    }),
  );
}

/** Child mode: build an online index of every record but 1,000 held back, and time matching those 1,000. */
async function childOnline(dir: string): Promise<void> {
  const { records } = loadSyntheticOutput(dir);
  // Hold back every k-th record; train on a sample of at most 200,000 records (as a service would, once).
  const step = Math.max(2, Math.floor(records.length / 1000));
  const queries: PersonRecord[] = [];
  const indexed: PersonRecord[] = [];
  records.forEach((r, k) => (k % step === 0 && queries.length < 1000 ? queries : indexed).push(r));
  const model = await trainModel(indexed.slice(0, 200_000));
  const t0 = performance.now();
  const index = OnlineIndex.build(model, indexed);
  const buildSeconds = (performance.now() - t0) / 1000;
  for (const q of queries.slice(0, 100)) index.match(q, 10); // warm up
  const times: number[] = [];
  let found = 0;
  for (const q of queries) {
    const t = performance.now();
    const m = index.match(q, 10);
    times.push(performance.now() - t);
    if (m.length > 0) found++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number): number => round(times[Math.min(times.length - 1, Math.floor(p * times.length))]!, 3);
  const t1 = performance.now();
  for (let k = 0; k < 1000; k++) index.add({ ...queries[k % queries.length]!, id: `added-${k}` });
  const addMs = (performance.now() - t1) / 1000;
  console.log(
    JSON.stringify({
      indexedRecords: index.size - 1000,
      queries: times.length,
      queriesWithCandidates: found,
      buildSeconds: round(buildSeconds),
      p50ms: at(0.5),
      p95ms: at(0.95),
      p99ms: at(0.99),
      maxMs: round(times.at(-1)!, 3),
      addMsPerRecord: round(addMs, 3),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

function runChild(args: string[]): Record<string, unknown> {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !last.startsWith('{')) throw new Error(`child ${args.join(' ')} failed (exit ${run.status})`);
  return JSON.parse(last) as Record<string, unknown>;
}

const mode = option('child', '');
if (mode === 'dedupe') {
  await childDedupe(option('dir', ''), Number(option('records', '0')));
} else if (mode === 'online') {
  await childOnline(option('dir', ''));
} else {
  const seed = Number(option('seed', '1'));
  const small = Number(option('small', '50000'));
  const large = Number(option('large', '1000000'));
  const onlinePeople = option('online-people', '50000,1000000').split(',').map(Number);
  const started = performance.now();
  const result = await withTemporaryDirectory('safehub-bench-identity-speed-', async (root) => {
    const batch: Record<string, unknown> = {};
    for (const wanted of [small, large]) {
      // A little over the wanted number of records, then the first `wanted` of them.
      const scale = Number(((wanted * 1.02) / RECORDS_PER_SCALE).toFixed(5));
      const dir = join(root, `batch-${wanted}`);
      log(`generating about ${wanted} records (scale ${scale}) …`);
      await generateSyntheticLondon({ seed, scale, outDir: dir });
      log(`deduplicating ${wanted} records …`);
      batch[String(wanted)] = { scale, ...runChild(['--child', 'dedupe', '--dir', dir, '--records', String(wanted)]) };
    }
    const online: Record<string, unknown> = {};
    for (const people of onlinePeople) {
      const scale = Number((people / PEOPLE_PER_SCALE).toFixed(5));
      const dir = join(root, `online-${people}`);
      log(`generating about ${people} people (scale ${scale}) …`);
      const generated = await generateSyntheticLondon({ seed: seed + 1, scale, outDir: dir, history: true });
      log(`online index of ${generated.counts.people} people …`);
      online[String(people)] = { scale, people: generated.counts.people, ...runChild(['--child', 'online', '--dir', dir]) };
    }
    return { batch, online };
  });
  const largeRun = result.batch[String(large)] as { pairsPerSecond: number; totalSeconds: number; peakRssMB: number };
  const smallRun = result.batch[String(small)] as { totalSeconds: number };
  const onlineSmall = result.online[String(onlinePeople[0])] as { p95ms: number } | undefined;
  const onlineLarge = result.online[String(onlinePeople.at(-1))] as { p95ms: number } | undefined;
  console.log(
    JSON.stringify({
      benchmark: 'identity-speed',
      seed,
      ...result,
      targets: {
        pairsPerSecond: { target: 1_500_000, measured: largeRun.pairsPerSecond, met: largeRun.pairsPerSecond >= 1_500_000 },
        dedupe50kSeconds: { target: 3, measured: smallRun.totalSeconds, met: smallRun.totalSeconds <= 3 },
        dedupe1mSeconds: { target: 180, measured: largeRun.totalSeconds, met: largeRun.totalSeconds <= 180 },
        dedupe1mPeakMB: { target: 6144, measured: largeRun.peakRssMB, met: largeRun.peakRssMB <= 6144 },
        onlineP95At50kPeopleMs: { target: 20, measured: onlineSmall?.p95ms ?? null, met: onlineSmall ? onlineSmall.p95ms <= 20 : null },
        onlineP95At1mPeopleMs: { target: 50, measured: onlineLarge?.p95ms ?? null, met: onlineLarge ? onlineLarge.p95ms <= 50 : null },
      },
      seconds: round((performance.now() - started) / 1000, 1),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim(),
      loadAverageAtEnd: loadavg().map((x) => round(x)),
    }),
  );
}
