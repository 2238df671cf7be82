// The partnership module's migrations (joined to the platform's by the composition root), one per part.
import type { Migration } from 'kysely/migration';
import { boardsPledgeMigration } from './boards-pledge.migration.ts';
import { workProgrammeMigration } from './work-programme.migration.ts';
import { meetingsMigration } from './meetings.migration.ts';
import { supportTrainingMigration } from './support-training.migration.ts';

export const partnershipMigrations: Record<string, Migration> = {
  '2026-11-22-0500-partnership-boards-pledge': boardsPledgeMigration,
  '2026-11-22-0510-partnership-work-programme': workProgrammeMigration,
  '2026-11-22-0520-partnership-meetings': meetingsMigration,
  '2026-11-22-0530-partnership-support-training': supportTrainingMigration,
};
