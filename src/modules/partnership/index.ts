// The partnership module's public surface: other modules reach it only through this file.
export { partnershipMigrations } from './partnership.migrations.ts';
export { PartnershipContext, REGIONAL_BOARD, type PartnershipTables } from './partnership.support.ts';
export { BoardsService } from './boards.service.ts';
export { PledgeService } from './pledge.service.ts';
export { WorkProgrammeService } from './work-programme.service.ts';
export { MeetingsService } from './meetings.service.ts';
export { SupportService } from './support.service.ts';
export { TrainingService } from './training.service.ts';
