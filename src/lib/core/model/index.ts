/** The model file format: write, read, validate, fingerprint, describe. */
export * from './types.ts';
export { ModelFileError, type ModelErrorCode } from './errors.ts';
export { writeModel, checkModel } from './write.ts';
export { readModel, type ReadModelOptions } from './read.ts';
export { DEFAULT_MAX_DECOMPRESSED_BYTES } from './gunzip-capped.ts';
export { validateForest } from './validate-forest.ts';
export { modelFingerprint } from './fingerprint.ts';
export { Sha256, sha256Hex } from './sha256.ts';
export { describeModel, type DescribeOptions } from './describe.ts';
export { treeWeightsFor } from './tree-weights.ts';
export {
  applyCalibration,
  applyMap,
  validateCalibration,
  type CalibrationMap,
  type ProbabilityCalibration
} from './calibration.ts';
export { describeCalibration, describeRefit } from './describe-calibration.ts';
export { littleEndianBytes } from './layout.ts';
