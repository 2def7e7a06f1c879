/**
 * Gradient boosting with log loss. Each iteration computes gradients and hessians at the current
 * raw scores and grows one tree per output (1 for two classes, K otherwise) from its own random
 * stream deriveSeed(seed, iteration), so continuing a model for m iterations gives the same
 * trees as training n + m at once.
 */
import { createRng, deriveSeed } from '../random.ts';
import {
  binMatrix,
  checkBins,
  validateSampleWeight,
  validateTrainingMatrix,
  type Matrix
} from '../forest/index.ts';
import { BoostGrower } from './grow.ts';
import { baseScoreOf, gradients, meanLoss } from './loss.ts';
import { resolveBoostParams } from './params.ts';
import { addTrees, checkInputWidth, predictRaw } from './predict.ts';
import { BoostStore } from './store.ts';
import { validateBoostedModel } from './validate.ts';
import type { BoostFitOptions, BoostFitResult, BoostParams, BoostedModel } from './types.ts';

function checkRaw(
  raw: Float64Array | undefined,
  nRows: number,
  nOutputs: number,
  what: string
): void {
  if (raw === undefined) return;
  if (!(raw instanceof Float64Array) || raw.length !== nRows * nOutputs) {
    throw new Error(
      `fitBoosted: ${what} must be a Float64Array of rows x outputs = ${nRows} x ${nOutputs} raw scores`
    );
  }
  for (let i = 0; i < raw.length; i++) {
    if (!Number.isFinite(raw[i]))
      throw new Error(`fitBoosted: ${what}[${i}] = ${raw[i]} is not finite`);
  }
}

/** Rows of one iteration: all (null), or a seeded draw without replacement, ascending. */
function sampleRows(n: number, frac: number, seed: number, buf: Int32Array): number {
  if (frac >= 1) return n;
  const m = Math.max(1, Math.floor(frac * n));
  const rng = createRng(seed);
  for (let i = 0; i < n; i++) buf[i] = i;
  for (let j = 0; j < m; j++) {
    const r = j + rng.int(n - j);
    const t = buf[j];
    buf[j] = buf[r];
    buf[r] = t;
  }
  buf.subarray(0, m).sort();
  return m;
}

