/**
 * A classified file's rows as columns for the page's results table: typed arrays (transferred
 * whole from the classify worker), the key features shown beside each row, and each unresolved
 * row's rank by the pipeline's own candidate ranking.
 */
import type { LoadResultWithRaw } from './raw.ts';
import type { ClassifyResult } from './classify.ts';
import { rankRows } from '../pipeline/index.ts';

/** Features shown beside each row (and in the period-radius chart). */
export const KEY_FEATURES = [
  'period_days',
  'planet_radius_re',
  'depth_ppm',
  'duration_hours',
  'teq_k'
] as const;
export type KeyFeature = (typeof KEY_FEATURES)[number];

/** Every input row of one classified file, column by column (typed arrays are transferred). */
export interface RowColumns {
  n: number;
  /** 1-based source line. */
  line: Int32Array;
  /** Row of the loaded table, -1 for a row the loader set aside. */
  tableIndex: Int32Array;
  objectId: string[];
  mission: string[];
  /** Predicted class index, -1 when the row was not scored. */
  label: Int8Array;
  /** n x classes probabilities, row-major; NaN when the row was not scored. */
  proba: Float64Array;
  /** The archive's own label cell ('CANDIDATE', 'PC', 'FALSE POSITIVE', ...). */
  archiveLabel: string[];
  /** Rank by P(positive class) among unresolved scored rows (1 = most likely); 0 = not ranked. */
  candidateRank: Int32Array;
  /** Values outside the training range, per row. */
  outOfRange: Uint8Array;
  notes: string[];
  features: Record<KeyFeature, Float32Array>;
}

/** The row columns of a classified file. */
export function rowColumns(result: ClassifyResult, load: LoadResultWithRaw): RowColumns {
  const { table } = load;
  const K = result.classes.length;
  const n = result.rows.length;
  const line = new Int32Array(n);
  const tableIndex = new Int32Array(n);
  const label = new Int8Array(n);
  const proba = new Float64Array(n * K).fill(NaN);
  const outOfRange = new Uint8Array(n);
  const candidateRank = new Int32Array(n);
  const features = Object.fromEntries(
    KEY_FEATURES.map((f) => [f, new Float32Array(n).fill(NaN)])
  ) as Record<KeyFeature, Float32Array>;
  const columns = KEY_FEATURES.map((f) => table.columns[table.features.indexOf(f)]);
  const toRow = new Int32Array(table.objectId.length);
  result.rows.forEach((r, k) => {
    line[k] = r.line;
    tableIndex[k] = r.tableIndex;
    label[k] = r.label === null ? -1 : result.classes.indexOf(r.label);
    if (r.probabilities) proba.set(r.probabilities, k * K);
    outOfRange[k] = Math.min(255, r.outOfRange.length);
    if (r.tableIndex >= 0) {
      toRow[r.tableIndex] = k;
      KEY_FEATURES.forEach((f, j) => {
        if (columns[j]) features[f][k] = columns[j][r.tableIndex];
      });
    }
  });
  const positive = result.prediction.positiveClass;
  if (positive >= 0) {
    // The pipeline's own ranking, over unresolved rows that were scored.
    const rows: number[] = [];
    result.rows.forEach((r) => {
      if (r.tableIndex >= 0 && r.probabilities && table.labelVetting[r.tableIndex] === null) {
        rows.push(r.tableIndex);
      }
    });
    const p = new Float64Array(rows.length * K);
    rows.forEach((i, k) => p.set(result.prediction.proba.subarray(i * K, (i + 1) * K), k * K));
    for (const c of rankRows(table, rows, p, K, positive)) candidateRank[toRow[c.row]] = c.rank;
  }
  return {
    n,
    line,
    tableIndex,
    objectId: result.rows.map((r) => r.objectId),
    mission: result.rows.map((r) => r.mission ?? ''),
    label,
    proba,
    archiveLabel: result.rows.map((r) => (r.tableIndex >= 0 ? table.rawLabel[r.tableIndex] : '')),
    candidateRank,
    outOfRange,
    notes: result.rows.map((r) => r.notes),
    features
  };
}
