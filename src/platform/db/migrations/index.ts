// The platform's migrations in order. Modules export their own lists; the composition root joins them.
import type { Migration } from 'kysely/migration';
import * as m0001 from './2026-11-22-0001-platform.ts';
import * as m0002 from './2026-11-22-0002-rate-limits.ts';
import * as m0350 from './2026-11-22-0350-audit-append.ts';

export const platformMigrations: Record<string, Migration> = {
  '2026-11-22-0001-platform': m0001,
  '2026-11-22-0002-rate-limits': m0002,
  '2026-11-22-0350-audit-append': m0350,
};
