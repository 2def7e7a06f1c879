/** Public API of the Random Forest engine. */
export type {
  BinnedMatrix,
  ClassWeight,
  ForestArrays,
  ForestParams,
  Matrix,
  MaxFeatures
} from './types';
export { DEFAULT_PARAMS, resolveMaxFeatures, validateTrainingMatrix } from './params';
export { binMatrix } from './bins';
export { fitBinned, fitForest, type FitOptions } from './fit';
export { concatForests } from './concat';
export { appendTrees } from './warmStart';
export {
  predict,
  predictProba,
  predictProbaParts,
  argmaxRows,
  type PredictOptions
} from './predict';
export { treeCount } from './forestInfo';
export { oobScore, type OobOptions, type OobResult } from './oob';
export {
  mdiImportance,
  permutationImportance,
  accuracyMetric,
  balancedAccuracyMetric,
  type Metric,
  type PermutationOptions
} from './importance';
export { refitLeaves, type RefitOptions } from './refit';
export { pathContributions, type Contributions } from './contributions';
export {
  makeClassification,
  sliceRows,
  toCsv,
  SYNTHETIC_PRESETS,
  type SyntheticData,
  type SyntheticOptions,
  type SyntheticPreset
} from './synthetic';
export { forestBuffers, forestBytes } from './buffers';
