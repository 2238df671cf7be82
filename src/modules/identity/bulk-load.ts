// Bulk loading of agency source records (an agency's first extract, or the synthetic demo):
// records are inserted idempotently by (agency, local id); the ones newly inserted are clustered among
// themselves by the engine's batch deduplication and given people and links; every record written gets
// its own audit event, appended under one chain lock. Records already held are left as they are, so
// re-running the same load changes nothing. Later records arrive one at a time through the registry.
import type { Kysely } from 'kysely';
import type { SystemActor } from '../../kernel/actor.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import { sourceRecordColumns, type SourceRecordInput } from './identity.forms.ts';
import { matchQueryOf, type MatchQuery } from './identity.matcher.ts';
import type { FieldEvidence, IdentityTables } from './identity.tables.ts';

export interface BulkSourceRecord {
  agencyCode: string;
  record: SourceRecordInput;
}

export interface ClusterAssignment {
  /** Records with the same key are the same person. */
  clusterKey: string;
  /** The probability that joined this record to its cluster (null for a cluster's first record). */
  probability: number | null;
  evidence?: FieldEvidence[];
}

/** Groups records into people: the engine's batch deduplication. */
export type Clusterer = (records: { id: string; query: MatchQuery }[]) => Promise<Map<string, ClusterAssignment>>;

export interface BulkLoadResult {
  inserted: number;
  alreadyHeld: number;
  rejected: { row: number; reason: string }[];
  people: number;
}

const CHUNK = 500;

export async function bulkLoadSourceRecords(
  db: Kysely<PlatformTables & IdentityTables>,
  audit: AuditTrail,
  actor: SystemActor,
  rows: BulkSourceRecord[],
  cluster: Clusterer,
  now: Date,
): Promise<BulkLoadResult> {
  const agencies = new Map((await db.selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));
  const authorities = new Set((await db.selectFrom('localAuthorities').select('code').execute()).map((la) => la.code));
  const rejected: BulkLoadResult['rejected'] = [];
  const accepted: { agencyId: string; record: SourceRecordInput }[] = [];
  rows.forEach((row, i) => {
    const agencyId = agencies.get(row.agencyCode);
    if (!agencyId) rejected.push({ row: i + 1, reason: `unknown agency ${row.agencyCode}` });
    else if (row.record.laCode && !authorities.has(row.record.laCode)) rejected.push({ row: i + 1, reason: `unknown local authority ${row.record.laCode}` });
    else accepted.push({ agencyId, record: row.record });
  });

  return db.transaction().execute(async (trx) => {
    const inserted: { id: string; query: MatchQuery }[] = [];
    for (let i = 0; i < accepted.length; i += CHUNK) {
      const chunk = accepted.slice(i, i + CHUNK);
      const ids = await trx
        .insertInto('sourceRecords')
        .values(
          chunk.map(({ agencyId, record: r }) => ({
            agencyId,
            localId: r.localId,
            ...sourceRecordColumns(r),
            updatedAt: now,
          })),
        )
        .onConflict((oc) => oc.columns(['agencyId', 'localId']).doNothing())
        .returning(['id', 'agencyId', 'localId'])
        .execute();
      const byKey = new Map(chunk.map((c) => [`${c.agencyId}\u0000${c.record.localId}`, c.record]));
      for (const row of ids) {
        const r = byKey.get(`${row.agencyId}\u0000${row.localId}`)!;
        inserted.push({ id: row.id, query: matchQueryOf(r) });
      }
    }
    if (!inserted.length) return { inserted: 0, alreadyHeld: accepted.length, rejected, people: 0 };

    const assignments = await cluster(inserted);
    const personOf = new Map<string, string>();
    const keys = [...new Set(inserted.map((r) => assignments.get(r.id)?.clusterKey ?? r.id))];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      const people = await trx.insertInto('persons').values(chunk.map(() => ({ createdBy: null }))).returning('id').execute();
      chunk.forEach((key, j) => personOf.set(key, people[j]!.id));
    }
    const links = inserted.map((r) => {
      const a = assignments.get(r.id);
      return {
        sourceRecordId: r.id,
        personId: personOf.get(a?.clusterKey ?? r.id)!,
        matchProbability: a?.probability ?? null,
        evidence: JSON.stringify(a?.evidence ?? []),
        method: a?.probability != null ? ('automatic' as const) : ('new-person' as const),
      };
    });
    for (let i = 0; i < links.length; i += CHUNK) await trx.insertInto('personLinks').values(links.slice(i, i + CHUNK)).execute();
    await audit.recordMany(
      trx,
      actor,
      links.map((l) => ({
        action: 'source-record.create',
        recordType: 'source-record',
        recordId: l.sourceRecordId,
        purpose: 'bulk-load',
        fields: ['forenames', 'surname', 'aliases', 'dateOfBirth', 'sex', 'nhsNumber', 'upn', 'postcode', 'address'],
        details: { personId: l.personId, method: l.method },
      })),
    );
    return { inserted: inserted.length, alreadyHeld: accepted.length - inserted.length, rejected, people: keys.length };
  });
}
