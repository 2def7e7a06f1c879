/**
 * The prediction kernel: sends a block of rows down one tree by partitioning their indices,
 * node by node, the way training splits a node's rows. A split moves its segment of row
 * indices into the other buffer, left rows from the front and right rows from the back, with
 * one branch-free store per row; a leaf adds its distribution to each of its rows. Every row
 * takes exactly as many steps as its path is long (lock-step walks wait for the slowest row),
 * and the tight loops keep V8's per-access overhead low. Order within a segment does not
 * matter: each row gets one leaf per tree, so the per-row sums over trees are unchanged.
 */
import type { ForestArrays } from './types';

/** Scratch for routeRows, reused across trees and blocks. */
export class RouteScratch {
  /**
   * Three regions of blockRows row indices in one array (one array keeps V8's per-iteration
   * checks down): [0, blockRows) the root's rows b0 .. b0 + m - 1 (filled per block), then
   * the two buffers that splits move rows between.
   */
  readonly idx: Int32Array;
  readonly blockRows: number;
  /** Pending nodes: [node, start, end, region offset] each. */
  stack = new Int32Array(4 * 64);

  constructor(blockRows: number) {
    this.blockRows = blockRows;
    this.idx = new Int32Array(3 * blockRows);
  }
}

/**
 * Adds wt * (leaf distribution of tree `root`) to out (row-major, nClasses per row) for the
 * rows in s.idx[0, m). data is column-major with n rows (feature f of row r at f * n + r).
 */
export function routeRows(
  forest: ForestArrays,
  root: number,
  data: Float32Array,
  n: number,
  m: number,
  s: RouteScratch,
  out: Float64Array,
  wt: number
): void {
  const { feature, threshold, missingLeft, left, right, value } = forest;
  const K = forest.nClasses;
  const idx = s.idx;
  const B = s.blockRows;
  let stack = s.stack;
  stack[0] = root;
  stack[1] = 0;
  stack[2] = m;
  stack[3] = 0;
  let sp = 4;
  while (sp > 0) {
    sp -= 4;
    const nd = stack[sp];
    const a = stack[sp + 1];
    const b = stack[sp + 2];
    const from = stack[sp + 3];
    const f = feature[nd];
    if (f < 0) {
      if (K === 2)
        addLeaf2(idx, from + a, from + b, out, wt * value[2 * nd], wt * value[2 * nd + 1]);
      else addLeaf(idx, from + a, from + b, out, K, value, nd * K, wt);
      continue;
    }
    // A split writes its children to the other buffer region (B <-> 2B; the root's rows to B).
    const to = from === B ? 2 * B : B;
    const mid =
      a + partition(idx, from - to, to + a, to + b, data, f * n, threshold, nd, missingLeft[nd]);
    if (sp + 8 > stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      s.stack = stack = grown;
    }
    if (b > mid) {
      stack[sp] = right[nd];
      stack[sp + 1] = mid;
      stack[sp + 2] = b;
      stack[sp + 3] = to;
      sp += 4;
    }
    if (mid > a) {
      stack[sp] = left[nd];
      stack[sp + 1] = a;
      stack[sp + 2] = mid;
      stack[sp + 3] = to;
      sp += 4;
    }
  }
}

/**
 * Moves idx[a + shift, b + shift) into idx[a, b): rows going left fill from a up, the others
 * from b - 1 down. Returns the left count. Left means x <= threshold, plus NaN when missingLeft.
 * The index arithmetic is written with `| 0` so V8 keeps it in int32 without overflow
 * checks; four rows per iteration share the loop's fixed checks.
 */