export function fitBoosted(
  X: Matrix,
  y: Int32Array,
  params: BoostParams = {},
  opts: BoostFitOptions = {}
): BoostFitResult {
  const where = 'fitBoosted';
  validateTrainingMatrix(X, where);
  const init = opts.init;
  const prm = resolveBoostParams(
    { ...params, nClasses: params.nClasses ?? init?.nClasses },
    y,
    X.nRows,
    where
  );
  validateSampleWeight(opts.sampleWeight, X.nRows, where);
  const K = prm.nClasses;
  const nOut = K === 2 ? 1 : K;
  if (init !== undefined) {
    validateBoostedModel(init);
    checkInputWidth(init, X, where);
    if (init.nClasses !== K) {
      throw new Error(
        `${where}: opts.init has ${init.nClasses} classes but params say ${K}; continue with the same classes`
      );
    }
    if (opts.initRaw !== undefined)
      throw new Error(`${where}: pass opts.init or opts.initRaw, not both`);
  }
  checkRaw(opts.initRaw, X.nRows, nOut, 'opts.initRaw');
  const bins = opts.bins ?? binMatrix(X, prm.maxBins);
  if (opts.bins) checkBins(bins, X, where);
  const n = X.nRows;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++)
    w[i] = (opts.sampleWeight ? opts.sampleWeight[i] : 1) * prm.classWeight[y[i]];

  const store = new BoostStore();
  let baseScore: Float64Array;
  let raw: Float64Array;
  if (init !== undefined) {
    store.appendModel(init);
    baseScore = init.baseScore.slice();
    raw = predictRaw(init, X);
  } else if (opts.initRaw !== undefined) {
    baseScore = new Float64Array(nOut);
    raw = opts.initRaw.slice();
  } else {
    baseScore = baseScoreOf(y, w, K);
    raw = new Float64Array(n * nOut);
    for (let i = 0; i < n; i++) for (let k = 0; k < nOut; k++) raw[i * nOut + k] = baseScore[k];
  }
  const offset = opts.iterationOffset ?? (init ? (init.treeStart.length - 1) / nOut : 0);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(
      `${where}: opts.iterationOffset must be an integer >= 0 (got ${String(offset)})`
    );
  }

  const val = opts.validation;
  let valRaw: Float64Array | null = null;
  if (val !== undefined) {
    checkInputWidth({ nFeatures: X.nCols } as BoostedModel, val.X, `${where} (validation)`);
    validateSampleWeight(val.sampleWeight, val.X.nRows, `${where} (validation)`);
    if (!(val.y instanceof Int32Array) || val.y.length !== val.X.nRows) {
      throw new Error(
        `${where}: validation.y must be an Int32Array with one label per validation row`
      );
    }
    for (let i = 0; i < val.y.length; i++) {
      if (!(val.y[i] >= 0 && val.y[i] < K)) {
        throw new Error(`${where}: validation.y[${i}] = ${val.y[i]} is not a class 0..${K - 1}`);
      }
    }
    checkRaw(val.initRaw, val.X.nRows, nOut, 'validation.initRaw');
    if (val.initRaw !== undefined) valRaw = val.initRaw.slice();
    else if (init !== undefined) valRaw = predictRaw(init, val.X);
    else {
      valRaw = new Float64Array(val.X.nRows * nOut);
      for (let i = 0; i < val.X.nRows; i++)
        for (let k = 0; k < nOut; k++) valRaw[i * nOut + k] = baseScore[k];
    }
  }

  const grower = new BoostGrower(bins, prm, X);
  const g = new Float32Array(n * nOut);
  const h = new Float32Array(n * nOut);
  const rowBuf = new Int32Array(n);
  const initialLoss = meanLoss(y, w, raw, nOut);
  const validationLoss: number[] = [];
  const valW = val?.sampleWeight;
  if (val && valRaw) validationLoss.push(meanLoss(val.y, valW, valRaw, nOut));
  let done = 0;
  let stoppedEarly = false;
  const valModel = (): BoostedModel => store.toModel(X.nCols, K, nOut, baseScore);
  for (let it = 0; it < prm.maxIter; it++) {
    if (opts.shouldStop?.()) break;
    const iterSeed = deriveSeed(prm.seed, offset + it);
    gradients(y, w, raw, nOut, g, h);
    const m = sampleRows(n, prm.rowSubsample, deriveSeed(iterSeed, 0), rowBuf);
    const rows = prm.rowSubsample >= 1 ? null : rowBuf;
    const firstTree = store.starts.length;
    for (let k = 0; k < nOut; k++) {
      const rng = prm.featureSubsample < 1 ? createRng(deriveSeed(iterSeed, 1 + k)) : null;
      const gk = g.subarray(k * n, (k + 1) * n);
      const hk = h.subarray(k * n, (k + 1) * n);
      const root = grower.grow(gk, hk, rows, m, rng, store);
      if (rows === null) grower.addLeaves(store, root, raw, nOut, k);
      else grower.addTree(store, root, raw, nOut, k);
    }
    done++;
    if (val && valRaw) {
      addTrees(valModel(), val.X, valRaw, firstTree, firstTree + nOut);
      validationLoss.push(meanLoss(val.y, valW, valRaw, nOut));
      if (shouldStop(validationLoss, prm.earlyStoppingRounds, prm.earlyStoppingTol)) {
        stoppedEarly = it + 1 < prm.maxIter;
        opts.onIteration?.(done, prm.maxIter);
        break;
      }
    }
    opts.onIteration?.(done, prm.maxIter);
  }
  return {
    model: store.toModel(X.nCols, K, nOut, baseScore),
    nIter: done,
    trainLoss: [initialLoss, meanLoss(y, w, raw, nOut)],
    validationLoss,
    stoppedEarly
  };
}

/**
 * scikit-learn's rule on a list of losses (lower is better): stop when none of the last
 * `rounds` losses is below the one before them by more than tol.
 */
export function shouldStop(losses: number[], rounds: number, tol: number): boolean {
  const ref = rounds + 1;
  if (losses.length < ref) return false;
  const refLoss = losses[losses.length - ref] - tol;
  for (let i = losses.length - ref + 1; i < losses.length; i++)
    if (losses[i] < refLoss) return false;
  return true;
}
