// Benchmark: the hub queue page with years of history and 100,000 open contacts, on PostgreSQL.
//
//   npx tsx bench/hub-queue.bench.ts [--scale 0.1] [--open 100000] [--requests 200] [--seed 1]
//   (npm run bench -- hub-queue)
//
// Target (DESIGN section 7): hub queue page p95 ≤ 150 ms with 5 years of London-scale data.
// A fresh database is created on the PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and dropped at the end. Five years of Synthetic London practice history at `--scale` are loaded through
// loadSyntheticHistory (scale 1 is London). The children's social care records the contacts name are inserted
// straight into the identity tables, one person per record (no matching: the queue does not read people), since
// matching every agency record of London is the identity benchmark's job, not this one's. The open contacts are
// then topped up to `--open` with bulk-inserted contacts received in the last 10 days, spread over the 33
// authorities by child population. The demo hub practitioner is moved to the authority with the most open
// contacts and GET /hub is timed through the real app (app.inject, signed in, CSRF on) across filters.
// Prints progress on standard error and one JSON line of results as the last line of standard output.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { systemActor } from '../src/kernel/actor.ts';
import { createContainer, prepareDatabase, seedDemo } from '../src/main/container.ts';
import { createServer } from '../src/main/server.ts';
import { LOCAL_AUTHORITIES } from '../src/platform/reference/london.ts';
import { resolveSynthesis, synthesiseLondon } from '../src/modules/synthetic/index.ts';
import { loadSyntheticHistory } from '../src/modules/synthetic/history.load.ts';
import { DEFAULT_SETTINGS, decisionDueAt, screeningDueAt, RAG_PRESETS, type Rag } from '../src/modules/front-door/front-door.domain.ts';
import { Agent } from '../test/support/app.ts';
import { freshDatabase, log, option, percentile, round } from './support.ts';

