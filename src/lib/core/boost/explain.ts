/** Gain importances and path contributions ("why") of a boosted model, in raw-score units. */
import type { Matrix } from '../forest/index.ts';
import { boostedTreeCount, checkInputWidth } from './predict.ts';
import type { BoostedModel } from './types.ts';

/** Share of the total split gain per feature (sums to 1; all 0 for a model without splits). */
export function gainImportance(model: BoostedModel): Float64Array {
  const imp = new Float64Array(model.nFeatures);
  let total = 0;
  for (let nd = 0; nd < model.feature.length; nd++) {
    const f = model.feature[nd];
    if (f >= 0) {
      imp[f] += model.gain[nd];
      total += model.gain[nd];
    }
  }
  if (total > 0) for (let f = 0; f < imp.length; f++) imp[f] /= total;
  return imp;
}

export interface BoostedContributions {
  /** Raw score before any feature is looked at: base score plus every tree's root step, per output. */
  bias: Float64Array;
  /** Per feature and output, row-major [feature * nOutputs + output]. */
  contributions: Float64Array;
  /** Raw scores of the row: bias + the sum of contributions over features. */
  prediction: Float64Array;
}

/**
 * Saabas contributions of one row: along each tree's path, the change of node step at every
 * split is credited to the split's feature, so bias + contributions = the row's raw scores.
 */
export function boostedContributions(
  model: BoostedModel,
  X: Matrix,
  row: number
): BoostedContributions {
  const where = 'boostedContributions';
  checkInputWidth(model, X, where);
  if (!Number.isInteger(row) || row < 0 || row >= X.nRows) {
    throw new Error(
      `${where}: row must be an integer from 0 to ${X.nRows - 1} (got ${String(row)})`
    );
  }
  const K = model.nOutputs;
  const n = X.nRows;
  const { feature, threshold, left, right, missingLeft, value, treeStart } = model;
  const bias = model.baseScore.slice();
  const contributions = new Float64Array(model.nFeatures * K);
  const prediction = model.baseScore.slice();
  const nTrees = boostedTreeCount(model);
  for (let t = 0; t < nTrees; t++) {
    const k = t % K;
    let nd = treeStart[t];
    bias[k] += value[nd];
    for (;;) {
      const f = feature[nd];
      if (f < 0) break;
      const x = X.data[f * n + row];
      const th = threshold[nd];
      const next =
        x <= th ? left[nd] : x > th ? right[nd] : missingLeft[nd] === 1 ? left[nd] : right[nd];
      contributions[f * K + k] += value[next] - value[nd];
      nd = next;
    }
    prediction[k] += value[nd];
  }
  return { bias, contributions, prediction };
}
