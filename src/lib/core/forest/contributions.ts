/**
 * Saabas path contributions ("why this prediction"): along each tree's decision path, the
 * change in node class distribution at every split is credited to the split's feature.
 */
import { checkForest, checkInput, checkTreeWeights, treeCount } from './forest-info.ts';
import type { ForestArrays, Matrix } from './types.ts';

export interface Contributions {
  /** Mean root distribution over trees (the prediction before any feature is looked at). */
  bias: Float64Array;
  /** Per feature and class, row-major [feature * nClasses + class]. */
  contributions: Float64Array;
  /** The forest's probability for the row: bias + the sum of contributions over features. */
  prediction: Float64Array;
}

/**
 * Contributions for one row of X, averaged over trees (weighted by treeWeights when given),
 * so that bias + sum over features equals predictProba for that row.
 */
export function pathContributions(
  forest: ForestArrays,
  X: Matrix,
  row: number,
  opts: { treeWeights?: Float64Array } = {}
): Contributions {
  const where = 'pathContributions';
  checkForest(forest, where);
  checkInput(forest, X, where);
  if (!Number.isInteger(row) || row < 0 || row >= X.nRows) {
    throw new Error(
      `${where}: row must be an integer from 0 to ${X.nRows - 1} (got ${String(row)})`
    );
  }
  const nTrees = treeCount(forest);
  if (nTrees < 1) throw new Error(`${where}: the forest has no trees`);
  const tw = opts.treeWeights;
  const wSum = checkTreeWeights(tw, nTrees, where);
  const K = forest.nClasses;
  const n = X.nRows;
  const { feature, threshold, left, right, missingLeft, value, treeStart } = forest;
  const bias = new Float64Array(K);
  const contrib = new Float64Array(forest.nFeatures * K);
  const prediction = new Float64Array(K);
  for (let t = 0; t < nTrees; t++) {
    const w = (tw === undefined ? 1 : tw[t]) / wSum;
    if (w === 0) continue;
    let nd = treeStart[t];
    for (let c = 0; c < K; c++) bias[c] += w * value[nd * K + c];
    for (;;) {
      const f = feature[nd];
      if (f < 0) break;
      const x = X.data[f * n + row];
      const th = threshold[nd];
      const next =
        x <= th ? left[nd] : x > th ? right[nd] : missingLeft[nd] === 1 ? left[nd] : right[nd];
      for (let c = 0; c < K; c++)
        contrib[f * K + c] += w * (value[next * K + c] - value[nd * K + c]);
      nd = next;
    }
    for (let c = 0; c < K; c++) prediction[c] += w * value[nd * K + c];
  }
  return { bias, contributions: contrib, prediction };
}
