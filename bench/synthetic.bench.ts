// Benchmark: generate Synthetic London with 1 million people and their agency source records (and, unless
// --no-history, their practice history) to a temporary directory, and report time, throughput and memory.
//
//   npx tsx bench/synthetic.bench.ts [--people 1000000] [--seed 1] [--no-history] [--keep]
//   npx tsx --expose-gc bench/synthetic.bench.ts     (adds the live heap after a full GC at 10%, 50%, 100%)
//
// Target (issue 3): at most 60 s on a 2-core machine, with memory that does not grow with scale. Memory is
// sampled through the run, so the resident set (and, with --expose-gc, the live heap) at 10%, 50% and 100% of
// the work shows whether it grows. Prints one JSON line of results on standard output.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticLondon } from '../src/modules/synthetic/index.ts';

function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const MB = 1024 * 1024;
const targetPeople = option('people', 1_000_000);
const seed = option('seed', 1);
const history = !flag('no-history');
const root = await mkdtemp(join(tmpdir(), 'safehub-bench-synthetic-'));

try {
  // Find the scale that gives the wanted number of people, from a 1% London (people per child varies a little).
  const probe = await generateSyntheticLondon({ seed, scale: 0.01, outDir: join(root, 'probe'), history: false });
  const scale = Number(((0.01 * targetPeople) / probe.counts.people).toFixed(4));
  await rm(join(root, 'probe'), { recursive: true, force: true });

  const outDir = join(root, 'out');
  const checkpoints: Record<string, number> = {};
  const heapAfterGc: Record<string, number> = {};
  const gc = (globalThis as { gc?: () => void }).gc;
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const summary = await generateSyntheticLondon({
    seed,
    scale,
    outDir,
    history,
    onProgress: (p) => {
      const rss = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, rss);
      const share = p.childrenDone / p.childrenTarget;
      for (const mark of [0.1, 0.5, 1]) {
        const key = `${mark * 100}%`;
        if (share >= mark && checkpoints[key] === undefined) {
          checkpoints[key] = Math.round(rss / MB);
          if (gc) {
            gc();
            heapAfterGc[key] = Math.round(process.memoryUsage().heapUsed / MB);
          }
        }
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);

  let bytes = 0;
  for (const name of await readdir(outDir)) bytes += (await stat(join(outDir, name))).size;
  const c = summary.counts;
  const result = {
    benchmark: 'synthetic-generate',
    seed,
    scale,
    history,
    people: c.people,
    children: c.children,
    households: c.households,
    addresses: c.addresses,
    sourceRecords: c.sourceRecords,
    events: c.events,
    rowsWritten: c.people + c.households + c.addresses + c.sourceRecords * 2 + c.events,
    bytesWritten: bytes,
    seconds: Number(seconds.toFixed(2)),
    peoplePerSecond: Math.round(c.people / seconds),
    sourceRecordsPerSecond: Math.round(c.sourceRecords / seconds),
    peakRssMB: Math.round(peakRss / MB),
    maxRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
    rssAtProgressMB: checkpoints,
    ...(gc ? { heapAfterGcAtProgressMB: heapAfterGc } : {}),
    targetSeconds: 60,
    withinTarget: seconds <= 60,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
  };
  console.log(JSON.stringify(result));
  if (flag('keep')) console.error(`Output kept in ${outDir}`);
} finally {
  if (!flag('keep')) await rm(root, { recursive: true, force: true });
}
