// Bulk loading: idempotent by (agency, local id), bad rows reported, people from the clusterer, one audit
// event per record in an intact chain. The clusterer here groups by NHS number (the engine's own batch
// deduplication is tested in src/modules/identity/engine).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { bulkLoadSourceRecords, type BulkSourceRecord, type Clusterer } from '../../src/modules/identity/bulk-load.ts';
import { sourceRecordSchema } from '../../src/modules/identity/identity.forms.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { createHarness, type Harness } from '../support/app.ts';

const byNhsNumber: Clusterer = async (records) => {
  const first = new Map<string, string>();
  const out = new Map<string, { clusterKey: string; probability: number | null }>();
  for (const r of records) {
    const key = r.query.nhsNumber ?? r.id;
    const seen = first.get(key);
    if (seen) out.set(r.id, { clusterKey: seen, probability: 0.9999 });
    else {
      first.set(key, r.id);
      out.set(r.id, { clusterKey: r.id, probability: null });
    }
  }
  return out;
};

const row = (agencyCode: string, localId: string, nhsNumber: string | null, extra: Record<string, unknown> = {}): BulkSourceRecord => ({
  agencyCode,
  record: sourceRecordSchema.parse({ localId, forenames: 'Lena', surname: 'Petrova', dateOfBirth: '2017-04-02', nhsNumber, laCode: '202', ...extra }),
});

describe('bulk load of source records', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('loads records into people, reports bad rows, and changes nothing when re-run', async () => {
    const db = h.container.database.db.withTables<IdentityTables>();
    const rows = [
      row('met-police', 'MP1', '9434765919'),
      row('la-202', '1000000001', '9434765919'),
      row('whittington-health', 'H1', '9434765919'),
      row('la-202', '1000000002', null, { forenames: 'Mira' }),
      row('no-such-agency', 'X1', null),
      row('met-police', 'MP2', null, { laCode: '999' }),
    ];
    const first = await bulkLoadSourceRecords(db, h.container.audit, systemActor('test-load'), rows, byNhsNumber, new Date('2026-11-02T09:00:00Z'));
    assert.deepEqual([first.inserted, first.alreadyHeld, first.people], [4, 0, 2]);
    assert.deepEqual(first.rejected, [
      { row: 5, reason: 'unknown agency no-such-agency' },
      { row: 6, reason: 'unknown local authority 999' },
    ]);
    const people = await db.selectFrom('personLinks').select('personId').where('endedAt', 'is', null).execute();
    assert.equal(new Set(people.map((p) => p.personId)).size, 2);
    const again = await bulkLoadSourceRecords(db, h.container.audit, systemActor('test-load'), rows, byNhsNumber, new Date('2026-11-02T10:00:00Z'));
    assert.deepEqual([again.inserted, again.alreadyHeld, again.people], [0, 4, 0]);
    const events = await db.selectFrom('auditEvents').select('recordId').where('action', '=', 'source-record.create').execute();
    assert.equal(events.length, 4);
    assert.equal((await h.container.audit.verify(h.container.database.db)).ok, true);
  });
});
