/** Classification with a model: per-row verdicts, the classified CSV, explanations, range warnings. */
export {
  classifyTable,
  noteNumber,
  type ClassifiedRow,
  type ClassifyOptions,
  type ClassifyResult
} from './classify.ts';
export { classifyToCsv, predictionColumns, type ClassifyCsvOptions } from './csv.ts';
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
  teeRawRows,
  type LoadResultWithRaw,
  type RawRows
} from './raw.ts';
