// The audit trail's hash chain: intact after ordinary work; broken, and named at the first bad event,
// after any row is edited, deleted, inserted or reordered directly in the database. Runs on PGlite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { systemActor } from '../../src/kernel/actor.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { AuditTrail, GENESIS_HASH } from '../../src/platform/audit/audit-trail.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('audit hash chain', () => {
  let tdb: TestDatabase;
  let audit: AuditTrail;
  const db = () => tdb.handle.db;

  // The table's trigger forbids changes; only an owner who disables it can tamper, as these tests do.
  async function tamper(statement: string) {
    await sql.raw('alter table audit_events disable trigger user').execute(db());
    await sql.raw(statement).execute(db());
    await sql.raw('alter table audit_events enable trigger user').execute(db());
  }

  beforeEach(async () => {
    if (tdb) await tdb.drop();
    tdb = await createTestDatabase();
    await migrateToLatest(tdb.handle.db);
    audit = new AuditTrail('test-chain-key', new FixedClock('2026-11-02T09:00:00Z'));
    for (let i = 0; i < 10; i++) {
      await audit.record(db(), systemActor('test'), { action: 'test.event', recordType: 'thing', recordId: `r${i}`, fields: ['a', 'b'], details: { n: i, flag: i % 2 === 0 } });
    }
  });
  after(() => tdb.drop());

  it('numbers events 1..n, links each to the one before, and verifies as intact', async () => {
    const rows = await db().selectFrom('auditEvents').select(['seq', 'prevHash', 'hash']).orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(rows[0]!.prevHash, GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prevHash, rows[i - 1]!.hash);
    const result = await audit.verify(db());
    assert.deepEqual(result, { ok: true, events: 10, headHash: rows[9]!.hash });
  });

  it('detects an edited field and names the edited event', async () => {
    await tamper(`update audit_events set record_id = 'someone-else' where seq = 4`);
    const result = await audit.verify(db());
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.brokenAtSeq, 4);
    assert.equal(result.events, 3);
    assert.match(result.problem, /altered/);
  });

  it('detects an edited detail value, including a change inside JSON', async () => {
    await tamper(`update audit_events set details = '{"n": 99, "flag": false}' where seq = 7`);
    const result = await audit.verify(db());
    assert.ok(!result.ok);
    assert.equal(result.brokenAtSeq, 7);
  });

  it('detects a deleted event', async () => {
    await tamper('delete from audit_events where seq = 5');
    const result = await audit.verify(db());
    assert.ok(!result.ok);
    assert.equal(result.brokenAtSeq, 5);
    assert.match(result.problem, /missing/);
  });

  it('detects the last event being deleted only by the head moving: the earlier chain stays intact', async () => {
    await tamper('delete from audit_events where seq = 10');
    const result = await audit.verify(db());
    assert.ok(result.ok);
    assert.equal(result.events, 9);
  });

  it('detects an inserted event, even one given a plausible hash without the key', async () => {
    const { hash } = await db().selectFrom('auditEvents').select('hash').where('seq', '=', 10).executeTakeFirstOrThrow();
    await tamper(
      `insert into audit_events (seq, id, occurred_at, action, outcome, prev_hash, hash, details, fields)
       values (11, gen_random_uuid(), now(), 'forged.event', 'success', '${hash}', '${'f'.repeat(64)}', '{}', '{}')`,
    );
    const result = await audit.verify(db());
    assert.ok(!result.ok);
    assert.equal(result.brokenAtSeq, 11);
  });

  it('detects two events swapped in order', async () => {
    await tamper('update audit_events set seq = -3 where seq = 3');
    await tamper('update audit_events set seq = 3 where seq = 6');
    await tamper('update audit_events set seq = 6 where seq = -3');
    const result = await audit.verify(db());
    assert.ok(!result.ok);
    assert.equal(result.brokenAtSeq, 3);
  });

  it('refuses updates, deletes and truncation through the application connection', async () => {
    await assert.rejects(sql.raw(`update audit_events set action = 'x' where seq = 1`).execute(db()), /append-only/);
    await assert.rejects(sql.raw('delete from audit_events where seq = 1').execute(db()), /append-only/);
    await assert.rejects(sql.raw('truncate audit_events').execute(db()), /append-only/);
    assert.equal((await audit.verify(db())).ok, true);
  });

  it('writes an event in the same transaction as the change: a rolled-back change leaves no event', async () => {
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await audit.record(trx, systemActor('test'), { action: 'test.rolled-back' });
          throw new Error('the change failed');
        }),
      /the change failed/,
    );
    const count = await db().selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'test.rolled-back').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    assert.equal((await audit.verify(db())).ok, true);
  });

  it('keeps the chain linear when many transactions append at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db()
          .transaction()
          .execute((trx) => audit.record(trx, systemActor('test'), { action: 'test.concurrent', recordId: String(i) })),
      ),
    );
    const result = await audit.verify(db());
    assert.deepEqual([result.ok, result.events], [true, 30]);
  });

  it('appends a bulk of events in one go, chained and numbered like single ones', async () => {
    await db()
      .transaction()
      .execute((trx) => audit.recordMany(trx, systemActor('import'), Array.from({ length: 2500 }, (_, i) => ({ action: 'test.bulk', recordType: 'thing', recordId: `b${i}` }))));
    await audit.record(db(), systemActor('test'), { action: 'test.after-bulk' });
    const result = await audit.verify(db());
    assert.deepEqual([result.ok, result.events], [true, 2511]);
    const last = await db().selectFrom('auditEvents').select(['seq', 'action']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.deepEqual(last, { seq: 2511, action: 'test.after-bulk' });
  });

  it('re-chains under the lock when another node moved the head since this process last wrote', async () => {
    // Two trails with one key are two nodes on one database: each expects the head it last left.
    const nodeB = new AuditTrail('test-chain-key', new FixedClock('2026-11-02T09:00:00Z'));
    for (let i = 0; i < 3; i++) {
      await nodeB.record(db(), systemActor('node-b'), { action: 'test.node-b', recordId: String(i) });
      await audit.record(db(), systemActor('node-a'), { action: 'test.node-a', recordId: String(i) });
    }
    await db()
      .transaction()
      .execute((trx) => nodeB.recordMany(trx, systemActor('node-b'), Array.from({ length: 1200 }, (_, i) => ({ action: 'test.node-b-bulk', recordId: String(i) }))));
    await audit.record(db(), systemActor('node-a'), { action: 'test.node-a-last' });
    const result = await audit.verify(db());
    assert.deepEqual([result.ok, result.events], [true, 10 + 6 + 1200 + 1]);
    const last = await db().selectFrom('auditEvents').select(['seq', 'action']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.deepEqual(last, { seq: 1217, action: 'test.node-a-last' });
  });

  it('recovers from its own rolled-back events: the next event links to the last one committed', async () => {
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await audit.recordMany(trx, systemActor('test'), [{ action: 'test.gone' }, { action: 'test.gone' }]);
          throw new Error('the change failed');
        }),
      /the change failed/,
    );
    await audit.record(db(), systemActor('test'), { action: 'test.after-rollback' });
    const rows = await db().selectFrom('auditEvents').select(['seq', 'action', 'prevHash']).orderBy('seq', 'desc').limit(2).execute();
    assert.deepEqual(rows.map((r) => [r.seq, r.action]), [[11, 'test.after-rollback'], [10, 'test.event']]);
    assert.equal((await audit.verify(db())).ok, true);
  });

  it('cannot be verified with a different key', async () => {
    const other = new AuditTrail('another-key', new FixedClock('2026-11-02T09:00:00Z'));
    const result = await other.verify(db());
    assert.ok(!result.ok);
    assert.equal(result.brokenAtSeq, 1);
  });
});