const seed = Number(option('seed', '1'));
const scale = Number(option('scale', '0.1'));
const openTarget = Number(option('open', '100000'));
const requests = Number(option('requests', '200'));

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Bulk insert through one JSON parameter per 5,000 rows. */
async function insertRows(db: Kysely<unknown>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const columns = sql.join(Object.keys(rows[0]!).map((k) => sql.ref(snake(k))));
  for (let i = 0; i < rows.length; i += 5000) {
    const json = JSON.stringify(rows.slice(i, i + 5000).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [snake(k), v]))));
    await sql`insert into ${sql.table(table)} (${columns}) select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(db);
  }
}

const database = await freshDatabase('hubq');
const started = performance.now();
const now = new Date();
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }, { logLevel: 'silent', demoPassword: 'bench-demo-password-123', signInRateLimitPerMinute: 1000 });
const container = await createContainer(config);
let result: Record<string, unknown> | undefined;
try {
  await prepareDatabase(container);
  await seedDemo(container, { withRecords: false });
  const db = container.database.db as unknown as Kysely<unknown>;
  const agencies = new Map((await container.database.db.selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));

  // 1. The social care records the contacts name, one person each.
  let t = performance.now();
  let records = 0;
  let batch: { records: Record<string, unknown>[]; persons: Record<string, unknown>[]; links: Record<string, unknown>[] } = { records: [], persons: [], links: [] };
  const flush = async () => {
    await insertRows(db, 'source_records', batch.records);
    await insertRows(db, 'persons', batch.persons);
    await insertRows(db, 'person_links', batch.links);
    records += batch.records.length;
    batch = { records: [], persons: [], links: [] };
  };
  for (const bundle of synthesiseLondon(resolveSynthesis({ seed, scale }))) {
    const named = new Set<string>();
    for (const e of bundle.events) if (e.fields.type === 'contact') for (const id of [...(e.fields.children as string[]), ...(e.fields.adults as string[])]) named.add(id);
    for (const { entry, recorded: r } of bundle.records) {
      if (!named.has(entry.id)) continue;
      const id = randomUUID();
      const personId = randomUUID();
      batch.records.push({ id, agencyId: agencies.get(entry.agencyCode), localId: entry.localId, recordKind: entry.kind, forenames: [r.forename, r.middleNames].filter(Boolean).join(' '), surname: r.surname, dateOfBirth: r.dob || null, sex: r.sex || null, nhsNumber: r.nhsNumber || null, postcode: r.postcode || null, address: r.addressLine || null, laCode: r.laCode || null, updatedAt: now });
      batch.persons.push({ id: personId });
      batch.links.push({ sourceRecordId: id, personId, evidence: [], method: 'new-person' });
    }
    if (batch.records.length >= 20_000) {
      await flush();
      log(`identity: ${records} social care records`);
    }
  }
  await flush();
  const identitySeconds = (performance.now() - t) / 1000;
  log(`identity: ${records} records in ${round(identitySeconds)} s`);

  // 2. Five years of history through the loader.
  t = performance.now();
  let lastLog = 0;
  const history = await loadSyntheticHistory(container.database.db as never, container.audit, systemActor('synthetic-load'), {
    seed,
    scale,
    now,
    batchContacts: 5000,
    onProgress: (p) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`history: ${p.contacts} contacts (${round((performance.now() - t) / 1000)} s)`);
      }
    },
  });
  const historySeconds = (performance.now() - t) / 1000;
  log(`history: ${history.contacts} contacts, ${history.open} open, in ${round(historySeconds)} s`);

  // 3. Top the open contacts up to the target, by child population, received in the last 10 days.
  t = performance.now();
  const preset = RAG_PRESETS[DEFAULT_SETTINGS.presetCode]!;
  const openNow = Number((await sql<{ n: string }>`select count(*) as n from contacts where status <> 'decided'`.execute(db)).rows[0]!.n);
  const extra = Math.max(0, openTarget - openNow);
  const population = LOCAL_AUTHORITIES.reduce((a, la) => a + la.population0to17, 0);
  let added = 0;
  const rags: (Rag | null)[] = ['red', 'amber', 'amber', 'amber', 'green', 'green', 'green', 'green', 'blue', null];
  for (const la of LOCAL_AUTHORITIES) {
    const n = Math.round((extra * la.population0to17) / population);
    const templates = (await sql<{ id: string; source: string; referrerAgencyId: string | null; referrerName: string; referrerRole: string | null; concern: string; indicators: string[]; consent: string }>`
      select id, source, referrer_agency_id as "referrerAgencyId", referrer_name as "referrerName", referrer_role as "referrerRole", concern, indicators, consent
        from contacts where la_code = ${la.code} and consent = 'given' order by id limit 500`.execute(db)).rows;
    if (!templates.length) continue;
    const people = (await sql<Record<string, unknown>>`select * from contact_persons where contact_id = any(${templates.map((x) => x.id)}::uuid[]) order by contact_id, position`.execute(db)).rows;
    const byContact = new Map<string, Record<string, unknown>[]>();
    for (const p of people) byContact.set(String(p.contactId), [...(byContact.get(String(p.contactId)) ?? []), p]);
    const contacts: Record<string, unknown>[] = [];
    const persons: Record<string, unknown>[] = [];
    const refs = (await sql<{ n: string }>`select nextval('contact_reference_seq') as n from generate_series(1, ${Math.max(1, n)})`.execute(db)).rows;
    for (let i = 0; i < n; i++) {
      const tpl = templates[i % templates.length]!;
      const id = randomUUID();
      // Office hours of the last 10 days (some on a weekend, as police contacts are).
      const day = Math.floor(now.getTime() / 86_400_000) - Math.floor(Math.random() * 10);
      const receivedAt = new Date(Math.min(now.getTime() - 60_000, day * 86_400_000 + (8 * 60 + Math.floor(Math.random() * 600)) * 60_000));
      const rag = rags[i % rags.length]!;
      const decisionDue = decisionDueAt(receivedAt, DEFAULT_SETTINGS.workingHours);
      contacts.push({
        id,
        reference: `${la.code}-${receivedAt.getUTCFullYear()}-${String(refs[i]!.n).padStart(6, '0')}`,
        laCode: la.code,
        status: rag === null ? 'screening' : i % 5 < 2 ? 'awaiting-checks' : 'awaiting-decision',
        source: tpl.source,
        referrerAgencyId: tpl.referrerAgencyId,
        referrerName: tpl.referrerName,
        referrerRole: tpl.referrerRole,
        concern: tpl.concern,
        indicators: tpl.indicators,
        consent: tpl.consent,
        receivedAt,
        rag,
        thresholdLevel: rag ? preset.ratings[rag].level ?? null : null,
        screeningDueAt: rag ? (screeningDueAt(preset, rag, receivedAt, DEFAULT_SETTINGS.workingHours) ?? decisionDue) : decisionDue,
        decisionDueAt: decisionDue,
        updatedAt: receivedAt,
      });
      for (const p of byContact.get(tpl.id) ?? []) persons.push({ ...p, id: randomUUID(), contactId: id });
    }
    await insertRows(db, 'contacts', contacts);
    await insertRows(db, 'contact_persons', persons);
    added += contacts.length;
  }
  await sql`analyze`.execute(db);
  const topUpSeconds = (performance.now() - t) / 1000;
  const counts = (await sql<{ laCode: string; open: string; total: string }>`
    select la_code as "laCode", count(*) filter (where status <> 'decided') as open, count(*) as total from contacts group by la_code order by 2 desc`.execute(db)).rows;
  const busiest = counts[0]!;
  const totals = (await sql<Record<string, string>>`
    select (select count(*) from contacts) as contacts, (select count(*) from contacts where status <> 'decided') as open,
           (select count(*) from contact_persons) as persons, (select count(*) from screenings) as screenings,
           (select count(*) from agency_checks) as checks, (select count(*) from contact_events) as events,
           (select count(*) from audit_events) as audit, (select min(received_at)::text from contacts) as first, (select max(received_at)::text from contacts) as last`.execute(db)).rows[0]!;
  log(`top-up: ${added} open contacts in ${round(topUpSeconds)} s; busiest authority ${busiest.laCode}: ${busiest.open} open of ${busiest.total}`);

  // 4. The hub practitioner of the demo, moved to the busiest authority, signed in to the real app.
  await sql`update role_assignments set scope_code = ${busiest.laCode}
             where role_code = 'hub-practitioner' and user_id = (select id from users where email = 'hub.practitioner@camden.example')`.execute(db);
  const app = await createServer(container);
  await app.ready();
  const agent = new Agent(app);
  const signedIn = await agent.submit('/sign-in', '/sign-in', { email: 'hub.practitioner@camden.example', password: config.demoPassword });
  if (signedIn.statusCode !== 303) throw new Error(`sign-in failed: ${signedIn.statusCode}`);
  const filters = ['/hub', '/hub?rag=red', '/hub?due=overdue', '/hub?sort=received', '/hub?page=3'];
  for (let i = 0; i < 10; i++) {
    const res = await agent.get(filters[i % filters.length]!);
    if (res.statusCode !== 200) throw new Error(`GET ${filters[i % filters.length]} gave ${res.statusCode}`);
  }
  const times: number[] = [];
  const byFilter: Record<string, number[]> = {};
  for (let i = 0; i < requests; i++) {
    const url = filters[i % filters.length]!;
    const t0 = performance.now();
    const res = await agent.get(url);
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`GET ${url} gave ${res.statusCode}`);
    times.push(ms);
    (byFilter[url] ??= []).push(ms);
  }
  await app.close();
  const sorted = [...times].sort((a, b) => a - b);
  const perFilter = Object.fromEntries(
    Object.entries(byFilter).map(([url, ms]) => {
      const s = [...ms].sort((a, b) => a - b);
      return [url, { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s.at(-1)!) }];
    }),
  );

  // 5. The plans of the queue's main queries in the busiest authority (for the record; see docs/benchmarks.md).
  const explain = async (label: string, query: string) => {
    const plan = (await sql.raw<Record<string, string>>(`explain (analyze, buffers off) ${query}`).execute(db)).rows.map((r) => Object.values(r)[0]!);
    log(`\n-- ${label}\n${plan.join('\n')}`);
    const total = plan.find((l) => l.startsWith('Execution Time'));
    return { top: plan[0]!.trim().slice(0, 90), executionMs: total ? Number(/([\d.]+) ms/.exec(total)?.[1]) : null };
  };
  const la = busiest.laCode;
  const open = `c.la_code = '${la}' and c.status in ('screening','awaiting-checks','awaiting-decision','awaiting-sign-off')`;
  const plans = {
    listDue: await explain('list, by due time', `select c.id from contacts c left join users u on u.id = c.assigned_to where ${open} order by c.screening_due_at, c.received_at, c.id limit 25`),
    listOverdue: await explain('list, overdue', `select c.id from contacts c where ${open} and c.screening_due_at < now() order by c.screening_due_at, c.received_at, c.id limit 25`),
    listReceived: await explain('list, by received', `select c.id from contacts c where ${open} order by c.received_at desc, c.id limit 25`),
    count: await explain('count', `select count(*) from contacts c where ${open}`),
    byRag: await explain('counts by rating', `select rag, count(*) from contacts c where ${open} group by rag`),
  };

  result = {
    benchmark: 'hub-queue',
    database: 'postgresql',
    seed,
    scale,
    historyYears: 5,
    historyFrom: totals.first,
    historyTo: totals.last,
    contacts: Number(totals.contacts),
    openContacts: Number(totals.open),
    openFromHistory: history.open,
    openBulkInserted: added,
    contactPersons: Number(totals.persons),
    screenings: Number(totals.screenings),
    agencyChecks: Number(totals.checks),
    contactEvents: Number(totals.events),
    auditEvents: Number(totals.audit),
    identityRecords: records,
    loadSeconds: { identity: round(identitySeconds), history: round(historySeconds), topUp: round(topUpSeconds) },
    historyContactsPerSecond: Math.round(history.contacts / historySeconds),
    busiestAuthority: { laCode: busiest.laCode, open: Number(busiest.open), contacts: Number(busiest.total) },
    requests,
    p50ms: round(percentile(sorted, 50)),
    p95ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1)!),
    perFilter,
    plans,
    targetP95Ms: 150,
    withinTarget: percentile(sorted, 95) <= 150,
    seconds: round((performance.now() - started) / 1000),
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
