/** Public API of the Random Forest engine. */
export type {
  BinnedMatrix,
  ClassWeight,
  ForestArrays,
  ForestParams,
  Matrix,
  MaxFeatures
} from './types.ts';
export {
  DEFAULT_PARAMS,
  resolveClassWeight,
  resolveMaxFeatures,
  validateLabels,
  validateMatrix,
  validateSampleWeight,
  validateTrainingMatrix
} from './params.ts';
export { binMatrix, checkBins } from './bins.ts';
export { bootstrapCounts } from './bootstrap.ts';
export { fitBinned, fitForest, type FitOptions } from './fit.ts';
export { concatForests } from './concat.ts';
export { appendTrees } from './warm-start.ts';
export {
  predict,
  predictProba,
  predictProbaParts,
  leafOf,
  argmaxRows,
  type PredictOptions
} from './predict.ts';
export { treeCount } from './forest-info.ts';
export { oobScore, type OobOptions, type OobResult } from './oob.ts';
export {
  mdiImportance,
  meanStd,
  permutationImportance,
  shuffledDrops,
  accuracyMetric,
  balancedAccuracyMetric,
  type Metric,
  type PermutationOptions
} from './importance.ts';
export { refitLeaves, type RefitOptions } from './refit.ts';
export { pathContributions, type Contributions } from './contributions.ts';
export {
  makeClassification,
  sliceRows,
  toCsv,
  SYNTHETIC_PRESETS,
  type SyntheticData,
  type SyntheticOptions,
  type SyntheticPreset
} from './synthetic.ts';
export { forestBuffers, forestBytes } from './buffers.ts';
