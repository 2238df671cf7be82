// A @fastify/rate-limit store in PostgreSQL, so every node counts the same attempts. One atomic upsert per
// attempt: a window older than its length starts again at 1. Keys (client addresses) are stored only as hashes.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { PlatformTables } from '../db/schema.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export function databaseRateLimitStore(db: Kysely<PlatformTables>) {
  return class DatabaseRateLimitStore {
    private readonly prefix: string;

    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const keyHash = createHash('sha256').update(`${this.prefix}|${key}`).digest('hex');
      sql<{ attempts: number; ttl: number }>`
        insert into rate_limits (key_hash, window_started_at, attempts) values (${keyHash}, now(), 1)
        on conflict (key_hash) do update set
          attempts = case when rate_limits.window_started_at + ${timeWindow} * interval '1 millisecond' <= now() then 1 else rate_limits.attempts + 1 end,
          window_started_at = case when rate_limits.window_started_at + ${timeWindow} * interval '1 millisecond' <= now() then now() else rate_limits.window_started_at end
        returning attempts, greatest(0, ceil(extract(epoch from (window_started_at + ${timeWindow} * interval '1 millisecond' - now())) * 1000))::integer as ttl`
        .execute(db)
        .then(({ rows }) => callback(null, { current: Number(rows[0]!.attempts), ttl: Number(rows[0]!.ttl) }))
        .catch((error: Error) => callback(error));
    }

    child(routeOptions: { path?: string; url?: string; method?: string | string[] }) {
      return new DatabaseRateLimitStore(undefined, `${this.prefix}${String(routeOptions.method)} ${routeOptions.path ?? routeOptions.url ?? ''}`);
    }
  };
}
