import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LOCAL_AUTHORITIES } from '../../platform/reference/london.ts';
import { isValidNhsNumber, isValidUpn } from './check-digits.ts';
import { generateSyntheticLondon, OUTPUT_FILES, type GenerationSummary } from './generator.ts';
import { splitCsv } from './measure.ts';
import { OUTWARD_CODES } from './places.ts';

// A tiny London (0.05% of its children: about a thousand), generated twice with one seed and once with another.
const SCALE = 0.0005;
let root: string;
let summary: GenerationSummary;

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  return out;
}

async function rows(name: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(join(root, 'a', name), 'utf8')).trimEnd().split('\n');
  const columns = splitCsv(header ?? '');
  return lines.map((line) => {
    const fields = splitCsv(line);
    assert.equal(fields.length, columns.length, `${name}: ${line}`);
    return Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? '']));
  });
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'safehub-synthetic-'));
  summary = await generateSyntheticLondon({ seed: 7, scale: SCALE, outDir: join(root, 'a') });
  await generateSyntheticLondon({ seed: 7, scale: SCALE, outDir: join(root, 'b') });
  await generateSyntheticLondon({ seed: 8, scale: SCALE, outDir: join(root, 'c') });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Synthetic London output', () => {
  it('is byte-identical for the same seed', async () => {
    const a = await hashes(join(root, 'a'));
    assert.deepEqual(Object.keys(a), Object.values(OUTPUT_FILES).sort());
    assert.deepEqual(await hashes(join(root, 'b')), a);
  });

  it('differs for a different seed, in every data file', async () => {
    const a = await hashes(join(root, 'a'));
    const c = await hashes(join(root, 'c'));
    for (const name of Object.keys(a)) assert.notEqual(c[name], a[name], name);
  });

  it('writes a manifest with the seed, scale, counts and parameters and no timestamp', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'a', OUTPUT_FILES.manifest), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.seed, 7);
    assert.equal(manifest.scale, SCALE);
    assert.deepEqual(manifest.counts, JSON.parse(JSON.stringify(summary.counts)));
    assert.ok((manifest.parameters as Record<string, unknown>).errorRates);
    assert.doesNotMatch(JSON.stringify(manifest), /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('gives every source record exactly one true person, who exists', async () => {
    const people = new Set((await rows(OUTPUT_FILES.people)).map((p) => p.person_id));
    const sourceRecords = await rows(OUTPUT_FILES.sourceRecords);
    for (const r of sourceRecords) assert.ok((r.created_on ?? '') <= (r.updated_on ?? '') && (r.updated_on ?? '') <= '2025-03-31', `${r.record_id} dates`);
    const records = sourceRecords.map((r) => r.record_id);
    const truth = await rows(OUTPUT_FILES.groundTruth);
    assert.equal(new Set(records).size, records.length, 'record ids are unique');
    assert.equal(truth.length, records.length);
    const seen = new Set<string>();
    for (const t of truth) {
      assert.ok(!seen.has(t.record_id ?? ''), `${t.record_id} linked twice`);
      seen.add(t.record_id ?? '');
      assert.ok(people.has(t.person_id ?? ''), `${t.record_id} → unknown person`);
    }
    for (const id of records) assert.ok(seen.has(id ?? ''), `${id} has no true person`);
  });

  it('gives people unique, valid NHS numbers from the 999 test range and children unique, valid UPNs', async () => {
    const people = await rows(OUTPUT_FILES.people);
    const nhs = people.map((p) => p.nhs_number ?? '').filter((n) => n !== '');
    assert.ok(nhs.length > 0.95 * people.length);
    assert.equal(new Set(nhs).size, nhs.length);
    for (const n of nhs) {
      assert.ok(isValidNhsNumber(n), n);
      assert.ok(n.startsWith('999'), n);
    }
    const laCodes = new Set(LOCAL_AUTHORITIES.map((a) => a.code));
    const upns = people.map((p) => p).filter((p) => p.upn);
    assert.equal(new Set(upns.map((p) => p.upn)).size, upns.length);
    for (const p of upns) {
      assert.ok(isValidUpn(p.upn ?? ''), p.upn);
      assert.equal(p.upn?.slice(1, 4), p.upn_la_code);
      assert.ok(laCodes.has(p.upn_la_code ?? ''));
      assert.equal(p.role, 'child');
    }
  });

  it('puts every address in a postcode district of its borough, with dated, non-overlapping history', async () => {
    const byPerson = new Map<string, { from: string; to: string }[]>();
    for (const a of await rows(OUTPUT_FILES.addresses)) {
      assert.ok(OUTWARD_CODES[a.la_code ?? '']?.includes((a.postcode ?? '').split(' ')[0] ?? ''), `${a.postcode} in ${a.la_code}`);
      const list = byPerson.get(a.person_id ?? '') ?? [];
      list.push({ from: a.from_on ?? '', to: a.to_on ?? '' });
      byPerson.set(a.person_id ?? '', list);
    }
    for (const [person, list] of byPerson) {
      for (let i = 1; i < list.length; i++) assert.ok((list[i - 1]?.to ?? '') < (list[i]?.from ?? ''), person);
      assert.equal(list[list.length - 1]?.to, '', `${person} has a current address`);
    }
  });

  it('links families: twins share a birthday, parents and partners exist', async () => {
    const people = await rows(OUTPUT_FILES.people);
    const byId = new Map(people.map((p) => [p.person_id, p]));
    for (const p of people) {
      for (const link of ['mother_id', 'father_id', 'partner_id', 'twin_id'] as const) if (p[link]) assert.ok(byId.has(p[link]), `${p.person_id} ${link}`);
      if (p.twin_id) assert.equal(byId.get(p.twin_id)?.dob, p.dob);
      if (p.partner_id) assert.equal(byId.get(p.partner_id)?.partner_id, p.person_id);
    }
  });

  it('writes events with unique ids, up to the as-at date, naming only records the agencies hold', async () => {
    const records = new Set((await rows(OUTPUT_FILES.sourceRecords)).map((r) => r.record_id));
    const lines = (await readFile(join(root, 'a', OUTPUT_FILES.events), 'utf8')).trimEnd().split('\n');
    assert.ok(lines.length > 100);
    const ids = new Set<string>();
    for (const line of lines) {
      const e = JSON.parse(line) as Record<string, unknown>;
      assert.ok(typeof e.id === 'string' && !ids.has(e.id), `duplicate id ${String(e.id)}`);
      ids.add(e.id as string);
      assert.ok(String(e.at) <= '2025-03-31T23:59:00Z');
      const named = [e.child, ...((e.children as unknown[]) ?? []), ...((e.adults as unknown[]) ?? [])].filter((x) => x !== undefined);
      for (const r of named) assert.ok(records.has(String(r)), `${String(e.type)} names unknown record ${String(r)}`);
      if (e.type === 'episode-closed') assert.match(String(e.reason), /^RC[3-9]$/);
      if (e.type === 'cp-plan-started') assert.match(String(e.initialCategory), /^(NEG|EMO|PHY|SAB|MUL)$/);
    }
  });

  it('keeps each pathway in order: plans start at their conference, nothing happens after the episode closes', async () => {
    const events = (await readFile(join(root, 'a', OUTPUT_FILES.events), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const conferences = new Map(events.filter((e) => e.type === 'initial-conference').map((e) => [e.id, e]));
    const closedOn = new Map(events.filter((e) => e.type === 'episode-closed').map((e) => [e.referral, e.closedOn ?? '']));
    const referralOn = new Map(events.filter((e) => e.type === 'referral').map((e) => [e.id, e.referralOn ?? '']));
    for (const e of events) {
      if (e.type === 'cp-plan-started') assert.equal(e.startOn, conferences.get(e.conference)?.heldOn);
      if (e.type === 'episode-closed') assert.ok((e.closedOn ?? '') >= (referralOn.get(e.referral) ?? ''), `${e.referral} closed before it began`);
      const closed = e.referral && !e.type?.startsWith('early-help') ? closedOn.get(e.referral) : undefined;
      if (closed === undefined) continue;
      for (const key of ['startOn', 'heldOn', 'authorisedOn', 'endOn']) {
        if (e[key]) assert.ok((e[key] ?? '') <= closed, `${e.type} on ${e[key]} after ${e.referral} closed on ${closed}`);
      }
    }
  });

  it('injects errors into source records and records a few duplicates', async () => {
    const truth = await rows(OUTPUT_FILES.groundTruth);
    const share = (kind: string): number => truth.filter((t) => (t.errors ?? '').split('|').includes(kind)).length / truth.length;
    assert.ok(share('typo') > 0.01 && share('typo') < 0.08, `typo ${share('typo')}`);
    assert.ok(share('duplicate') > 0.002 && share('duplicate') < 0.03, `duplicate ${share('duplicate')}`);
    assert.ok(share('old-address') > 0.02, `old-address ${share('old-address')}`);
    const clean = truth.filter((t) => t.errors === '').length / truth.length;
    assert.ok(clean > 0.3 && clean < 0.9, `clean ${clean}`);
  });
});
