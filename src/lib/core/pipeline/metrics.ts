/**
 * Evaluation metrics: pure functions of true class indices (Int32Array), row-major class
 * probabilities (Float64Array, nRows x nClasses) and nClasses. Checked against scikit-learn
 * (see bench/sklearn_metrics.py and metrics.sklearn.test.ts).
 */
export { predictedClasses, subsetRows } from './metrics-common.ts';
export {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  macroF1,
  majorityBaselineAccuracy,
  perClassScores,
  type ClassScores
} from './metrics-labels.ts';
export {
  averagePrecision,
  downsampleIndices,
  prCurve,
  rocAuc,
  rocCurve,
  type PrCurve,
  type RocCurve
} from './metrics-ranking.ts';
export {
  LOG_LOSS_EPS,
  brierScore,
  calibrationCurve,
  logLoss,
  type CalibrationBin
} from './metrics-probability.ts';
export {
  INTERVAL_METRICS,
  evaluate,
  type ClassReport,
  type EvaluateOptions,
  type IntervalMetric,
  type MetricInterval,
  type MetricReport
} from './metrics-evaluate.ts';
export {
  bootstrapCI,
  bootstrapMany,
  type BootstrapInterval,
  type BootstrapOptions
} from './bootstrap.ts';
