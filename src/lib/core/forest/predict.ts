/**
 * Prediction over the packed layout (packed.ts). Rows go in blocks, copied row-major with each
 * feature as x and -x; within a block, tree by tree, eight rows walk the tree in lock step.
 * The step has no data-dependent branch, so the eight walks overlap in the CPU instead of
 * waiting on mispredicted branches; the slowest of the eight decides when the group ends.
 */
import type { ForestArrays, Matrix } from './types';
import { checkForest, checkInput, checkTreeWeights, treeCount } from './forestInfo';
import { packForest, type PackedForest } from './packed';

export interface PredictOptions {
  /** One weight per tree; the prediction is the weighted mean of tree distributions. */
  treeWeights?: Float64Array;
}

/** Bytes of the row-major input block (rows x 2 x features x 4), about half an L2 cache. */
const BLOCK_BYTES = 512 * 1024;

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
  const where = 'predictProba';
  checkForest(forest, where);
  checkInput(forest, X, where);
  const nTrees = treeCount(forest);
  if (nTrees < 1) throw new Error(`${where}: the forest has no trees; train at least one`);
  const tw = opts.treeWeights;
  const wSum = checkTreeWeights(tw, nTrees, where);
  const K = forest.nClasses;
  const n = X.nRows;
  const p = X.nCols;
  const out = new Float64Array(n * K);
  if (n === 0) return out;
  const packed = packForest(forest);
  const data = X.data;
  const P2 = 2 * p;
  const block = Math.min(n, Math.max(64, Math.floor(BLOCK_BYTES / (4 * P2))));
  const blk = new Float32Array(block * P2);
  for (let b0 = 0; b0 < n; b0 += block) {
    const m = Math.min(n, b0 + block) - b0;
    fillBlock(data, n, p, b0, m, blk);
    for (let t = 0; t < nTrees; t++) {
      const wt = tw === undefined ? 1 : tw[t];
      if (wt !== 0) walkTree(packed, packed.roots[t], blk, P2, m, out, b0, K, wt);
    }
  }
  const inv = 1 / wSum;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

/** Copies rows [b0, b0 + m) of column-major data into blk, row-major, each feature as x, -x. */
function fillBlock(
  data: Float32Array,
  n: number,
  p: number,
  b0: number,
  m: number,
  blk: Float32Array
): void {
  const P2 = 2 * p;
  for (let j = 0; j < p; j++) {
    const src = j * n + b0;
    for (let r = 0, d = 2 * j; r < m; r++, d += P2) {
      const x = data[src + r];
      blk[d] = x;
      blk[d + 1] = -x;
    }
  }
}

/**
 * Adds wt * (leaf distribution) of one tree to out for the m rows of a block. Kept as its
 * own small function so V8 optimises it whole, with feedback from every path.
 */
function walkTree(
  packed: PackedForest,
  root: number,
  blk: Float32Array,
  P2: number,
  m: number,
  out: Float64Array,
  o0: number,
  K: number,
  wt: number
): void {
  const { rec, thr, value } = packed;
  let r = 0;
  for (; r + 8 <= m; r += 8) {
    const ro = r * P2;
    let q0 = root,
      q1 = root,
      q2 = root,
      q3 = root,
      q4 = root,
      q5 = root,
      q6 = root,
      q7 = root;
    for (;;) {
      const e0 = rec[q0 + 2];
      const g0 = +(blk[ro + rec[q0]] <= thr[q0 + 1]) - 1;
      const d0 = e0 ^ q0;
      q0 = q0 + 3 + ((e0 - q0 - 3) & g0);
      const e1 = rec[q1 + 2];
      const g1 = +(blk[ro + 1 * P2 + rec[q1]] <= thr[q1 + 1]) - 1;
      const d1 = e1 ^ q1;
      q1 = q1 + 3 + ((e1 - q1 - 3) & g1);
      const e2 = rec[q2 + 2];
      const g2 = +(blk[ro + 2 * P2 + rec[q2]] <= thr[q2 + 1]) - 1;
      const d2 = e2 ^ q2;
      q2 = q2 + 3 + ((e2 - q2 - 3) & g2);
      const e3 = rec[q3 + 2];
      const g3 = +(blk[ro + 3 * P2 + rec[q3]] <= thr[q3 + 1]) - 1;
      const d3 = e3 ^ q3;
      q3 = q3 + 3 + ((e3 - q3 - 3) & g3);
      const e4 = rec[q4 + 2];
      const g4 = +(blk[ro + 4 * P2 + rec[q4]] <= thr[q4 + 1]) - 1;
      const d4 = e4 ^ q4;
      q4 = q4 + 3 + ((e4 - q4 - 3) & g4);
      const e5 = rec[q5 + 2];
      const g5 = +(blk[ro + 5 * P2 + rec[q5]] <= thr[q5 + 1]) - 1;
      const d5 = e5 ^ q5;
      q5 = q5 + 3 + ((e5 - q5 - 3) & g5);
      const e6 = rec[q6 + 2];
      const g6 = +(blk[ro + 6 * P2 + rec[q6]] <= thr[q6 + 1]) - 1;
      const d6 = e6 ^ q6;
      q6 = q6 + 3 + ((e6 - q6 - 3) & g6);
      const e7 = rec[q7 + 2];
      const g7 = +(blk[ro + 7 * P2 + rec[q7]] <= thr[q7 + 1]) - 1;
      const d7 = e7 ^ q7;
      q7 = q7 + 3 + ((e7 - q7 - 3) & g7);
      if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) === 0) break;
    }
    const o = (o0 + r) * K;
    for (let c = 0; c < K; c++) {
      out[o + 0 * K + c] += wt * value[(q0 / 3) * K + c];
      out[o + 1 * K + c] += wt * value[(q1 / 3) * K + c];
      out[o + 2 * K + c] += wt * value[(q2 / 3) * K + c];
      out[o + 3 * K + c] += wt * value[(q3 / 3) * K + c];
      out[o + 4 * K + c] += wt * value[(q4 / 3) * K + c];
      out[o + 5 * K + c] += wt * value[(q5 / 3) * K + c];
      out[o + 6 * K + c] += wt * value[(q6 / 3) * K + c];
      out[o + 7 * K + c] += wt * value[(q7 / 3) * K + c];
    }
  }
  for (; r < m; r++) {
    const ro = r * P2;
    let q = root;
    for (let e = rec[q + 2]; e !== q; e = rec[q + 2]) {
      q = q + 3 + ((e - q - 3) & (+(blk[ro + rec[q]] <= thr[q + 1]) - 1));
    }
    const o = (o0 + r) * K;
    for (let c = 0; c < K; c++) out[o + c] += wt * value[(q / 3) * K + c];
  }
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