function partition(
  idx: Int32Array,
  shift: number,
  a: number,
  b: number,
  data: Float32Array,
  off: number,
  threshold: Float32Array,
  nd: number,
  ml: number
): number {
  const t = threshold[nd];
  let lo = a | 0;
  let hi = (b - 1) | 0;
  let i = (a + shift) | 0;
  const e = (b + shift) | 0;
  const e4 = (e - 3) | 0;
  if (ml === 0) {
    for (; i < e4; i = (i + 4) | 0) {
      const r0 = idx[i];
      const r1 = idx[(i + 1) | 0];
      const r2 = idx[(i + 2) | 0];
      const r3 = idx[(i + 3) | 0];
      const g0 = +(data[(off + r0) | 0] <= t) | 0;
      const g1 = +(data[(off + r1) | 0] <= t) | 0;
      const g2 = +(data[(off + r2) | 0] <= t) | 0;
      const g3 = +(data[(off + r3) | 0] <= t) | 0;
      // g = 1: store at lo and advance it; g = 0: store at hi and move it down.
      idx[(hi + ((lo - hi) & -g0)) | 0] = r0;
      lo = (lo + g0) | 0;
      hi = (hi + g0 - 1) | 0;
      idx[(hi + ((lo - hi) & -g1)) | 0] = r1;
      lo = (lo + g1) | 0;
      hi = (hi + g1 - 1) | 0;
      idx[(hi + ((lo - hi) & -g2)) | 0] = r2;
      lo = (lo + g2) | 0;
      hi = (hi + g2 - 1) | 0;
      idx[(hi + ((lo - hi) & -g3)) | 0] = r3;
      lo = (lo + g3) | 0;
      hi = (hi + g3 - 1) | 0;
    }
    for (; i < e; i = (i + 1) | 0) {
      const r = idx[i];
      const g = +(data[(off + r) | 0] <= t) | 0;
      idx[(hi + ((lo - hi) & -g)) | 0] = r;
      lo = (lo + g) | 0;
      hi = (hi + g - 1) | 0;
    }
  } else {
    // !(x > t): x <= t or NaN.
    for (; i < e4; i = (i + 4) | 0) {
      const r0 = idx[i];
      const r1 = idx[(i + 1) | 0];
      const r2 = idx[(i + 2) | 0];
      const r3 = idx[(i + 3) | 0];
      const g0 = +!(data[(off + r0) | 0] > t) | 0;
      const g1 = +!(data[(off + r1) | 0] > t) | 0;
      const g2 = +!(data[(off + r2) | 0] > t) | 0;
      const g3 = +!(data[(off + r3) | 0] > t) | 0;
      idx[(hi + ((lo - hi) & -g0)) | 0] = r0;
      lo = (lo + g0) | 0;
      hi = (hi + g0 - 1) | 0;
      idx[(hi + ((lo - hi) & -g1)) | 0] = r1;
      lo = (lo + g1) | 0;
      hi = (hi + g1 - 1) | 0;
      idx[(hi + ((lo - hi) & -g2)) | 0] = r2;
      lo = (lo + g2) | 0;
      hi = (hi + g2 - 1) | 0;
      idx[(hi + ((lo - hi) & -g3)) | 0] = r3;
      lo = (lo + g3) | 0;
      hi = (hi + g3 - 1) | 0;
    }
    for (; i < e; i = (i + 1) | 0) {
      const r = idx[i];
      const g = +!(data[(off + r) | 0] > t) | 0;
      idx[(hi + ((lo - hi) & -g)) | 0] = r;
      lo = (lo + g) | 0;
      hi = (hi + g - 1) | 0;
    }
  }
  return (lo - a) | 0;
}

/** Two classes: one pass adding (v0, v1) to each row of the segment. */
function addLeaf2(
  src: Int32Array,
  a: number,
  b: number,
  out: Float64Array,
  v0: number,
  v1: number
): void {
  for (let i = a; i < b; i++) {
    const o = src[i] << 1;
    out[o] += v0;
    out[(o + 1) | 0] += v1;
  }
}

/** Any class count: wt * value[vo + c] added to class c of each row of the segment. */
function addLeaf(
  src: Int32Array,
  a: number,
  b: number,
  out: Float64Array,
  K: number,
  value: Float32Array,
  vo: number,
  wt: number
): void {
  for (let c = 0; c < K; c++) {
    const v = wt * value[vo + c];
    for (let i = a; i < b; i++) out[src[i] * K + c] += v;
  }
}
