// `npm run bench`: runs every benchmark in bench/ (each prints one JSON line of results as its last line)
// and appends the figures to docs/benchmarks.md with the date, the machine and the commit.
// Benchmarks measure; tests check correctness. Nothing here asserts a target: the figures are recorded.
//
//   npm run bench                 every benchmark
//   npm run bench -- synthetic    only those whose file name contains "synthetic"
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const filters = process.argv.slice(2);
const benches = fs
  .readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
const dirty = spawnSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).stdout.trim() ? ' (with uncommitted changes)' : '';
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);

const rows: string[] = [];
let failed = false;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join('bench', file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(run.stdout);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !last.startsWith('{')) {
    console.error(`${file} failed (exit ${run.status})`);
    failed = true;
    continue;
  }
  const result = JSON.parse(last) as Record<string, unknown>;
  rows.push(`| ${date} | ${commit}${dirty} | ${file} | \`${JSON.stringify(result)}\` |`);
}

if (rows.length) {
  const doc = 'docs/benchmarks.md';
  const header = `\n### Run of ${date} on ${machine}\n\n| date | commit | benchmark | result |\n|---|---|---|---|\n`;
  fs.appendFileSync(doc, header + rows.join('\n') + '\n');
  console.log(`\nRecorded ${rows.length} result(s) in ${doc}.`);
}
process.exit(failed ? 1 : 0);
