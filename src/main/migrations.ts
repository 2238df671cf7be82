// Every module's migrations, joined after the platform's (names sort by their date prefix).
import type { NamedMigrations } from '../platform/db/migrate.ts';
import { identityMigrations } from '../modules/identity/identity.migrations.ts';
import { frontDoorMigrations } from '../modules/front-door/front-door.migrations.ts';
import { deskMigrations } from '../modules/protection-desk/desk.migrations.ts';
import { caseworkMigrations } from '../modules/casework/casework.migrations.ts';
import { partnershipMigrations } from '../modules/partnership/partnership.migrations.ts';

export const moduleMigrations: NamedMigrations = {
  ...identityMigrations,
  ...frontDoorMigrations,
  ...deskMigrations,
  ...caseworkMigrations,
  ...partnershipMigrations,
};
