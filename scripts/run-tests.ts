// `npm test`: the whole suite in three passes, each with node's built-in test runner (through tsx):
//   1. every test on embedded PGlite;
//   2. the same files again on the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
//      plus the *.pg.test.ts files that need a server (two nodes, one database);
//   3. the browser journeys (e2e/) in Chromium with axe on every page.
// Locally a missing PostgreSQL server or Chromium skips that pass with a notice; under CI=true it fails.
// SAFEHUB_TEST_PASSES=pglite,postgres,browser picks passes; extra arguments filter files by substring.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

const isCi = process.env.CI === 'true' || process.env.CI === '1';
const serverUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => fs.existsSync(p));
const wanted = new Set((process.env.SAFEHUB_TEST_PASSES || 'pglite,postgres,browser').split(','));
const filters = process.argv.slice(2);

function files(patterns: string[], exclude: RegExp[] = []): string[] {
  const found = patterns.flatMap((p) => fs.globSync(p)).filter((f) => !f.includes('node_modules'));
  return [...new Set(found)]
    .filter((f) => !exclude.some((re) => re.test(f)))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort();
}

interface PassResult {
  name: string;
  passed: number;
  failed: number;
  exitCode: number;
}

function run(name: string, testFiles: string[], env: Record<string, string | undefined>, concurrency: number): Promise<PassResult> {
  console.log(`\n=== ${name}: ${testFiles.length} test files ===\n`);
  if (testFiles.length === 0) return Promise.resolve({ name, passed: 0, failed: 0, exitCode: 0 });
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=180000', '--test-reporter=spec', ...testFiles],
      { env: { ...process.env, ...env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let passed = 0;
    let failed = 0;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const pass = /^\S*\s*pass (\d+)$/.exec(line.trim());
        const fail = /^\S*\s*fail (\d+)$/.exec(line.trim());
        if (pass) passed = Number(pass[1]);
        if (fail) failed = Number(fail[1]);
      }
    });
    child.on('close', (code) => resolve({ name, passed, failed, exitCode: code ?? 1 }));
  });
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const results: PassResult[] = [];
const problems: string[] = [];
const unitPatterns = ['src/**/*.test.ts', 'test/**/*.test.ts'];

if (wanted.has('pglite')) {
  results.push(await run('PGlite', files(unitPatterns, [/\.pg\.test\.ts$/]), { DATABASE_URL: undefined }, 2));
}
if (wanted.has('postgres')) {
  if (await postgresReachable(serverUrl)) {
    results.push(await run('PostgreSQL', files(unitPatterns), { DATABASE_URL: serverUrl }, 2));
  } else {
    const message = `PostgreSQL is not reachable at ${new URL(serverUrl).host}: the PostgreSQL pass did not run.`;
    if (isCi) problems.push(message);
    else console.log(`\nNote: ${message} Start a server or set TEST_DATABASE_URL.`);
  }
}
if (wanted.has('browser')) {
  if (chromium) {
    results.push(await run('Browser journeys (Chromium + axe)', files(['e2e/**/*.test.ts']), { CHROMIUM_PATH: chromium, DATABASE_URL: undefined }, 1));
  } else {
    const message = 'Chromium was not found: the browser journeys did not run.';
    if (isCi) problems.push(message);
    else console.log(`\nNote: ${message} Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
}

console.log('\n=== Summary ===');
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.exitCode !== 0 && r.failed === 0 ? ` (runner exited ${r.exitCode})` : ''}`);
for (const p of problems) console.log(`Problem: ${p}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const ok = problems.length === 0 && results.every((r) => r.exitCode === 0) && results.length > 0;
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
