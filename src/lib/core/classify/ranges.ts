/**
 * The model's view of a table: its feature matrix (built exactly as pipeline/predict.ts builds
 * it, so explanations and warnings describe the values the forest saw), which features a row
 * lacks, and which values lie outside the model's training range.
 */
import type { Matrix } from '../forest/index.ts';
import {
  featureInfo,
  infiniteAsMissing,
  toMatrix,
  type CanonicalTable,
  type RowMission
} from '../missions/index.ts';
import type { ModelFile } from '../model/index.ts';
import { fillTableRows } from '../pipeline/index.ts';

/** Model features in forest order. */
export function modelFeatureNames(model: ModelFile): string[] {
  return model.meta.features.map((f) => f.name);
}

/**
 * Column-major matrix of the model's features for some rows (all when omitted): a feature the
 * table lacks is missing (NaN), and +-Infinity is treated as missing, as predictWithModel does.
 * `filled`: also fill the missing values of the model's hideMissingness missions, as
 * predictWithModel does (what the trees see); without it, what the table holds.
 */
export function modelMatrix(
  model: ModelFile,
  table: CanonicalTable,
  rows?: ArrayLike<number>,
  filled = false
): Matrix {
  const names = modelFeatureNames(model);
  const X = toMatrix(table, names, rows);
  infiniteAsMissing(X.data);
  if (filled) fillTableRows(X, table, rows ?? null, names, model.meta.missingFill);
  return X;
}

/**
 * Features the model uses: a positive impurity importance (every feature when the model has no
 * such importances). A feature no tree splits on is never worth a "missing" note.
 */
export function usedFeatures(model: ModelFile): Set<string> {
  const mdi = model.meta.importances.mdi;
  const names = modelFeatureNames(model);
  return new Set(mdi ? names.filter((f) => (mdi[f] ?? 0) > 0) : names);
}

/** One value outside the range the model was trained on. */
export interface RangeWarning {
  feature: string;
  unit: string;
  value: number;
  min: number;
  max: number;
  side: 'below' | 'above';
}

/** Value of model feature j for row i of a column-major matrix. */
const at = (X: Matrix, j: number, i: number) => X.data[j * X.nRows + i];

/**
 * Values of row `rowIndex` that lie outside the model's training range (features with no
 * recorded range, and missing values, never warn). The model still scores such rows, but a
 * forest cannot extrapolate: every value beyond the range is treated like the range's edge.
 */
export function featureRangeWarnings(
  model: ModelFile,
  table: CanonicalTable,
  rowIndex: number
): RangeWarning[] {
  checkRow(table, rowIndex, 'featureRangeWarnings');
  return rangeWarningsOf(model, modelMatrix(model, table, [rowIndex]), 0);
}

/** Range warnings of row i of a model matrix. */
export function rangeWarningsOf(model: ModelFile, X: Matrix, i: number): RangeWarning[] {
  const out: RangeWarning[] = [];
  model.meta.featureRanges.forEach((range, j) => {
    if (!range) return;
    const v = at(X, j, i);
    if (v < range.min || v > range.max) {
      out.push({
        feature: model.meta.features[j].name,
        unit: model.meta.features[j].unit,
        value: v,
        min: range.min,
        max: range.max,
        side: v < range.min ? 'below' : 'above'
      });
    }
  });
  return out;
}

/**
 * Whether a model feature is one a row of this mission can have: canonical, derived and
 * uncertainty features always; a mission extra only for its own mission (another mission's
 * extra is missing by design and not worth a note).
 */
export function expectedFor(feature: string, mission: RowMission): boolean {
  const info = featureInfo(feature);
  return !info?.mission || info.mission === mission;
}

/**
 * Features the model uses (usedFeatures) with no value in row i of a (not filled) model matrix
 * that a row of `mission` could have.
 */
export function missingFeaturesOf(
  model: ModelFile,
  X: Matrix,
  i: number,
  mission: RowMission,
  used: ReadonlySet<string> = usedFeatures(model)
): string[] {
  const out: string[] = [];
  model.meta.features.forEach((f, j) => {
    if (Number.isNaN(at(X, j, i)) && used.has(f.name) && expectedFor(f.name, mission)) {
      out.push(f.name);
    }
  });
  return out;
}

/**
 * Features that carry no measurement of the object itself: host_multiplicity is a count of
 * rows sharing the host and exists for every row with a host id.
 */
const CONTEXT_ONLY = new Set(['host_multiplicity']);

/** True when row i has a value for at least one measured model feature. */
export function hasMeasuredValue(model: ModelFile, X: Matrix, i: number): boolean {
  return model.meta.features.some(
    (f, j) => !CONTEXT_ONLY.has(f.name) && !Number.isNaN(at(X, j, i))
  );
}

export function checkRow(table: CanonicalTable, rowIndex: number, where: string): void {
  const n = table.objectId.length;
  if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex >= n) {
    throw new RangeError(
      `${where}: row index must be an integer from 0 to ${n - 1} (got ${String(rowIndex)})`
    );
  }
}
