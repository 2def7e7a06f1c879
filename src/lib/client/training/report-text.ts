/**
 * The words and tables the results views print, from core (the UI imports core only as types):
 * the same text `exoforest` writes for the same report.
 */
export {
  MODEL_LABELS,
  backtestModels,
  formatBacktestReport,
  missingPatternWarnings
} from '../../core/pipeline/index.ts';
export {
  TRUST_SENTENCE,
  describeBacktest,
  describeCalibration,
  describeRefit
} from '../../core/model/describe-calibration.ts';
