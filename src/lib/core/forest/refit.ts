/**
 * Re-estimates node class distributions on new rows while keeping every tree's structure:
 * the "adapt earlier trees to a new mission" step of staged training.
 */
import { checkForest, checkInput, treeCount } from './forest-info.ts';
import { resolveClassWeight, validateLabels, validateSampleWeight } from './params.ts';
import type { ClassWeight, ForestArrays, Matrix } from './types.ts';

export interface RefitOptions {
  /** Weight of the new statistics, 0..1: 0 keeps the forest unchanged, 1 replaces reached nodes' values. */
  blend: number;
  sampleWeight?: Float64Array;
  /** Class weights for the new rows ('balanced' is computed from the new y). */
  classWeight?: ClassWeight;
  /** Trees [start, end) to refit (default all). */
  treeRange?: [number, number];
}

/**
 * Returns a copy of the forest in which every node reached by the new rows (leaves and
 * internal nodes, so path contributions stay consistent) gets
 * value = (1 - blend) * old + blend * (weighted class distribution of the rows reaching it).
 * Nodes no new row reaches keep their value; nodeWeight and gain keep the original training's.
 */
export function refitLeaves(
  forest: ForestArrays,
  X: Matrix,
  y: Int32Array,
  opts: RefitOptions
): ForestArrays {
  const where = 'refitLeaves';
  checkForest(forest, where);
  checkInput(forest, X, where);
  const K = forest.nClasses;
  validateLabels(y, X.nRows, K, where);
  if (!opts || typeof opts.blend !== 'number' || !(opts.blend >= 0 && opts.blend <= 1)) {
    throw new Error(
      `${where}: opts.blend must be a number from 0 to 1 (got ${String(opts?.blend)})`
    );
  }
  validateSampleWeight(opts.sampleWeight, X.nRows, where);
  const cw = resolveClassWeight(opts.classWeight, y, K, where);
  const nTrees = treeCount(forest);
  const [t0, t1] = opts.treeRange ?? [0, nTrees];
  if (!Number.isInteger(t0) || !Number.isInteger(t1) || t0 < 0 || t1 > nTrees || t0 > t1) {
    throw new Error(
      `${where}: opts.treeRange must satisfy 0 <= start <= end <= ${nTrees} (got [${t0}, ${t1}])`
    );
  }
  const out: ForestArrays = {
    ...forest,
    treeStart: forest.treeStart.slice(),
    feature: forest.feature.slice(),
    threshold: forest.threshold.slice(),
    missingLeft: forest.missingLeft.slice(),
    left: forest.left.slice(),
    right: forest.right.slice(),
    value: forest.value.slice(),
    nodeWeight: forest.nodeWeight.slice(),
    gain: forest.gain.slice()
  };
  if (opts.blend === 0 || X.nRows === 0 || t0 === t1) return out;

  const n = X.nRows;
  const data = X.data;
  const rowW = new Float64Array(n);
  for (let i = 0; i < n; i++) rowW[i] = (opts.sampleWeight ? opts.sampleWeight[i] : 1) * cw[y[i]];
  const nodeA = forest.treeStart[t0];
  const nodeB = forest.treeStart[t1];
  const sums = new Float64Array((nodeB - nodeA) * K);
  const { feature, threshold, left, right, missingLeft } = forest;
  for (let t = t0; t < t1; t++) {
    const root = forest.treeStart[t];
    for (let r = 0; r < n; r++) {
      const w = rowW[r];
      if (w === 0) continue;
      const c = y[r];
      let nd = root;
      for (;;) {
        sums[(nd - nodeA) * K + c] += w;
        const f = feature[nd];
        if (f < 0) break;
        const x = data[f * n + r];
        const th = threshold[nd];
        nd = x <= th ? left[nd] : x > th ? right[nd] : missingLeft[nd] === 1 ? left[nd] : right[nd];
      }
    }
  }
  const b = opts.blend;
  for (let nd = nodeA; nd < nodeB; nd++) {
    const so = (nd - nodeA) * K;
    let tot = 0;
    for (let c = 0; c < K; c++) tot += sums[so + c];
    if (!(tot > 0)) continue;
    for (let c = 0; c < K; c++) {
      const fresh = sums[so + c] / tot;
      out.value[nd * K + c] = b === 1 ? fresh : (1 - b) * forest.value[nd * K + c] + b * fresh;
    }
  }
  return out;
}
