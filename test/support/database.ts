// A fresh database per test file: in-memory PGlite by default; with DATABASE_URL set, a new database
// created on that PostgreSQL server (and dropped afterwards). The same test files run on both.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Connection string of this test's own database (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}

export const serverUrl = process.env.DATABASE_URL || undefined;

export function onPostgres(): boolean {
  return Boolean(serverUrl);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) {
    const handle = await openDatabase({ databaseUrl: undefined, databaseReadUrl: undefined, dataDir: 'memory://', databasePoolSize: 1 });
    // A test may already have closed the handle (to simulate an outage); closing again is harmless.
    return { handle, url: undefined, drop: () => handle.close().catch(() => undefined) };
  }
  const name = `safehub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ databaseUrl: url, databaseReadUrl: undefined, dataDir: '', databasePoolSize: 5 });
  return {
    handle,
    url,
    async drop() {
      await handle.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
