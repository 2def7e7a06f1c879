/**
 * Hiding which values are missing from the trees, for missions whose missingness predicts the
 * label by itself (K2: confirmed planets carry literature parameters, false positives come from
 * catalogue papers). Each missing value of such a mission's row is replaced by a draw from the
 * distribution of that column's observed values on the mission's training rows, stored as
 * quantiles. The draw is a hash of (object id, feature): the same object gets the same values in
 * training, in the model file's predictions and in every copy of a row, and the label never
 * takes part. Missing values then look like ordinary values, so the forest can only use them as
 * noise.
 */
import type { Matrix } from '../forest/index.ts';
import type { CanonicalTable } from '../missions/index.ts';
import { mix32 } from '../random.ts';

/** Quantiles stored per feature (0%, 1/(Q-1), ..., 100%). */
export const FILL_QUANTILES = 65;

/** Per feature (model order): quantiles of the observed training values, or null (none observed). */
export type FeatureFill = (number[] | null)[];
/** Mission -> its FeatureFill. */
export type MissingFill = { [mission: string]: FeatureFill };

/** Quantiles of the observed values of each column over `rows` (column-major X). */
export function learnFill(X: Matrix, rows: ArrayLike<number>): FeatureFill {
  const out: FeatureFill = [];
  for (let j = 0; j < X.nCols; j++) {
    const values: number[] = [];
    for (let k = 0; k < rows.length; k++) {
      const v = X.data[j * X.nRows + rows[k]];
      if (v === v) values.push(v);
    }
    if (values.length === 0) {
      out.push(null);
      continue;
    }
    values.sort((a, b) => a - b);
    const q: number[] = [];
    for (let t = 0; t < FILL_QUANTILES; t++) {
      const pos = (t / (FILL_QUANTILES - 1)) * (values.length - 1);
      const lo = Math.floor(pos);
      const hi = Math.min(values.length - 1, lo + 1);
      q.push(Math.fround(values[lo] + (pos - lo) * (values[hi] - values[lo])));
    }
    out.push(q);
  }
  return out;
}

/** A number in [0, 1) from a string (FNV-1a, then mixed). */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h) / 2 ** 32;
}

/** The fill value of one (object, feature): a hashed position in the stored quantiles. */
export function fillValue(q: readonly number[], objectId: string, feature: string): number {
  const pos = unitHash(`${objectId}\u0000${feature}`) * (q.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(q.length - 1, lo + 1);
  return Math.fround(q[lo] + (pos - lo) * (q[hi] - q[lo]));
}

/**
 * Fills, in place, the missing values of rows `rows` of column-major X (features in model
 * order) with their fill draws; `objectIds[k]` names row rows[k]. Columns without a fill stay
 * missing.
 */
export function applyFill(
  X: Matrix,
  rows: ArrayLike<number>,
  objectIds: readonly string[],
  features: readonly string[],
  fill: FeatureFill
): void {
  for (let j = 0; j < X.nCols; j++) {
    const q = fill[j];
    if (!q) continue;
    const col = j * X.nRows;
    for (let k = 0; k < rows.length; k++) {
      const i = col + rows[k];
      if (X.data[i] !== X.data[i]) X.data[i] = fillValue(q, objectIds[k], features[j]);
    }
  }
}

/** Missing-value mask (1 = missing) of column-major X, same layout. */
export function missingMask(X: Matrix): Uint8Array {
  const out = new Uint8Array(X.data.length);
  for (let i = 0; i < X.data.length; i++) out[i] = X.data[i] === X.data[i] ? 0 : 1;
  return out;
}

/**
 * Fills the rows of a model matrix built from `table` (matrix row k = table row rows[k], or row
 * k when `rows` is null) whose mission has a fill: what training did to the same rows.
 */
export function fillTableRows(
  X: Matrix,
  table: CanonicalTable,
  rows: ArrayLike<number> | null,
  features: readonly string[],
  fill: MissingFill | undefined
): void {
  if (!fill) return;
  for (const [mission, f] of Object.entries(fill)) {
    const at: number[] = [];
    const ids: string[] = [];
    for (let k = 0; k < X.nRows; k++) {
      const i = rows ? rows[k] : k;
      if (table.mission[i] !== mission) continue;
      at.push(k);
      ids.push(table.objectId[i]);
    }
    if (at.length > 0) applyFill(X, at, ids, features, f);
  }
}
