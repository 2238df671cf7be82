// The matching engine behind the registry: its online index as the PersonMatcher, and its batch deduplication
// as the bulk loader's Clusterer. Translates the registry's fields into the engine's PersonRecord.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deduplicate, OnlineIndex, type Explanation, type Model, type PersonRecord } from './engine/index.ts';
import type { Clusterer } from './bulk-load.ts';
import type { MatchBands, MatchQuery, PersonMatcher, RecordCandidate } from './identity.matcher.ts';
import type { FieldEvidence } from './identity.tables.ts';

/**
 * The model Safehub ships: trained on Synthetic London by scripts/train-default-model.ts (never on real
 * people), used until a model is trained on the records a partnership holds.
 */
export function loadDefaultModel(): Model {
  const file = fileURLToPath(new URL('./default-model.json', import.meta.url));
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { model: Model }).model;
}

/** "Forename Surname" (an alias as an agency records it) → the engine's name pair. */
function aliasOf(text: string): { forenames: string | null; surname: string | null } {
  const parts = text.trim().split(/\s+/);
  if (parts.length === 1) return { forenames: null, surname: parts[0] ?? null };
  return { forenames: parts.slice(0, -1).join(' '), surname: parts[parts.length - 1] ?? null };
}

export function toPersonRecord(id: string, q: MatchQuery): PersonRecord {
  const postcodes = [q.postcode, ...q.previousAddresses.map((a) => a.postcode)].filter((p): p is string => Boolean(p));
  const addresses = [q.address, ...q.previousAddresses.map((a) => a.address)].filter((a): a is string => Boolean(a));
  return {
    id,
    forenames: q.forenames,
    surname: q.surname,
    dob: q.dateOfBirth,
    sex: q.sex,
    nhsNumber: q.nhsNumber,
    upn: q.upn,
    postcodes,
    addresses,
    aliases: q.aliases.map(aliasOf),
  };
}

export function evidenceOf(explanation: Explanation): FieldEvidence[] {
  return [
    ...explanation.fields.map((f) => ({ field: f.field, level: f.level, weight: Math.round((f.weight + f.tfAdjustment) * 100) / 100 })),
    ...explanation.guards.map((g) => ({ field: 'guard', level: g.rule, weight: Math.round(g.adjustment * 100) / 100 })),
  ];
}

export class EngineMatcher implements PersonMatcher {
  private index: OnlineIndex;
  readonly bands: MatchBands;

  constructor(readonly model: Model) {
    this.index = new OnlineIndex(model);
    this.bands = { autoLink: model.thresholds.link, review: model.thresholds.review };
  }

  candidates(query: MatchQuery, limit: number): RecordCandidate[] {
    return this.index.match(toPersonRecord('\u0000query', query), limit).map((m) => ({
      sourceRecordId: m.id,
      probability: m.probability,
      evidence: evidenceOf(m.explanation),
      band: m.band,
    }));
  }

  load(records: Iterable<{ id: string; query: MatchQuery }>): void {
    const people: PersonRecord[] = [];
    for (const r of records) people.push(toPersonRecord(r.id, r.query));
    this.index = OnlineIndex.build(this.model, people);
  }

  upsert(sourceRecordId: string, record: MatchQuery): void {
    const r = toPersonRecord(sourceRecordId, record);
    if (this.index.has(sourceRecordId)) this.index.update(r);
    else this.index.add(r);
  }

  remove(sourceRecordId: string): void {
    this.index.remove(sourceRecordId);
  }

  size(): number {
    return this.index.size;
  }
}

/** The bulk loader's clusterer: the engine's batch deduplication at the model's automatic-link threshold. */
export function engineClusterer(model: Model): Clusterer {
  return async (records) => {
    const result = await deduplicate(
      records.map((r) => toPersonRecord(r.id, r.query)),
      model,
    );
    return new Map(result.records.map((r) => [r.id, { clusterKey: r.clusterId, probability: r.matchProbability }]));
  };
}
