// The identity matching engine: the public surface (see docs/identity-engine.md). Pure computation on records in
// memory; the identity module's tables, services, pages and API will call it.
export type { PersonRecord } from './prepare.ts';
export {
  trainModel,
  deduplicate,
  link,
  explainPair,
  ALL_PAIRS_LIMIT,
  type BlockingMode,
  type TrainOptions,
  type DedupeOptions,
  type LinkOptions,
  type RunResult,
  type RunStats,
  type RecordResult,
  type ScoredPair,
  type Evaluation,
  type BandEvaluation,
} from './pipeline.ts';
export { OnlineIndex, type OnlineMatch, type OnlineIndexOptions } from './online-index.ts';
export { registerLinkCommands, type LinkCliStreams } from './link.cli.ts';
export { DEFAULT_THRESHOLDS, bandOf, type Band, type Thresholds } from './bands.ts';
export { FIELDS, type FieldDefinition, type LevelDefinition } from './comparators.ts';
export { PERSON_PASSES, type BlockingPass } from './blocking.ts';
export {
  probabilityFromWeight,
  weightFromProbability,
  type Model,
  type FieldParameters,
  type LevelParameters,
  type TrainingSummary,
  type Explanation,
  type FieldExplanation,
  type GuardExplanation,
} from './fellegi-sunter.ts';
export { evaluateClusters, evaluatePairwise, truePairCount, type ClusterEvaluation, type PairwiseEvaluation, type PairwisePoint } from './evaluate.ts';
export { parseFieldMap, personRecordsFromCsv, readPersonRecords, type FieldMap, type ReadResult, type RejectedRow } from './csv.ts';
