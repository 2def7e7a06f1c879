/** Prediction with a boosted model: raw scores (sum of leaf steps), then probabilities. */
import { validateMatrix, type Matrix } from '../forest/index.ts';
import { probaFromRaw } from './loss.ts';
import type { BoostedModel } from './types.ts';

export function boostedTreeCount(model: BoostedModel): number {
  return model.treeStart.length - 1;
}

export function checkInputWidth(model: BoostedModel, X: Matrix, where: string): void {
  validateMatrix(X, where);
  if (X.nCols !== model.nFeatures) {
    throw new Error(
      `${where}: X has ${X.nCols} feature columns but the model was trained on ${model.nFeatures}; pass the same columns in the same order`
    );
  }
}

/**
 * Adds trees [t0, t1) to raw (rows x nOutputs, row-major). Trees are added in order, one at a
 * time, so the sums equal the ones training accumulated bit for bit.
 */
export function addTrees(
  model: BoostedModel,
  X: Matrix,
  raw: Float64Array,
  t0: number,
  t1: number
): void {
  const { feature, threshold, missingLeft, left, right, value, treeStart, nOutputs } = model;
  const n = X.nRows;
  const data = X.data;
  for (let t = t0; t < t1; t++) {
    const root = treeStart[t];
    const k = t % nOutputs;
    for (let i = 0; i < n; i++) {
      let nd = root;
      for (;;) {
        const f = feature[nd];
        if (f < 0) break;
        const x = data[f * n + i];
        const th = threshold[nd];
        nd = x <= th ? left[nd] : x > th ? right[nd] : missingLeft[nd] === 1 ? left[nd] : right[nd];
      }
      raw[i * nOutputs + k] += value[nd];
    }
  }
}

/** Raw scores (rows x nOutputs, row-major): base score plus every tree (or the first nIter iterations). */
export function predictRaw(
  model: BoostedModel,
  X: Matrix,
  opts: { nIter?: number } = {}
): Float64Array {
  checkInputWidth(model, X, 'predictRaw');
  const K = model.nOutputs;
  const raw = new Float64Array(X.nRows * K);
  for (let i = 0; i < X.nRows; i++) for (let k = 0; k < K; k++) raw[i * K + k] = model.baseScore[k];
  const nTrees = boostedTreeCount(model);
  const t1 = opts.nIter === undefined ? nTrees : Math.min(nTrees, opts.nIter * K);
  addTrees(model, X, raw, 0, t1);
  return raw;
}

/** Class probabilities (rows x nClasses, row-major). */
export function predictBoostedProba(model: BoostedModel, X: Matrix): Float64Array {
  return probaFromRaw(predictRaw(model, X), X.nRows, model.nOutputs, model.nClasses);
}

/** Most probable class per row (ties to the lower class). */
export function predictBoosted(model: BoostedModel, X: Matrix): Int32Array {
  const P = predictBoostedProba(model, X);
  const K = model.nClasses;
  const out = new Int32Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (P[i * K + c] > P[i * K + best]) best = c;
    out[i] = best;
  }
  return out;
}
