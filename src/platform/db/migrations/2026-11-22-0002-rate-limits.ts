// Sign-in attempt counters shared by every node (a per-process counter would give N nodes N times the limit).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create table rate_limits (
    key_hash text primary key,
    window_started_at timestamptz not null,
    attempts integer not null
  )`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table rate_limits').execute(db);
}
