// Scheduled work that runs on exactly one node per tick. Every node may run the scheduler; each tick,
// a node takes a transaction-scoped PostgreSQL advisory lock for the job, checks that nobody has run
// this tick yet, and only then runs it. On PGlite (one process) the same code path applies.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../kernel/clock.ts';
import type { PlatformTables } from '../db/schema.ts';

export interface ScheduledJob {
  name: string;
  /** Seconds between runs; the tick number is floor(now / interval). */
  everySeconds: number;
  run(): Promise<void>;
}

/** A stable 32-bit key for the job's advisory lock (disjoint from the audit chain's key range by prefix). */
function lockKey(name: string): number {
  return createHash('sha256').update(`safehub-job:${name}`).digest().readInt32BE(0);
}

export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
    private readonly nodeId: string,
    private readonly log: Logger,
    private readonly jobs: ScheduledJob[] = [],
  ) {}

  register(job: ScheduledJob): void {
    this.jobs.push(job);
  }

  /**
   * Runs the job for the current tick unless another node already has. Returns whether this node ran it.
   * The tick is claimed in a short transaction under the job's advisory lock (a row in job_runs that every
   * later claimant sees); the job itself runs outside that transaction, so it may use the database freely
   * (on PGlite, one connection, a job inside the claiming transaction would wait on itself for ever).
   */
  async runIfDue(job: ScheduledJob): Promise<boolean> {
    const tick = Math.floor(this.clock.now().getTime() / (job.everySeconds * 1000));
    const claim = await this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${lockKey(job.name)}) as locked`.execute(trx);
      if (!rows[0]?.locked) return undefined;
      const done = await trx.selectFrom('jobRuns').select('id').where('jobName', '=', job.name).where('tick', '=', tick).executeTakeFirst();
      if (done) return undefined;
      return trx.insertInto('jobRuns').values({ jobName: job.name, tick, nodeId: this.nodeId, startedAt: this.clock.now() }).returning('id').executeTakeFirstOrThrow();
    });
    if (!claim) return false;
    let outcome = 'success';
    try {
      await job.run();
    } catch (error) {
      outcome = 'failure';
      this.log.error({ job: job.name, tick, err: { message: (error as Error).message } }, 'scheduled job failed');
    }
    await this.db.updateTable('jobRuns').set({ finishedAt: this.clock.now(), outcome }).where('id', '=', claim.id).execute();
    return true;
  }

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => {
        const p = this.runIfDue(job)
          .catch((error: unknown) => this.log.error({ job: job.name, err: { message: (error as Error).message } }, 'scheduler tick failed'))
          .finally(() => this.running.delete(p));
        this.running.add(p);
      }, Math.max(250, Math.floor((job.everySeconds * 1000) / 4)));
      timer.unref();
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.allSettled([...this.running]);
  }
}
