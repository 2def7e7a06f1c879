/**
 * Out-of-bag score. Bootstrap samples are not stored: each tree's are replayed from
 * deriveSeed(seed, globalTreeIndex), the first draws of that tree's stream.
 */
import { createRng, deriveSeed } from '../random.ts';
import { bootstrapCounts } from './bootstrap.ts';
import { checkForest, checkInput, treeCount } from './forest-info.ts';
import { leafOf, argmaxRows } from './predict.ts';
import { validateLabels } from './params.ts';
import type { ForestArrays, Matrix } from './types.ts';

export interface OobOptions {
  /** params.seed the forest was trained with (bootstrap must have been on). */
  seed: number;
  /** Global index of the forest's first tree (default 0). */
  treeOffset?: number;
}

export interface OobResult {
  /** Accuracy over rows that were out of bag for at least one tree (NaN when none was). */
  accuracy: number;
  /** Row-major OOB class probabilities; NaN for rows that were never out of bag. */
  proba: Float64Array;
  /** Rows with an OOB prediction. */
  nScored: number;
}

/** OOB accuracy of a forest on its own training data X, y (same rows, same order). */
export function oobScore(
  forest: ForestArrays,
  X: Matrix,
  y: Int32Array,
  opts: OobOptions
): OobResult {
  const where = 'oobScore';
  checkForest(forest, where);
  checkInput(forest, X, where);
  validateLabels(y, X.nRows, forest.nClasses, where);
  if (!opts || !Number.isInteger(opts.seed)) {
    throw new Error(`${where}: opts.seed must be the integer params.seed used for training`);
  }
  const offset = opts.treeOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`${where}: opts.treeOffset must be an integer >= 0 (got ${String(offset)})`);
  }
  const n = X.nRows;
  const K = forest.nClasses;
  const sum = new Float64Array(n * K);
  const votes = new Int32Array(n);
  const counts = new Int32Array(n);
  const nTrees = treeCount(forest);
  for (let t = 0; t < nTrees; t++) {
    bootstrapCounts(createRng(deriveSeed(opts.seed, offset + t)), n, counts);
    const root = forest.treeStart[t];
    for (let r = 0; r < n; r++) {
      if (counts[r] !== 0) continue;
      const leaf = leafOf(forest, X.data, n, r, root);
      for (let c = 0; c < K; c++) sum[r * K + c] += forest.value[leaf * K + c];
      votes[r]++;
    }
  }
  let scored = 0;
  let correct = 0;
  const pred = argmaxRows(sum, K);
  for (let r = 0; r < n; r++) {
    if (votes[r] === 0) {
      for (let c = 0; c < K; c++) sum[r * K + c] = NaN;
      continue;
    }
    for (let c = 0; c < K; c++) sum[r * K + c] /= votes[r];
    scored++;
    if (pred[r] === y[r]) correct++;
  }
  return { accuracy: scored > 0 ? correct / scored : NaN, proba: sum, nScored: scored };
}
