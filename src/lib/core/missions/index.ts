/** Public API of the mission data layer. */
export { parseCsvText, CHUNK_BYTES } from './parse-text.ts';
export { parseCsvBlob } from './parse-blob.ts';
export { createTableReader, type TableReader, type ReaderOptions } from './reader.ts';
export { createCsvStream, type CsvStream } from './csv-stream.ts';
export { detectKind, type FileKind, type Detection } from './detect.ts';
export { LoadError, toOutcome, type LoadErrorCode, type LoadOutcome } from './errors.ts';
export { MAX_INPUT_BYTES } from './sniff.ts';
export {
  ALL_FEATURES,
  CANONICAL_FEATURES,
  COMPUTED_FEATURES,
  DEFAULT_FEATURES,
  FULL_SHARED_FEATURES,
  FROM_UNCERTAINTY_COLUMNS,
  DERIVED_FEATURES,
  POSITION_COLUMNS,
  RELATIVE_UNCERTAINTY_FEATURES,
  SKY_FEATURES,
  MISSION_EXTRAS,
  MISSIONS,
  UNCERTAINTY_FEATURES,
  featureInfo,
  featuresForMission,
  isPhysical,
  type FeatureGroup,
  type PhysicalRange,
  type FeatureInfo,
  type Mission
} from './features.ts';
export {
  DISPOSITION_CLASSES,
  VETTING_CLASSES,
  type DispositionLabel,
  type VettingLabel
} from './labels.ts';
export { BANNED_COLUMNS, assertNoLeakage, bannedReason } from './leakage.ts';
export { MISSION_ADAPTERS } from './adapters/index.ts';
export { infiniteAsMissing, toMatrix, selectRows } from './matrix.ts';
export { concatTables } from './concat.ts';
export { csvLine, formatFloat32, neutraliseCell, quoteCsvField, tableToCsv } from './csv-export.ts';
export * as derived from './derived.ts';
export type {
  CanonicalTable,
  FeatureRange,
  LoadOptions,
  LoadReport,
  LoadResult,
  NonNumericCell,
  ReportWarning,
  RowMission,
  SetAsideRow,
  TableKind,
  WarningCode
} from './types.ts';
export { repeatReferenceDetail } from './one-row-per-object.ts';
