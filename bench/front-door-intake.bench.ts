// Benchmark: contact intake through the API, with matching and audit, on PostgreSQL.
//
//   npx tsx bench/front-door-intake.bench.ts [--scale 0.02] [--seconds 30] [--concurrency 12] [--seed 1]
//   (npm run bench -- front-door-intake)
//
// Target (DESIGN section 7): ≥ 200 contacts/s sustained on 2 cores.
// A fresh database is created on the PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and dropped at the end. The identity index is preloaded with the agency source records of a Synthetic London at
// `--scale` (loadSynthetic: bulk load and clustering by the engine). An API key with the scope contact.submit is
// made for the Metropolitan Police, and POST /api/v1/contacts is driven through the real app (app.inject: the
// whole Fastify pipeline, API-key authentication, validation, matching of every person named, alerts, audit)
// with `--concurrency` requests in flight for `--seconds`. Bodies name 1–3 children and 0–2 adults of one
// synthetic household as the health records hold them, one in ten with a typo in the surname.
// Prints progress on standard error and one JSON line of results as the last line of standard output.
import { cpus, loadavg } from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { systemActor } from '../src/kernel/actor.ts';
import { createContainer, loadSynthetic, prepareDatabase, seedDemo } from '../src/main/container.ts';
import { createServer } from '../src/main/server.ts';
import { resolveSynthesis, synthesiseLondon } from '../src/modules/synthetic/index.ts';
import { freshDatabase, log, option, percentile, round } from './support.ts';

const seed = Number(option('seed', '1'));
const scale = Number(option('scale', '0.02'));
const seconds = Number(option('seconds', '30'));
const concurrency = Number(option('concurrency', '12'));

