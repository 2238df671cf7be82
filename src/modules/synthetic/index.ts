// Synthetic London: the public surface of the synthetic data module (see README.md).
export { registerSyntheticCommands, INTO_DB_NOT_YET, type CliStreams } from './synthetic.cli.ts';
export {
  generateSyntheticLondon,
  OUTPUT_FILES,
  type GenerateOptions,
  type GenerationCounts,
  type GenerationProgress,
  type GenerationSummary,
} from './generator.ts';
export {
  synthesiseLondon,
  resolveSynthesis,
  DEMO_SEED,
  DEMO_SCALE,
  DEFAULT_AS_AT,
  DEFAULT_HISTORY_YEARS,
  GENERATOR_VERSION,
  type HouseholdBundle,
  type SourceRecord,
  type Synthesis,
  type SynthesisOptions,
} from './synthesise.ts';
export { seedDemoActivity, demoDays, DEMO_ACTIVITY_MARKER, type DemoActivityDeps, type DemoActivityOptions, type DemoActivityResult } from './demo-activity.ts';
export { loadSyntheticHistory, syntheticRecordsWithHistory, historyShift, type HistoryLoadOptions, type HistoryLoadResult } from './history.load.ts';
export { buildSyntheticFixture, MAX_FIXTURE_SCALE, type SyntheticFixture } from './fixtures.ts';
export type { Household, Person, Residence, Role, Structure, Tenure } from './population.ts';
export type { RecordKind } from './agencies.ts';
export { measureOutput, splitCsv, type Measured } from './measure.ts';
export { DEFAULT_ERROR_RATES, ERROR_KINDS, AGENCY_QUALITY, type ErrorKind, type ErrorRates } from './error-model.ts';
export { DEFAULT_HISTORY_RATES, NATIONAL_FIGURES, type HistoryRates } from './calibration.ts';
export { isValidNhsNumber, isValidUpn, nhsCheckDigit, upnCheckLetter } from './check-digits.ts';
export { Rng } from './prng.ts';
