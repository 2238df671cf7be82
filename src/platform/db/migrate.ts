// Runs Kysely migrations from an ordered, in-code list: the platform's first, then each module's.
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import { platformMigrations } from './migrations/index.ts';

export type NamedMigrations = Record<string, Migration>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before any table type exists
export async function migrateToLatest(db: Kysely<any>, moduleMigrations: NamedMigrations = {}): Promise<MigrationResultSet> {
  const all: NamedMigrations = { ...platformMigrations, ...moduleMigrations };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => all },
    // Names sort by their date prefix, so modules may add migrations between the platform's.
    allowUnorderedMigrations: false,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((result.error as Error).message ?? result.error)}`);
  }
  return result;
}