/** One slip in a name: two neighbouring letters swapped. */
function typo(name: string, k: number): string {
  if (name.length < 4) return name;
  const i = 1 + (k % (name.length - 2));
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

const CONCERNS = [
  { indicators: ['domestic-abuse'], concern: 'Police attended a reported domestic incident at the home; the children were in the house at the time.' },
  { indicators: ['missing'], concern: 'The young person was reported missing overnight and was found by officers the next morning.' },
  { indicators: ['neglect'], concern: 'Officers attending the address found the children alone and the home without food or heating.' },
  { indicators: ['child-criminal-exploitation'], concern: 'The young person was stopped far from home carrying cash and more than one phone.' },
];

const database = await freshDatabase('intake');
const started = performance.now();
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE }, { logLevel: 'silent', demoPassword: 'bench-demo-password-123' });
const container = await createContainer(config);
let result: Record<string, unknown> | undefined;
try {
  await prepareDatabase(container);
  await seedDemo(container, { withRecords: false });

  // 1. The identity index: every agency record of a Synthetic London, clustered into people.
  let t = performance.now();
  const loaded = await loadSynthetic(container, seed, scale);
  const preloadSeconds = (performance.now() - t) / 1000;
  log(`identity: ${loaded.inserted} records, ${loaded.people} people in ${round(preloadSeconds)} s`);

  // 2. Request bodies: households' children and adults as their health records hold them.
  const bodies: unknown[] = [];
  let k = 0;
  for (const bundle of synthesiseLondon(resolveSynthesis({ seed, scale, history: true }))) {
    const health = bundle.records.filter((r) => r.entry.kind === 'health' && !r.entry.isDuplicate);
    const children = health.filter((r) => r.entry.person.isChild && r.recorded.dob).slice(0, 1 + (k % 3));
    if (!children.length) continue;
    const adults = health.filter((r) => !r.entry.person.isChild).slice(0, k % 3);
    const person = (r: (typeof health)[number]) => ({
      forenames: r.recorded.forename,
      surname: k % 10 === 0 ? typo(r.recorded.surname, k) : r.recorded.surname,
      dateOfBirth: r.recorded.dob || null,
      sex: r.recorded.sex || null,
      nhsNumber: null,
      postcode: r.recorded.postcode || null,
      address: null,
    });
    const concern = CONCERNS[k % CONCERNS.length]!;
    bodies.push({
      laCode: children[0]!.recorded.laCode || bundle.laCode,
      source: '6',
      referrer: { name: `Officer ${k}`, role: 'Police constable', phone: null, email: null },
      children: children.map((r) => ({ ...person(r), isUnborn: false })),
      adults: adults.map((r) => ({ ...person(r), relationship: r.entry.person.sex === 'F' ? 'mother' : 'father' })),
      concern: concern.concern,
      indicators: concern.indicators,
      consent: { position: 'given', isChildsOwn: false, exception: null, reason: null, authorisedBy: null },
      externalReference: `BENCH-${k}`,
    });
    k++;
  }
  log(`bodies: ${bodies.length}`);

  // 3. A partner system's key, and the real app.
  const agency = await container.database.db.selectFrom('agencies').select('id').where('code', '=', 'met-police').executeTakeFirstOrThrow();
  const { key } = await container.apiKeys.create(systemActor('bench'), { agencyId: agency.id, name: 'Intake benchmark', scopes: ['contact.submit'] });
  const app = await createServer(container);
  await app.ready();
  const post = (body: unknown) =>
    app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  // The first contact reads every record into the match index.
  t = performance.now();
  const first = await post(bodies[0]);
  if (first.statusCode !== 201) throw new Error(`first contact: ${first.statusCode} ${first.body}`);
  const indexSeconds = (performance.now() - t) / 1000;
  log(`first contact (index built) in ${round(indexSeconds)} s`);
  for (let i = 1; i < 50; i++) await post(bodies[i]); // warm up

  const auditBefore = Number((await sql<{ n: string }>`select count(*) as n from audit_events`.execute(container.database.db)).rows[0]!.n);
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 50;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const workers = Array.from({ length: concurrency }, async () => {
    while (performance.now() < end && next < bodies.length) {
      const body = bodies[next++];
      const s = performance.now();
      const res = await post(body);
      times.push(performance.now() - s);
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }
  });
  await Promise.all(workers);
  const elapsed = (performance.now() - t0) / 1000;
  await app.close();
  const auditAfter = Number((await sql<{ n: string }>`select count(*) as n from audit_events`.execute(container.database.db)).rows[0]!.n);
  const created = statuses['201'] ?? 0;
  const sorted = [...times].sort((a, b) => a - b);
  const people = Number((await sql<{ n: string }>`select count(*) as n from contact_persons`.execute(container.database.db)).rows[0]!.n);
  const matched = (await sql<{ outcome: string; n: string }>`select match_outcome as outcome, count(*) as n from contact_persons group by 1`.execute(container.database.db)).rows;

  result = {
    benchmark: 'front-door-intake',
    database: 'postgresql',
    route: 'POST /api/v1/contacts (app.inject)',
    seed,
    scale,
    indexRecords: loaded.inserted,
    indexPeople: loaded.people,
    preloadSeconds: round(preloadSeconds),
    firstContactSeconds: round(indexSeconds, 2),
    concurrency,
    seconds: round(elapsed),
    requests: times.length,
    statuses,
    contactsPerSecond: round(created / elapsed),
    p50ms: round(percentile(sorted, 50)),
    p95ms: round(percentile(sorted, 95)),
    p99ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1)!),
    auditEventsWritten: auditAfter - auditBefore,
    auditEventsPerContact: round((auditAfter - auditBefore) / Math.max(1, created), 2),
    peopleNamed: people,
    matchOutcomes: Object.fromEntries(matched.map((m) => [m.outcome, Number(m.n)])),
    targetContactsPerSecond: 200,
    withinTarget: created / elapsed >= 200,
    totalSeconds: round((performance.now() - started) / 1000),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtEnd: loadavg().map((x) => round(x, 2)),
  };
} finally {
  await container.close();
  await database.drop();
}
if (!result) throw new Error('the benchmark did not finish');
console.log(JSON.stringify(result));
