/** Classification with a model: per-row verdicts, the classified CSV, explanations, range warnings. */
export {
  classifyTable,
  createRowClassifier,
  createRowJoiner,
  noteNumber,
  NOTE_MAX_LISTED,
  type RowClassifier,
  type RowJoiner,
  type ClassifyCounts,
  type ClassifiedRow,
  type ClassifyOptions,
  type ClassifyResult
} from './classify.ts';
export {
  classifiedCsvLayout,
  classifiedCsvLine,
  classifyToCsv,
  predictionColumns,
  type ClassifiedCsvLayout,
  type ClassifyCsvOptions
} from './csv.ts';
export { explainRow, type FeatureContribution, type RowExplanation } from './explain.ts';
export {
  expectedFor,
  featureRangeWarnings,
  modelFeatureNames,
  modelMatrix,
  type RangeWarning
} from './ranges.ts';
export {
  parseCsvBlobWithRaw,
  parseCsvTextWithRaw,
  rawRowReader,
  teeRawRows,
  type RawRowHandlers,
  type LoadResultWithRaw,
  type RawRows
} from './raw.ts';
export {
  missingFeatureSummary,
  type AbsentFeature,
  type MissingFeatureSummary
} from './missing-summary.ts';
export { KEY_FEATURES, rowColumns, type KeyFeature, type RowColumns } from './row-columns.ts';
export { modelOverview, type ModelOverview } from './model-overview.ts';
