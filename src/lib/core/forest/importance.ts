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
  const drop = (M: Matrix) => baseline - metric(y, predictProba(forest, M, popts), K);
  for (let j = 0; j < p; j++) {
    shuffledDrops(X, work, j, opts.seed, drop, drops);
    const d = meanStd(drops);
    mean[j] = d.mean;
    std[j] = d.std;
  }
  return { mean, std, baseline };
}

/**
 * The score drops when feature j is shuffled: for each repeat k, column j of `work` (a copy of
 * X) is set to X's column shuffled with deriveSeed(deriveSeed(seed, j), k) (Fisher-Yates), and
 * drops[k] = drop(work). The column is restored afterwards. The one permutation shuffle of the
 * project: the pipeline's hold-out importance uses it with the model file's own probabilities.
 */
export function shuffledDrops(
  X: Matrix,
  work: Matrix,
  j: number,
  seed: number,
  drop: (work: Matrix) => number,
  drops: Float64Array
): void {
  const n = X.nRows;
  const col = work.data.subarray(j * n, (j + 1) * n);
  const orig = X.data.subarray(j * n, (j + 1) * n);
  const featSeed = deriveSeed(seed, j);
  for (let k = 0; k < drops.length; k++) {
    const rng = createRng(deriveSeed(featSeed, k));
    col.set(orig);
    for (let i = n - 1; i > 0; i--) {
      const s = rng.int(i + 1);
      const t = col[i];
      col[i] = col[s];
      col[s] = t;
    }
    drops[k] = drop(work);
  }
  col.set(orig);
}

/** Mean and population standard deviation (like scikit-learn's importances_std). */
export function meanStd(values: Float64Array): { mean: number; std: number } {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k];
  const mean = s / values.length;
  let v = 0;
  for (let k = 0; k < values.length; k++) v += (values[k] - mean) ** 2;
  return { mean, std: Math.sqrt(v / values.length) };
}
