/**
 * Robustness to downloads without uncertainty columns (a custom archive download may leave out
 * every err1/err2 column; the 2024 TOI snapshot is one). Without help the trees never saw a row
 * lacking all uncertainty-derived features, and such rows follow routes trained for something
 * else. With `plan.maskedCopies`, every forest also trains on copies of a share of its rows in
 * which those features are missing (same label, same sample weight), so the trees learn what
 * to do without them. Rows of hideMissingness missions are not copied: their missing values are
 * filled before prediction, so they never lack those features.
 */
import type { Matrix } from '../forest/index.ts';
import { FROM_UNCERTAINTY_COLUMNS } from '../missions/index.ts';
import type { PreparedData } from './data.ts';
import { unitHash } from './hide-missing.ts';
import type { TrainingPlan } from './plan.ts';

export interface FitSet {
  X: Matrix;
  y: Int32Array;
  sampleWeight: Float64Array | undefined;
}

/**
 * Positions in `rows` of the rows that get a masked copy (appended after `rows`, in this
 * order). A row is copied when a hash of its key and `salt` falls below the plan's share, so
 * the choice does not depend on row order. Empty without maskedCopies. Out-of-bag replay
 * (oob-staged.ts) needs the same list: a copy in a tree's bootstrap means the tree saw its row.
 */
export function maskedCopyPositions(
  data: PreparedData,
  plan: TrainingPlan,
  rows: Int32Array,
  salt: string
): number[] {
  const share = plan.maskedCopies?.share ?? 0;
  if (!(share > 0) || maskedFeatures(data).length === 0) return [];
  const hidden = new Set<string>(plan.hideMissingness ?? []);
  const copies: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    if (hidden.has(data.mission[i])) continue;
    if (unitHash(`${data.rowKey[i]}\u0000${salt}`) < share) copies.push(k);
  }
  return copies;
}

function maskedFeatures(data: PreparedData): number[] {
  return data.features
    .map((f, j) => (FROM_UNCERTAINTY_COLUMNS.includes(f) ? j : -1))
    .filter((j) => j >= 0);
}

/**
 * Appends masked copies (maskedCopyPositions) to a forest's training set (X, y, sampleWeight of
 * `rows`, in order). Returns the set unchanged without maskedCopies.
 */
export function withMaskedCopies(
  data: PreparedData,
  plan: TrainingPlan,
  rows: Int32Array,
  set: FitSet,
  salt: string
): FitSet {
  const copies = maskedCopyPositions(data, plan, rows, salt);
  if (copies.length === 0) return set;
  const masked = maskedFeatures(data);
  const n = rows.length;
  const m = n + copies.length;
  const p = set.X.nCols;
  const X = new Float32Array(m * p);
  for (let j = 0; j < p; j++) {
    const src = set.X.data.subarray(j * n, (j + 1) * n);
    X.set(src, j * m);
    for (let c = 0; c < copies.length; c++) X[j * m + n + c] = src[copies[c]];
  }
  for (const j of masked) X.fill(NaN, j * m + n, (j + 1) * m);
  const y = new Int32Array(m);
  y.set(set.y);
  copies.forEach((k, c) => (y[n + c] = set.y[k]));
  let sampleWeight: Float64Array | undefined;
  if (set.sampleWeight) {
    sampleWeight = new Float64Array(m);
    sampleWeight.set(set.sampleWeight);
    copies.forEach((k, c) => (sampleWeight![n + c] = set.sampleWeight![k]));
  }
  return { X: { data: X, nRows: m, nCols: p }, y, sampleWeight };
}
