/**
 * The prediction kernel: sends a block of rows down one tree by partitioning their indices,
 * node by node, the way training splits a node's rows. A split moves its segment of row
 * indices into the other buffer, left rows from the front and right rows from the back,
 * branch-free; a leaf adds its distribution to each of its rows. Every row
 * takes exactly as many steps as its path is long (lock-step walks wait for the slowest row),
 * and the tight loops keep V8's per-access overhead low. Order within a segment does not
 * matter: each row gets one leaf per tree, so the per-row sums over trees are unchanged.
 *
 * The block's row indices and a copy of its feature values live in two module-level typed
 * arrays: V8 compiles accesses to a module constant without the per-iteration map check and
 * buffer lookup it needs for a typed-array argument, which were much of the loop (predicting
 * is about 1/5 faster). Prediction is synchronous, so one scratch per thread suffices.
 * (Comparing int32 sortable keys of the values instead of floats was measured no faster.)
 */
import type { ForestArrays } from './types.ts';

/** Feature values per block (512 KB): about half an L2 cache. */
const BLOCK_VALUES = 1 << 17;
/** Most values a block holds: wide matrices get blocks of fewer than 1,024 rows. */
const MAX_VALUES = 1 << 19;

/**
 * Scratch for blocks of B rows: buf holds three regions of B row indices (the root's rows, then
 * the two buffers splits move rows between); vals the block's feature values, column f at
 * f * B. Only the pages a block touches take memory.
 */
const buf = new Int32Array(3 * BLOCK_VALUES);
const vals = new Float32Array(MAX_VALUES);
/** Pending nodes: [node, start, end, region offset] each. */
let nodeStack = new Int32Array(4 * 64);

/**
 * Rows per block for nCols features: cache-sized, at least 1,024 unless the scratch is full.
 * Throws when not even one row fits.
 */
export function blockRowsFor(nRows: number, nCols: number, where: string): number {
  if (nCols > MAX_VALUES) {
    throw new Error(`${where}: at most ${MAX_VALUES} feature columns are supported (got ${nCols})`);
  }
  const rows = Math.max(1024, Math.floor(BLOCK_VALUES / nCols));
  return Math.min(nRows, BLOCK_VALUES, rows, Math.floor(MAX_VALUES / nCols));
}

/**
 * Loads rows [r0, r0 + m) of column-major data (n rows, p columns) as the block to route:
 * the root's row indices 0 .. m - 1 and their values, B rows per column.
 */
export function loadBlock(
  data: Float32Array,
  n: number,
  p: number,
  r0: number,
  m: number,
  B: number
): void {
  for (let i = 0; i < m; i++) buf[i] = i;
  for (let j = 0; j < p; j++) vals.set(data.subarray(j * n + r0, j * n + r0 + m), j * B);
}

/**
 * Adds wt * (leaf distribution of tree `root`) to out (row-major, nClasses per row, block row
 * i at i * nClasses) for the m rows of the block loaded with B rows per column.
 */
