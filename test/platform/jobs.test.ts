// Scheduled jobs run once per tick however many nodes run the scheduler against the same database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../src/kernel/clock.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
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
});
