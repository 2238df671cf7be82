// Casework's public surface: other modules reach it only through this file.
export { caseworkMigrations } from './casework.migrations.ts';
export type { CaseworkTables } from './casework.tables.ts';
export { CaseworkContext, DEFAULT_RULEBOOK, type CaseworkSettings } from './casework.support.ts';
export { RULEBOOKS, STEPS, deadline, effectiveRulebook, icpcDeadline, reviewDeadline, describeRule, type Step, type RulebookCode, type AppliedRule, type LocalOverride, type EffectiveRulebook } from './casework.rules.ts';
export { STUCK_RULES } from './stuck.rules.ts';
export { PathwayService } from './pathway.service.ts';
export { ProtectionService } from './protection.service.ts';
export { TraysService } from './trays.service.ts';
export { CaseworkSettingsService } from './settings.service.ts';
export { StuckCasesService } from './stuck.service.ts';
export { ConsultationsService } from './consultations.service.ts';
export { CaseworkChronologySource } from './casework.chronology.ts';
