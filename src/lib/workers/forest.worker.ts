/**
 * Forest training and prediction in a Web Worker: a thin Comlink adapter over
 * src/lib/core/forest. Inputs arrive as structured clones; results move back by transferring
 * their buffers. Progress goes through a Comlink proxy callback.
 */
import { transfer } from 'comlink';
import {
  fitBinned,
  fitForest,
  forestBuffers,
  predictProba,
  type BinnedMatrix,
  type FitOptions,
  type ForestArrays,
  type ForestParams,
  type Matrix
} from '../core/forest/index.ts';
import { CONNECT_MESSAGE, exposeInWorker, release } from './expose.ts';

export interface FitRequest {
  /** The training matrix; may be left out when `bins` are given (they are all a fit needs). */
  X?: Matrix;
  y: Int32Array;
  params: ForestParams;
  sampleWeight?: Float64Array;
  /** Global index of the first tree of this slice. */
  treeOffset?: number;
  /** Trees in this slice. */
  nTrees?: number;
  /** X already binned by the caller (binMatrix with params.maxBins), so this worker skips it. */
  bins?: BinnedMatrix;
  /**
   * Report progress at most this often (ms; the last tree always): every report is a message
   * through the caller's thread, and per tree they cost a pool worker real time (default 0:
   * every tree).
   */
  progressEveryMs?: number;
}

export { forestBuffers };

export const api = {
  /** Trains trees treeOffset .. treeOffset + nTrees - 1; onTree(done, total) after each. */
  fit(req: FitRequest, onTree?: (done: number, total: number) => unknown): ForestArrays {
    const every = req.progressEveryMs ?? 0;
    let last = performance.now();
    try {
      const common: Omit<FitOptions, 'bins'> = {
        sampleWeight: req.sampleWeight,
        treeOffset: req.treeOffset,
        nTrees: req.nTrees,
        // Through Comlink the callback returns a promise; progress is fire-and-forget.
        onTree: onTree
          ? (done, total) => {
              if (every > 0 && done < total) {
                const now = performance.now();
                if (now - last < every) return;
                last = now;
              }
              void onTree(done, total);
            }
          : undefined
      };
      let forest: ForestArrays;
      if (req.X) forest = fitForest(req.X, req.y, req.params, { ...common, bins: req.bins });
      else if (req.bins) forest = fitBinned(req.bins, req.y, req.params, common);
      else throw new Error('fit: give X, or its bins (binMatrix(X)) to train on');
      return transfer(forest, forestBuffers(forest));
    } finally {
      // A proxied callback holds a port open on the caller's side until released here.
      release(onTree);
    }
  },

  /** Row-major class probabilities (see predictProba). */
  predictProba(forest: ForestArrays, X: Matrix, treeWeights?: Float64Array): Float64Array {
    const p = predictProba(forest, X, { treeWeights });
    return transfer(p, [p.buffer]);
  }
};

export type ForestWorkerApi = typeof api;

// The train worker calls this worker directly over a port the page hands over, so forests and
// progress skip the main thread.
exposeInWorker(api, CONNECT_MESSAGE);
