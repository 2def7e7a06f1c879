/**
 * Breiman forest training: one bootstrap and one tree per index, each from its own random
 * stream deriveSeed(seed, globalTreeIndex). That makes any split of tree indices across workers
 * give the same trees as training them all in one place.
 */
import { createRng, deriveSeed } from '../random.ts';
import { binMatrix, checkBins } from './bins.ts';
import { bootstrapCounts } from './bootstrap.ts';
import { NodeStore } from './node-store.ts';
import {
  resolveParams,
  validateSampleWeight,
  validateTrainingMatrix,
  type ResolvedParams
} from './params.ts';
import { TreeGrower } from './tree.ts';
import type { BinnedMatrix, ForestArrays, ForestParams, Matrix } from './types.ts';

export interface FitOptions {
  /** Per-row weight (>= 0), multiplied with bootstrap counts and class weights. */
  sampleWeight?: Float64Array;
  /** Global index of the first tree to train (default 0). */
  treeOffset?: number;
  /** Trees to train from treeOffset (default params.nTrees - treeOffset). */
  nTrees?: number;
  /** Called after each finished tree with (finished, nTrees of this call). */
  onTree?: (done: number, total: number) => void;
  /** Polled before each tree; when it returns true, training stops and the finished trees are returned. */
  shouldStop?: () => boolean;
  /** Pre-binned X (from binMatrix(X)), to bin once for several calls. */
  bins?: BinnedMatrix;
}

function sliceOf(prm: ResolvedParams, opts: FitOptions, where: string): [number, number] {
  const off = opts.treeOffset ?? 0;
  if (!Number.isInteger(off) || off < 0) {
    throw new Error(`${where}: opts.treeOffset must be an integer >= 0 (got ${String(off)})`);
  }
  const n = opts.nTrees ?? prm.nTrees - off;
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      opts.nTrees === undefined
        ? `${where}: opts.treeOffset (${off}) leaves no trees of params.nTrees (${prm.nTrees}); pass opts.nTrees`
        : `${where}: opts.nTrees must be an integer >= 1 (got ${String(n)})`
    );
  }
  return [off, n];
}

/** Per-row base weights: sampleWeight x classWeight[label]. */
export function baseWeights(
  y: Int32Array,
  classWeight: Float64Array,
  sampleWeight: Float64Array | undefined
): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++)
    out[i] = (sampleWeight ? sampleWeight[i] : 1) * classWeight[y[i]];
  return out;
}

/**
 * Trains trees treeOffset .. treeOffset + nTrees - 1 of the forest described by params.
 * Concatenating slices in order gives exactly the forest trained in one call.
 */
export function fitForest(
  X: Matrix,
  y: Int32Array,
  params: ForestParams,
  opts: FitOptions = {}
): ForestArrays {
  const where = 'fitForest';
  validateTrainingMatrix(X, where);
  const prm = resolveParams(params, X.nCols, y, X.nRows, where);
  validateSampleWeight(opts.sampleWeight, X.nRows, where);
  const slice = sliceOf(prm, opts, where);
  if (opts.bins) checkBins(opts.bins, X, where);
  return grow(opts.bins ?? binMatrix(X, prm.maxBins), y, prm, opts, slice, where);
}

/**
 * fitForest on X's bins alone (binMatrix(X, params.maxBins), checked by the caller: X finite,
 * NaN for missing): the same forest, for a thread that was handed the bins and not X itself.
 */
export function fitBinned(
  bins: BinnedMatrix,
  y: Int32Array,
  params: ForestParams,
  opts: Omit<FitOptions, 'bins'> = {}
): ForestArrays {
  const where = 'fitBinned';
  const { nRows, nCols } = bins ?? {};
  if (
    !(bins?.codes instanceof Uint8Array) ||
    !(bins.edges instanceof Float32Array) ||
    !(bins.edgeStart instanceof Int32Array) ||
    !Number.isInteger(nRows) ||
    !Number.isInteger(nCols) ||
    nRows < 1 ||
    nCols < 1
  ) {
    throw new Error(
      `${where}: bins must be binMatrix's result for a matrix with at least one row and one column`
    );
  }
  const prm = resolveParams(params, nCols, y, nRows, where);
  validateSampleWeight(opts.sampleWeight, nRows, where);
  const slice = sliceOf(prm, opts, where);
  // checkBins reads only the shape of X.
  checkBins(bins, { nRows, nCols } as Matrix, where);
  return grow(bins, y, prm, opts, slice, where);
}

function grow(
  bins: BinnedMatrix,
  y: Int32Array,
  prm: ResolvedParams,
  opts: Omit<FitOptions, 'bins'>,
  [offset, count]: [number, number],
  where: string
): ForestArrays {
  const n = bins.nRows;
  const base = baseWeights(y, prm.classWeight, opts.sampleWeight);
  if (!base.some((v) => v > 0)) {
    throw new Error(
      `${where}: sampleWeight and classWeight give every row weight 0; at least one row needs a positive weight`
    );
  }
  const store = new NodeStore(prm.nClasses, 4096);
  const grower = new TreeGrower(bins, y, prm, store);
  const counts = new Int32Array(n);
  const rowWeight = new Float64Array(n);
  const treeStart: number[] = [0];
  for (let t = 0; t < count; t++) {
    if (opts.shouldStop?.()) break;
    const rng = createRng(deriveSeed(prm.seed, offset + t));
    if (prm.bootstrap) {
      bootstrapCounts(rng, n, counts);
      for (let i = 0; i < n; i++) rowWeight[i] = counts[i] * base[i];
    } else {
      rowWeight.set(base);
    }
    grower.grow(rng, rowWeight);
    treeStart.push(store.size);
    // Room for the rest of the slice at the first tree's size plus 15% (trees of one forest
    // vary by a few percent), so the store rarely grows again.
    if (t === 0 && count > 1) store.reserve(Math.ceil(store.size * count * 1.15));
    opts.onTree?.(t + 1, count);
  }
  return store.toForest(bins.nCols, Int32Array.from(treeStart));
}
