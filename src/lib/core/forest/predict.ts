/**
 * Prediction: rows go in blocks whose feature columns fit in the L2 cache, copied into the
 * kernel's scratch; within a block, tree by tree, routeRows sends all rows down the tree at
 * once (see route-rows.ts). Each row adds its trees' leaf distributions in tree order, then the
 * sum is scaled once.
 */
import type { ForestArrays, Matrix } from './types.ts';
import { checkForest, checkInput, checkTreeWeights, treeCount } from './forest-info.ts';
import { blockRowsFor, loadBlock, routeRows } from './route-rows.ts';

export interface PredictOptions {
  /** One weight per tree; the prediction is the weighted mean of tree distributions. */
  treeWeights?: Float64Array;
}

/** Leaf reached by row r of column-major data (nRows rows) in the tree rooted at node `root`. */
export function leafOf(
  forest: ForestArrays,
  data: Float32Array,
  nRows: number,
  r: number,
  root: number
): number {
  const { feature, threshold, left, right, missingLeft } = forest;
  let nd = root;
  let f = feature[nd];
  while (f >= 0) {
    const x = data[f * nRows + r];
    const t = threshold[nd];
    nd = x <= t ? left[nd] : x > t ? right[nd] : missingLeft[nd] === 1 ? left[nd] : right[nd];
    f = feature[nd];
  }
  return nd;
}

/** Class probabilities, row-major (nRows x nClasses), averaged (or weighted) over trees. */
export function predictProba(
  forest: ForestArrays,
  X: Matrix,
  opts: PredictOptions = {}
): Float64Array {
  return predictParts([forest], X, opts, 'predictProba');
}

/**
 * predictProba of the forest that concatForests(parts) would make, without making it: the same
 * trees summed in the same order, so bit for bit the same numbers, and no copy of the nodes
 * (worker slices of a forest predicted where they arrive). treeWeights index the trees of all
 * parts in order.
 */
export function predictProbaParts(
  parts: readonly ForestArrays[],
  X: Matrix,
  opts: PredictOptions = {}
): Float64Array {
  const where = 'predictProbaParts';
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new Error(`${where}: parts must be a non-empty array of forests`);
  }
  return predictParts(parts, X, opts, where);
}

function predictParts(
  parts: readonly ForestArrays[],
  X: Matrix,
  opts: PredictOptions,
  where: string
): Float64Array {
  const first = parts[0];
  parts.forEach((f, i) => {
    checkForest(f, parts.length === 1 ? where : `${where}: parts[${i}]`);
    if (f.nFeatures !== first.nFeatures || f.nClasses !== first.nClasses) {
      throw new Error(
        `${where}: parts[${i}] has ${f.nFeatures} features and ${f.nClasses} classes but parts[0] has ${first.nFeatures} and ${first.nClasses}`
      );
    }
  });
  checkInput(first, X, where);
  let nTrees = 0;
  for (const f of parts) nTrees += treeCount(f);
  if (nTrees < 1) throw new Error(`${where}: the forest has no trees; train at least one`);
  const tw = opts.treeWeights;
  const wSum = checkTreeWeights(tw, nTrees, where);
  const K = first.nClasses;
  const n = X.nRows;
  const p = X.nCols;
  const out = new Float64Array(n * K);
  if (n === 0) return out;
  const B = blockRowsFor(n, p, where);
  for (let b0 = 0; b0 < n; b0 += B) {
    const m = Math.min(n, b0 + B) - b0;
    loadBlock(X.data, n, p, b0, m, B);
    const part = out.subarray(b0 * K, (b0 + m) * K);
    let t = 0;
    for (const forest of parts) {
      const nt = treeCount(forest);
      for (let k = 0; k < nt; k++, t++) {
        const wt = tw === undefined ? 1 : tw[t];
        if (wt !== 0) routeRows(forest, forest.treeStart[k], m, B, part, wt);
      }
    }
  }
  const inv = 1 / wSum;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

/** Most probable class per row (ties go to the lower class index). */
export function argmaxRows(proba: Float64Array, K: number): Int32Array {
  const n = proba.length / K;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    let bv = proba[r * K];
    for (let c = 1; c < K; c++) {
      if (proba[r * K + c] > bv) {
        bv = proba[r * K + c];
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/** Predicted class per row. */
export function predict(forest: ForestArrays, X: Matrix, opts: PredictOptions = {}): Int32Array {
  return argmaxRows(predictProba(forest, X, opts), forest.nClasses);
}
