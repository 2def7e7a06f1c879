/**
 * Predictions with a saved model (ModelFile) on a CanonicalTable: the one function the CLI's
 * classify, the app and the training report all go through, so their numbers are identical.
 *
 * Each row is predicted with its mission's tree weights (model/tree-weights.ts semantics:
 * TreeWeights.per = 'stage' spreads weight w[s] over every tree of stage s). A row of a mission
 * the model has no weights for (e.g. 'unknown' rows of a canonical CSV, or a mission no stage
 * learned weights for) uses the documented fallback: every tree votes with weight 1 (the plain
 * forest mean). A calibrated model then maps each row's P(positive) with its mission's map
 * (model/calibration.ts); missions without a map keep the forest's probabilities.
 */
import { argmaxRows, predictProba, type Matrix } from '../forest/index.ts';
import {
  featureInfo,
  infiniteAsMissing,
  toMatrix,
  type CanonicalTable
} from '../missions/index.ts';
import { applyCalibration, treeWeightsFor, type ModelFile } from '../model/index.ts';
import { gatherRows } from './data.ts';
import { fillTableRows } from './hide-missing.ts';
import { clampProba } from './staged.ts';

export interface ModelPrediction {
  /** Row-major class probabilities, nRows x classes.length. */
  proba: Float64Array;
  /** Most probable class index per row (ties to the lower index). */
  predicted: Int32Array;
  classes: string[];
  /** Index of the positive class (vetting: PLANET), or -1 when the model has none. */
  positiveClass: number;
  /** Missions present in the table, whether the model has learned weights and a calibration for each. */
  missions: { mission: string; rows: number; weighted: boolean; calibrated: boolean }[];
  /**
   * Features the model uses (positive impurity importance) that no row of the table has, among
   * those a row of the table's missions could have (another mission's extras are not listed).
   */
  missingFeatures: string[];
  /** Per feature: rows whose value lies outside the model's training range. */
  outOfRange: { feature: string; rows: number }[];
}

/** Predicts every row of `table` with `model`, weighting tree groups by each row's mission. */
export function predictWithModel(model: ModelFile, table: CanonicalTable): ModelPrediction {
  const features = model.meta.features.map((f) => f.name);
  const X = toMatrix(table, features);
  infiniteAsMissing(X.data);
  const missingFeatures = absentFeatures(model, table, X);
  fillTableRows(X, table, null, features, model.meta.missingFill);
  const K = model.forest.nClasses;
  const n = X.nRows;
  const proba = new Float64Array(n * K);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const m = table.mission[i];
    if (!groups.has(m)) groups.set(m, []);
    groups.get(m)!.push(i);
  }
  const tw = model.treeWeights;
  const missions: ModelPrediction['missions'] = [];
  for (const [m, rows] of groups) {
    const weighted = tw !== null && Object.prototype.hasOwnProperty.call(tw.byMission, m);
    const calibrated =
      !!model.calibration && Object.prototype.hasOwnProperty.call(model.calibration.byMission, m);
    missions.push({ mission: m, rows: rows.length, weighted, calibrated });
    const sub = rows.length === n ? X : gatherRows(X, rows);
    const p = predictProba(model.forest, sub, { treeWeights: treeWeightsFor(model, m) });
    rows.forEach((r, k) => {
      for (let c = 0; c < K; c++) proba[r * K + c] = p[k * K + c];
    });
  }
  clampProba(proba);
  applyCalibration(model.calibration, model.meta.classes, proba, table.mission);
  const outOfRange: ModelPrediction['outOfRange'] = [];
  model.meta.featureRanges.forEach((range, j) => {
    if (!range) return;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = X.data[j * n + i];
      if (v < range.min || v > range.max) count++;
    }
    if (count > 0) outOfRange.push({ feature: features[j], rows: count });
  });
  return {
    proba,
    predicted: n > 0 ? argmaxRows(proba, K) : new Int32Array(0),
    classes: [...model.meta.classes],
    positiveClass:
      model.meta.positiveClass === null ? -1 : model.meta.classes.indexOf(model.meta.positiveClass),
    missions,
    missingFeatures,
    outOfRange
  };
}

/** Used model features with no value in any row of the table that could have them. */
function absentFeatures(model: ModelFile, table: CanonicalTable, X: Matrix): string[] {
  const mdi = model.meta.importances.mdi;
  const missions = new Set<string>(table.mission);
  const n = X.nRows;
  return model.meta.features
    .map((f) => f.name)
    .filter((f, j) => {
      if (mdi && !((mdi[f] ?? 0) > 0)) return false;
      const own = featureInfo(f)?.mission;
      if (own && !missions.has(own)) return false;
      for (let i = 0; i < n; i++) {
        const v = X.data[j * n + i];
        if (v === v && (!own || table.mission[i] === own)) return false;
      }
      return true;
    });
}
