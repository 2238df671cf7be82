// Opens the database: embedded PGlite (default, data in ./data) or a PostgreSQL server (DATABASE_URL).
// Both speak the PostgreSQL dialect through Kysely; one schema, one set of migrations.
import fs from 'node:fs';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../config/config.ts';
import type { PlatformTables } from './schema.ts';

export type Db<T = PlatformTables> = Kysely<T>;

export interface DatabaseHandle {
  db: Kysely<PlatformTables>;
  /** A connection for reports: the read replica when configured, otherwise the primary. */
  readDb: Kysely<PlatformTables>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Type parsers shared by both drivers: int8 as number (our counters stay far below 2^53),
// calendar dates as 'YYYY-MM-DD' strings (a date is not an instant), numeric as string.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

const plugins = [new CamelCasePlugin()];

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'databaseReadUrl' | 'dataDir' | 'databasePoolSize'>): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.databasePoolSize });
    // An idle connection closed by the server (restart, failover) is discarded by the pool; without a
    // listener, pg would raise it as an uncaught error and stop the process.
    pool.on('error', () => undefined);
    const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }), plugins });
    let readDb = db;
    let readPool: pg.Pool | undefined;
    if (config.databaseReadUrl) {
      readPool = new pg.Pool({ connectionString: config.databaseReadUrl, max: config.databasePoolSize });
      readPool.on('error', () => undefined);
      readDb = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool: readPool }), plugins });
    }
    return {
      db,
      readDb,
      kind: 'postgres',
      async close() {
        await db.destroy();
        if (readPool) await readDb.destroy();
      },
    };
  }
  const inMemory = config.dataDir === 'memory://' || config.dataDir === '';
  if (!inMemory) fs.mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : config.dataDir, {
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
  const db = new Kysely<PlatformTables>({ dialect: new PGliteDialect({ pglite }), plugins });
  return {
    db,
    readDb: db,
    kind: 'pglite',
    async close() {
      await db.destroy();
    },
  };
}

/** True when the database answers a trivial query. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema will do for `select 1`
export async function isReachable(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
