/**
 * Quantile binning, done once per training set: trees then grow on Uint8 codes and class
 * histograms instead of sorting floats at every node.
 */
import type { BinnedMatrix, Matrix } from './types.ts';
import { validateMatrix } from './params.ts';

/**
 * Upper bin edges of one feature from its sorted finite values: every distinct value when there
 * are at most maxBins of them, otherwise values at evenly spaced quantiles. Edges are actual data
 * values, so a threshold `x <= edge` is exact in float32.
 */
function edgesOf(sorted: Float32Array, maxBins: number): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  if (n === 0) return edges;
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBins) {
    edges.push(sorted[0]);
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) edges.push(sorted[i]);
    return edges;
  }
  for (let k = 1; k <= maxBins; k++) {
    const v = sorted[Math.ceil((k * n) / maxBins) - 1];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return edges;
}

/**
 * Sorts finite float32 values ascending in place: LSD radix sort (3 passes of 11 bits) on the
 * bit patterns mapped to order-preserving unsigned keys. Several times faster than
 * TypedArray.prototype.sort, and binning sorts every column.
 */
export function sortFloat32(values: Float32Array): void {
  const n = values.length;
  if (n < 64) {
    values.sort();
    return;
  }
  let keys: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n);
  // Order-preserving map: negatives flip all bits, positives flip the sign bit.
  for (let i = 0; i < n; i++) {
    const b = keys[i];
    keys[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let other: Uint32Array = new Uint32Array(n);
  const count = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      other[count[(k >>> shift) & 2047]++] = k;
    }
    const t = keys;
    keys = other;
    other = t;
  }
  // Three passes leave the result in the scratch array: copy back, undoing the key map.
  const out = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    out[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
}

/** Bins every column of X (NaN gets the extra missing code). maxBins in 2..255. */
export function binMatrix(X: Matrix, maxBins = 255): BinnedMatrix {
  validateMatrix(X, 'binMatrix');
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new Error(`binMatrix: maxBins must be an integer from 2 to 255 (got ${maxBins})`);
  }
  const { nRows, nCols, data } = X;
  const codes = new Uint8Array(nRows * nCols);
  const edgeStart = new Int32Array(nCols + 1);
  const allEdges: number[][] = [];
  const buf = new Float32Array(nRows);
  for (let j = 0; j < nCols; j++) {
    const off = j * nRows;
    let m = 0;
    for (let i = 0; i < nRows; i++) {
      const v = data[off + i];
      if (v === v) buf[m++] = v;
    }
    const sorted = buf.subarray(0, m);
    sortFloat32(sorted);
    const edges = edgesOf(sorted, maxBins);
    allEdges.push(edges);
    edgeStart[j + 1] = edgeStart[j] + edges.length;
    const nb = edges.length;
    const e = Float32Array.from(edges);
    for (let i = 0; i < nRows; i++) {
      const v = data[off + i];
      if (v !== v) {
        codes[off + i] = nb;
        continue;
      }
      // First edge >= v (v is always <= the last edge); branch-free, since the comparisons
      // are unpredictable and mispredictions dominated binning time.
      let base = 0;
      let len = nb;
      while (len > 1) {
        const half = len >> 1;
        base += half * +(e[base + half - 1] < v);
        len -= half;
      }
      codes[off + i] = base;
    }
  }
  const edges = new Float32Array(edgeStart[nCols]);
  for (let j = 0; j < nCols; j++) edges.set(allEdges[j], edgeStart[j]);
  return { nRows, nCols, codes, edges, edgeStart };
}

/** Throws unless `bins` was made from a matrix of X's shape. */
export function checkBins(bins: BinnedMatrix, X: Matrix, where: string): void {
  if (bins.nRows !== X.nRows || bins.nCols !== X.nCols || bins.codes.length !== X.nRows * X.nCols) {
    throw new Error(
      `${where}: opts.bins is for a ${bins.nRows} x ${bins.nCols} matrix but X is ${X.nRows} x ${X.nCols}; bin this X with binMatrix`
    );
  }
  if (bins.edgeStart.length !== X.nCols + 1 || bins.edgeStart[X.nCols] !== bins.edges.length) {
    throw new Error(
      `${where}: opts.bins.edgeStart does not match opts.bins.edges; rebuild it with binMatrix`
    );
  }
}
