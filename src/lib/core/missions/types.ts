import type { FileKind } from './detect.ts';
import type { DispositionLabel, VettingLabel } from './labels.ts';
import type { TableReader } from './reader.ts';

/** A pooled table (concatTables over several kinds) is 'mixed'. */
export type TableKind = FileKind | 'mixed';

/** Per-row mission code; 'unknown' only for canonical CSVs without a recognised mission cell. */
export type RowMission = 'koi' | 'k2' | 'toi' | 'unknown';

/** One table in canonical units, columnar. Row i is the same object across every array. */
export interface CanonicalTable {
  kind: TableKind;
  mission: RowMission[];
  /** KOI kepoi_name, K2 pl_name, "TOI-" + toi; canonical object_id (or "row-N"). */
  objectId: string[];
  /** Mission-prefixed host star id (koi:kepid, k2:hostname, toi:tid), for grouped splits. */
  hostId: string[];
  labelVetting: (VettingLabel | null)[];
  labelDisposition: (DispositionLabel | null)[];
  /** The label cell as written in the file ('' when empty or absent). */
  rawLabel: string[];
  /** 1-based line number in the source file where the row starts. */
  rowNumber: Int32Array;
  features: string[];
  /** One column per feature, NaN = missing. Each owns its buffer (transferable). */
  columns: Float32Array[];
  units: string[];
}

export interface SetAsideRow {
  row: number;
  /** Code: 'not-default', 'bad-default-flag', 'ragged'. */
  reason: string;
  detail: string;
}

export interface NonNumericCell {
  row: number;
  column: string;
  value: string;
}

export interface FeatureRange {
  min: number;
  max: number;
  /** Non-missing values among kept rows. */
  count: number;
}

export type WarningCode =
  | 'out-of-range'
  | 'unit-suspect'
  | 'non-numeric'
  | 'unknown-labels'
  | 'duplicate-ids'
  | 'ragged-rows'
  | 'trailing-fields'
  | 'missing-ids'
  | 'no-row-filter'
  | 'duplicate-columns'
  | 'csv-syntax'
  | 'not-utf8';

export interface ReportWarning {
  code: WarningCode;
  message: string;
  feature?: string;
  /** Example row numbers (capped). */
  rows?: number[];
}

export interface LoadReport {
  fileName: string;
  kind: FileKind;
  /** Human name of the table, e.g. "Kepler KOI (cumulative)". */
  title: string;
  /** ISO local time "YYYY-MM-DDTHH:MM:SS" from the archive's header comment, else from the file name. */
  downloadDate: string | null;
  downloadDateSource: 'header' | 'file name' | null;
  bytes: number;
  delimiter: string;
  columnsInFile: number;
  /** Data rows in the file (not the header, comments or blank lines). */
  rowsRead: number;
  rowsKept: number;
  rowsUsable: { vetting: number; disposition: number };
  labelColumn: string | null;
  /** read: raw values over all rows read (before the K2 filter); the rest over kept rows. */
  labelCounts: {
    read: Record<string, number>;
    raw: Record<string, number>;
    vetting: Record<string, number>;
    disposition: Record<string, number>;
  };
  setAside: { total: number; byReason: Record<string, number>; rows: SetAsideRow[] };
  /** Features with at least one value among kept rows. */
  featuresPresent: string[];
  /** Canonical features whose source column the file does not have. */
  featuresMissing: string[];
  /** Table features whose column exists (or is derived) but holds no value in any kept row. */
  featuresEmpty: string[];
  ranges: Record<string, FeatureRange>;
  warnings: ReportWarning[];
  unknownLabels: { value: string; count: number }[];
  duplicateIds: { total: number; ids: { id: string; rows: number[] }[] };
  nonNumeric: { total: number; byColumn: Record<string, number>; cells: NonNumericCell[] };
  /** Informational lines (no label column, tokens read as missing, ...). */
  notes: string[];
}

export interface LoadResult {
  table: CanonicalTable;
  report: LoadReport;
}

export interface LoadOptions {
  /** File name, for messages and the download-date fallback. */
  name?: string;
  /** Called after each chunk with bytes consumed so far (characters for parseCsvText). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Refuse larger inputs (default MAX_INPUT_BYTES, 200 MB). */
  maxBytes?: number;
  /** Chunk size for streaming (default 1 MiB). */
  chunkBytes?: number;
  /** Cancels between chunks with LoadError('aborted'). */
  signal?: AbortSignal;
  /** How many rows each problem list keeps (default 100); totals are always exact. */
  maxListed?: number;
  /**
   * Wraps the table reader before rows reach it, to observe what the CSV stream produces
   * (classify keeps every raw row this way, for output that repeats the input's columns).
   */
  wrapReader?: (reader: TableReader) => TableReader;
}
