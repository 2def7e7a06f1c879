/**
 * Public API of the training pipeline (pure TS: runs in a worker, in Node tests and in the CLI).
 *
 *   const plan = defaultPlan('vetting');                     // or a JSON plan, checked by validatePlan
 *   const result = await trainStaged(inputs, plan, { onProgress, signal, trainer });
 *   console.log(formatReportTable(result.report));           // staged vs pooled / per-mission / averaged
 *   const model = toModelFile(result, { name: 'my model' }); // -> model/writeModel
 *   const { proba } = predictWithModel(model, table);        // same numbers everywhere
 *   const ranked = rankCandidates(model, table);             // unresolved rows by P(planet)
 */
export {
  BOOSTED_STAGE_DEFAULTS,
  LEARNERS,
  planLearner,
  withLearner,
  type BoostStagePlan,
  type Learner,
  DEFAULT_CALIBRATION,
  DEFAULT_REPLAY,
  MAX_TREES_PER_STAGE,
  PRESETS,
  PRESET_TREES,
  PlanError,
  TASKS,
  assertValidPlan,
  calibrationOf,
  classCount,
  defaultPlan,
  refitsOnAllRows,
  totalTrees,
  validatePlan,
  type CalibrationPlan,
  type FeatureSelectionPlan,
  type FeatureSetSpec,
  type PlanProblem,
  type Preset,
  type StageMission,
  type StagePlan,
  type Task,
  type TrainingPlan
} from './plan.ts';
export {
  predictStagedBoosted,
  trainPooledBoosted,
  trainStagedBoosted,
  type BoostedStageResult,
  type StagedBoosted
} from './boosted.ts';
export {
  PLANET_CLASS,
  labelIndex,
  prepareData,
  resolveFeatures,
  taskClasses,
  type MissionRows,
  type PreparedData,
  type TrainingInput
} from './data.ts';
export {
  TrainingCancelled,
  inProcessTrainer,
  type AuditPurpose,
  type ForestTrainJob,
  type ForestTrainer,
  type RowAudit,
  type TrainingPhase,
  type TrainingProgress
} from './job-context.ts';
export { TrainingDataError, jobFailure, type JobFailure } from './job-failure.ts';
export { throttledProgress } from './progress-throttle.ts';
export { warmUpRun } from './warm-up.ts';
export { trainSummary, type TrainSummary } from './train-summary.ts';
export { holdoutPermutation, rowsMatrix, type PermutationImportance } from './permutation.ts';
export {
  GROUP_WEIGHT_EPS,
  fitMixtureWeights,
  type MixtureObjective,
  predictStaged,
  type StageResult,
  type StagedForest
} from './staged.ts';
export {
  BASELINES,
  baselineTreeCount,
  type BaselineName,
  type BaselinePredictions
} from './baselines.ts';
export { selectFeatures, type FeatureRankEntry } from './selection.ts';
export {
  MODEL_LABELS,
  MODEL_NAMES,
  PATTERN_WARNING_MARGIN,
  formatReportTable,
  missingPatternWarnings,
  type EvaluationReport,
  type ModelEvaluation,
  type ModelName,
  type PatternWarning
} from './report.ts';
export {
  jobTreeCount,
  trainStaged,
  type CalibrationSummary,
  type FeatureSelectionResult,
  type MissionSummary,
  type RefitSummary,
  type TrainOptions,
  type TrainingResult
} from './train.ts';
export { toModelFile, type ToModelOptions } from './model.ts';
export { finalModelMetrics, formatFinalModel } from './report-final.ts';
export {
  fitStagedCalibration,
  calibrationReport,
  type CalibrationReport,
  type MissionCalibrationFit,
  type StagedCalibration
} from './calibration-fit.ts';
export { predictWithModel, type ModelPrediction } from './predict.ts';
export { rankCandidates, rankRows, unresolvedRows, type RankedCandidate } from './ranking.ts';
export {
  crossValidate,
  hostFolds,
  pairedDifference,
  type CrossValidationOptions,
  type CrossValidationResult,
  type CvScores
} from './tune.ts';
export { syntheticInputs, syntheticTable, type SyntheticTableOptions } from './synthetic.ts';
export { groupedHoldout, innerSplit, type GroupedSplit } from './split.ts';
export * from './metrics.ts';
export {
  backtestTreeCount,
  prepareBacktest,
  runBacktest,
  type BacktestOptions,
  type BacktestReport,
  type BacktestTable
} from './backtest.ts';
export {
  backtestModels,
  backtestSummary,
  formatBacktestReport,
  type BacktestSummary
} from './backtest-report.ts';
export {
  matchOpenObjects,
  type LaterOutcome,
  type MatchSummary,
  type OpenObject
} from './backtest-match.ts';
export type { OpenRanking, TopKReport } from './backtest-ranking.ts';
export {
  applyFill,
  fillTableRows,
  FILL_QUANTILES,
  learnFill,
  type FeatureFill,
  type MissingFill
} from './hide-missing.ts';
