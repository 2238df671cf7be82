// Housekeeping that keeps operational tables from growing without bound. Audit events are never purged.
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { PlatformTables } from '../db/schema.ts';

export const RETENTION = {
  /** Scheduled-job runs: evidence that jobs ran once per tick; a month is plenty. */
  jobRunsDays: 30,
  /** Ended sessions: sign-ins and session ends are in the audit trail, so the rows are working data only. */
  endedSessionsDays: 90,
  /** Sign-in rate-limit windows: minutes long; a day-old counter is dead. */
  rateLimitHours: 24,
} as const;

export async function purgeExpiredRows(db: Kysely<PlatformTables>, clock: Clock): Promise<{ jobRuns: number; sessions: number; rateLimits: number }> {
  const now = clock.now().getTime();
  const days = (n: number) => new Date(now - n * 86_400_000);
  const jobRuns = await db.deleteFrom('jobRuns').where('startedAt', '<', days(RETENTION.jobRunsDays)).executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('endedAt', '<', days(RETENTION.endedSessionsDays)).executeTakeFirst();
  const rateLimits = await db.deleteFrom('rateLimits').where('windowStartedAt', '<', new Date(now - RETENTION.rateLimitHours * 3_600_000)).executeTakeFirst();
  return { jobRuns: Number(jobRuns.numDeletedRows), sessions: Number(sessions.numDeletedRows), rateLimits: Number(rateLimits.numDeletedRows) };
}
