// Scheduled jobs run once per tick however many nodes run the scheduler against the same database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../src/kernel/clock.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { purgeExpiredRows } from '../../src/platform/jobs/retention.ts';
import { Scheduler, type ScheduledJob } from '../../src/platform/jobs/scheduler.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('scheduler', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase();
    await migrateToLatest(tdb.handle.db);
  });
  after(() => tdb.drop());

  it('runs a job once per tick when two nodes try at the same moment, and again the next tick', async () => {
    const clock = new FixedClock('2026-11-02T09:00:00Z');
    let runs = 0;
    const job: ScheduledJob = {
      name: 'test.count',
      everySeconds: 60,
      run: async () => {
        runs += 1;
        await new Promise((r) => setTimeout(r, 20));
      },
    };
    const log = createLogger('silent');
    const a = new Scheduler(tdb.handle.db, clock, 'node-a', log);
    const b = new Scheduler(tdb.handle.db, clock, 'node-b', log);
    const first = await Promise.all([a.runIfDue(job), b.runIfDue(job), a.runIfDue(job), b.runIfDue(job)]);
    assert.equal(first.filter(Boolean).length, 1);
    assert.equal(runs, 1);
    clock.advance(30_000);
    assert.deepEqual(await Promise.all([a.runIfDue(job), b.runIfDue(job)]), [false, false], 'same tick: nothing runs');
    clock.advance(30_000);
    const second = await Promise.all([b.runIfDue(job), a.runIfDue(job)]);
    assert.equal(second.filter(Boolean).length, 1);
    assert.equal(runs, 2);
    const recorded = await tdb.handle.db.selectFrom('jobRuns').select(['tick', 'nodeId', 'outcome']).where('jobName', '=', 'test.count').orderBy('tick').execute();
    assert.equal(recorded.length, 2);
    assert.equal(recorded[1]!.tick - recorded[0]!.tick, 1);
    assert.ok(recorded.every((r) => r.outcome === 'success'));
  });

  it('lets a job use the database while it runs (one PGlite connection is enough)', async () => {
    const clock = new FixedClock('2026-11-02T11:00:00Z');
    const s = new Scheduler(tdb.handle.db, clock, 'node-a', createLogger('silent'));
    let boards = -1;
    const job: ScheduledJob = {
      name: 'test.uses-database',
      everySeconds: 60,
      run: async () => {
        boards = (await tdb.handle.db.selectFrom('jobRuns').select('id').execute()).length;
      },
    };
    const timeout = new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 10_000).unref());
    assert.equal(await Promise.race([s.runIfDue(job), timeout]), true);
    assert.ok(boards >= 1, 'the job read the database');
    const row = await tdb.handle.db.selectFrom('jobRuns').select(['outcome', 'finishedAt']).where('jobName', '=', 'test.uses-database').executeTakeFirstOrThrow();
    assert.equal(row.outcome, 'success');
    assert.ok(row.finishedAt);
  });

  it('records a failed run without stopping the scheduler', async () => {
    const clock = new FixedClock('2026-11-02T10:00:00Z');
    const s = new Scheduler(tdb.handle.db, clock, 'node-a', createLogger('silent'));
    const ran = await s.runIfDue({ name: 'test.fails', everySeconds: 60, run: async () => Promise.reject(new Error('boom')) });
    assert.equal(ran, true);
    const row = await tdb.handle.db.selectFrom('jobRuns').select('outcome').where('jobName', '=', 'test.fails').executeTakeFirstOrThrow();
    assert.equal(row.outcome, 'failure');
  });

  it('purges old job runs, long-ended sessions and stale rate-limit windows, and nothing newer', async () => {
    const clock = new FixedClock('2026-11-02T12:00:00Z');
    const db = tdb.handle.db;
    await db.insertInto('agencyTypes').values({ code: 'test-type', name: 'Test' }).execute();
    const agencyId = (await db.insertInto('agencies').values({ code: 'test-agency', name: 'Test agency', typeCode: 'test-type', localAuthorityCode: null }).returning('id').executeTakeFirstOrThrow()).id;
    const userId = (await db.insertInto('users').values({ email: 'purge@example.org', displayName: 'Purge Test', agencyId, passwordHash: null }).returning('id').executeTakeFirstOrThrow()).id;
    const session = (endedDaysAgo: number | null, hash: string) => ({
      tokenHash: hash,
      userId,
      authMethod: 'password' as const,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      lastSeenAt: new Date('2026-01-01T00:00:00Z'),
      expiresAt: new Date('2026-01-01T10:00:00Z'),
      endedAt: endedDaysAgo === null ? null : new Date(clock.now().getTime() - endedDaysAgo * 86_400_000),
    });
    await db.insertInto('sessions').values([session(100, 'old'), session(10, 'recent'), session(null, 'open')]).execute();
    await db.insertInto('jobRuns').values([
      { jobName: 'test.old', tick: 1, nodeId: 'n', startedAt: new Date('2026-09-01T00:00:00Z') },
      { jobName: 'test.new', tick: 2, nodeId: 'n', startedAt: new Date('2026-11-01T00:00:00Z') },
    ]).execute();
    await db.insertInto('rateLimits').values([
      { keyHash: 'stale', windowStartedAt: new Date('2026-10-30T00:00:00Z'), attempts: 3 },
      { keyHash: 'live', windowStartedAt: new Date('2026-11-02T11:59:00Z'), attempts: 1 },
    ]).execute();
    const purged = await purgeExpiredRows(db, clock);
    assert.equal(purged.sessions, 1);
    assert.equal(purged.rateLimits, 1);
    assert.ok(purged.jobRuns >= 1);
    assert.deepEqual((await db.selectFrom('sessions').select('tokenHash').orderBy('tokenHash').execute()).map((r) => r.tokenHash), ['open', 'recent']);
    assert.deepEqual((await db.selectFrom('rateLimits').select('keyHash').execute()).map((r) => r.keyHash), ['live']);
    assert.ok(!(await db.selectFrom('jobRuns').select('jobName').execute()).some((r) => r.jobName === 'test.old'));
    assert.ok((await db.selectFrom('jobRuns').select('jobName').execute()).some((r) => r.jobName === 'test.new'));
  });
});