export function routeRows(
  forest: ForestArrays,
  root: number,
  m: number,
  B: number,
  out: Float64Array,
  wt: number
): void {
  const { feature, threshold, missingLeft, left, right, value } = forest;
  const K = forest.nClasses;
  let stack = nodeStack;
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
      if (K === 2) addLeaf2(from + a, from + b, out, wt * value[2 * nd], wt * value[2 * nd + 1]);
      else addLeaf(from + a, from + b, out, K, value, nd * K, wt);
      continue;
    }
    // A split writes its children to the other buffer region (B <-> 2B; the root's rows to B).
    const to = from === B ? 2 * B : B;
    const mid = a + partition(from - to, to + a, to + b, f * B, threshold, nd, missingLeft[nd]);
    if (sp + 8 > stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      nodeStack = stack = grown;
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
 * Moves buf[a + shift, b + shift) into buf[a, b): rows going left fill from a up, the others
 * from b - 1 down. Returns the left count. Left means x <= t, plus NaN when ml is 1 (as in
 * leafOf, t = threshold[nd], read here so V8 need not box it); row r's x is vals[off + r].
 * Each row is written at both lo and hi and only one of them advances: the other copy lands
 * in the unfilled middle, which later rows overwrite (fewer instructions than computing one
 * address: about 1/10 faster). The index arithmetic is written with `| 0` so V8 keeps it in
 * int32 without overflow checks; four rows per iteration share the loop's fixed checks.
 */
function partition(
  shift: number,
  a: number,
  b: number,
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
  if (ml !== 1) {
    for (; i < e4; i = (i + 4) | 0) {
      const r0 = buf[i];
      const r1 = buf[(i + 1) | 0];
      const r2 = buf[(i + 2) | 0];
      const r3 = buf[(i + 3) | 0];
      const g0 = +(vals[(off + r0) | 0] <= t) | 0;
      const g1 = +(vals[(off + r1) | 0] <= t) | 0;
      const g2 = +(vals[(off + r2) | 0] <= t) | 0;
      const g3 = +(vals[(off + r3) | 0] <= t) | 0;
      buf[lo] = r0;
      buf[hi] = r0;
      lo = (lo + g0) | 0;
      hi = (hi + g0 - 1) | 0;
      buf[lo] = r1;
      buf[hi] = r1;
      lo = (lo + g1) | 0;
      hi = (hi + g1 - 1) | 0;
      buf[lo] = r2;
      buf[hi] = r2;
      lo = (lo + g2) | 0;
      hi = (hi + g2 - 1) | 0;
      buf[lo] = r3;
      buf[hi] = r3;
      lo = (lo + g3) | 0;
      hi = (hi + g3 - 1) | 0;
    }
    for (; i < e; i = (i + 1) | 0) {
      const r = buf[i];
      const g = +(vals[(off + r) | 0] <= t) | 0;
      buf[lo] = r;
      buf[hi] = r;
      lo = (lo + g) | 0;
      hi = (hi + g - 1) | 0;
    }
  } else {
    for (; i < e4; i = (i + 4) | 0) {
      const r0 = buf[i];
      const r1 = buf[(i + 1) | 0];
      const r2 = buf[(i + 2) | 0];
      const r3 = buf[(i + 3) | 0];
      const g0 = +!(vals[(off + r0) | 0] > t) | 0;
      const g1 = +!(vals[(off + r1) | 0] > t) | 0;
      const g2 = +!(vals[(off + r2) | 0] > t) | 0;
      const g3 = +!(vals[(off + r3) | 0] > t) | 0;
      buf[lo] = r0;
      buf[hi] = r0;
      lo = (lo + g0) | 0;
      hi = (hi + g0 - 1) | 0;
      buf[lo] = r1;
      buf[hi] = r1;
      lo = (lo + g1) | 0;
      hi = (hi + g1 - 1) | 0;
      buf[lo] = r2;
      buf[hi] = r2;
      lo = (lo + g2) | 0;
      hi = (hi + g2 - 1) | 0;
      buf[lo] = r3;
      buf[hi] = r3;
      lo = (lo + g3) | 0;
      hi = (hi + g3 - 1) | 0;
    }
    for (; i < e; i = (i + 1) | 0) {
      const r = buf[i];
      const g = +!(vals[(off + r) | 0] > t) | 0;
      buf[lo] = r;
      buf[hi] = r;
      lo = (lo + g) | 0;
      hi = (hi + g - 1) | 0;
    }
  }
  return (lo - a) | 0;
}

/** Two classes: one pass adding (v0, v1) to each row of buf[a, b). */
function addLeaf2(a: number, b: number, out: Float64Array, v0: number, v1: number): void {
  for (let i = a; i < b; i++) {
    const o = buf[i] << 1;
    out[o] += v0;
    out[(o + 1) | 0] += v1;
  }
}

/** Any class count: wt * value[vo + c] added to class c of each row of buf[a, b). */
function addLeaf(
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
    for (let i = a; i < b; i++) out[buf[i] * K + c] += v;
  }
}
