/** Feature importances: impurity-based (MDI, from the stored gains) and permutation-based. */
import { createRng, deriveSeed } from '../random.ts';
import { checkForest, checkInput, treeCount } from './forest-info.ts';
import { validateLabels } from './params.ts';
import { argmaxRows, predictProba } from './predict.ts';
import type { ForestArrays, Matrix } from './types.ts';

/**
 * Mean decrease in impurity, computed like scikit-learn: each tree's gains normalised to sum
 * 1, averaged over trees that split at all, normalised again. All zeros when no tree splits.
 */
export function mdiImportance(forest: ForestArrays): Float64Array {
  checkForest(forest, 'mdiImportance');
  const p = forest.nFeatures;
  const total = new Float64Array(p);
  const tree = new Float64Array(p);
  const nTrees = treeCount(forest);
  for (let t = 0; t < nTrees; t++) {
    tree.fill(0);
    let sum = 0;
    for (let nd = forest.treeStart[t]; nd < forest.treeStart[t + 1]; nd++) {
      const f = forest.feature[nd];
      if (f < 0) continue;
      tree[f] += forest.gain[nd];
      sum += forest.gain[nd];
    }
    if (sum > 0) for (let f = 0; f < p; f++) total[f] += tree[f] / sum;
  }
  let s = 0;
  for (let f = 0; f < p; f++) s += total[f];
  if (s > 0) for (let f = 0; f < p; f++) total[f] /= s;
  return total;
}

/** Higher is better. Receives labels, row-major probabilities and the class count. */
export type Metric = (y: Int32Array, proba: Float64Array, nClasses: number) => number;

export function accuracyMetric(y: Int32Array, proba: Float64Array, nClasses: number): number {
  const pred = argmaxRows(proba, nClasses);
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return y.length > 0 ? ok / y.length : NaN;
}

/** Mean recall over the classes present in y. */
export function balancedAccuracyMetric(
  y: Int32Array,
  proba: Float64Array,
  nClasses: number
): number {
  const pred = argmaxRows(proba, nClasses);
  const hit = new Float64Array(nClasses);
  const all = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) {
    all[y[i]]++;
    if (pred[i] === y[i]) hit[y[i]]++;
  }
  let s = 0;
  let k = 0;
  for (let c = 0; c < nClasses; c++) {
    if (all[c] > 0) {
      s += hit[c] / all[c];
      k++;
    }
  }
  return k > 0 ? s / k : NaN;
}

export interface PermutationOptions {
  seed: number;
  /** Shuffles per feature (default 5). */
  repeats?: number;
  /** 'accuracy' (default), 'balancedAccuracy' or a function; higher must be better. */
  metric?: 'accuracy' | 'balancedAccuracy' | Metric;
  treeWeights?: Float64Array;
}

/**
 * Drop in score when one feature's column is shuffled (breaking its link to y), per feature:
 * mean and standard deviation (population, like scikit-learn) over repeats.
 * Shuffle k of feature j uses deriveSeed(deriveSeed(seed, j), k).
 */
export function permutationImportance(
  forest: ForestArrays,
  X: Matrix,
  y: Int32Array,
  opts: PermutationOptions
): { mean: Float64Array; std: Float64Array; baseline: number } {
  const where = 'permutationImportance';
  checkForest(forest, where);
  checkInput(forest, X, where);
  validateLabels(y, X.nRows, forest.nClasses, where);
  if (!opts || !Number.isInteger(opts.seed))
    throw new Error(`${where}: opts.seed must be an integer`);
  const repeats = opts.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new Error(`${where}: opts.repeats must be an integer >= 1 (got ${String(repeats)})`);
  }
  const m = opts.metric ?? 'accuracy';
  const metric: Metric =
    m === 'accuracy' ? accuracyMetric : m === 'balancedAccuracy' ? balancedAccuracyMetric : m;
  if (typeof metric !== 'function') {
    throw new Error(`${where}: opts.metric must be 'accuracy', 'balancedAccuracy' or a function`);
  }
  const K = forest.nClasses;
  const n = X.nRows;
  const p = X.nCols;
  const popts = { treeWeights: opts.treeWeights };
  const baseline = metric(y, predictProba(forest, X, popts), K);
  const work: Matrix = { data: X.data.slice(), nRows: n, nCols: p };
  const mean = new Float64Array(p);
  const std = new Float64Array(p);
  const drops = new Float64Array(repeats);
  for (let j = 0; j < p; j++) {
    const col = work.data.subarray(j * n, (j + 1) * n);
    const orig = X.data.subarray(j * n, (j + 1) * n);
    const featSeed = deriveSeed(opts.seed, j);
    for (let k = 0; k < repeats; k++) {
      const rng = createRng(deriveSeed(featSeed, k));
      col.set(orig);
      for (let i = n - 1; i > 0; i--) {
        const s = rng.int(i + 1);
        const t = col[i];
        col[i] = col[s];
        col[s] = t;
      }
      drops[k] = baseline - metric(y, predictProba(forest, work, popts), K);
    }
    col.set(orig);
    let s = 0;
    for (let k = 0; k < repeats; k++) s += drops[k];
    mean[j] = s / repeats;
    let v = 0;
    for (let k = 0; k < repeats; k++) v += (drops[k] - mean[j]) ** 2;
    std[j] = Math.sqrt(v / repeats);
  }
  return { mean, std, baseline };
}
