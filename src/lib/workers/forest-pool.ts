/**
 * Parallel forest training: a lazily started pool of forest workers, each training a
 * contiguous slice of tree indices. Because tree t always draws from deriveSeed(seed, t),
 * joining the slices in order gives exactly the single-thread forest. Runs wherever its
 * workers are reachable: the page (module workers it starts, client/page-forest-pool.ts) or the
 * train worker (ports to those workers, so forests never pass through the main thread).
 */
import { proxy, type Remote } from 'comlink';
import {
  concatForests,
  DEFAULT_PARAMS,
  type BinnedMatrix,
  type ForestArrays,
  type ForestParams,
  type Matrix
} from '../core/forest/index.ts';
import type { ForestWorkerApi } from './forest.worker.ts';

export { CONNECT_MESSAGE } from './expose.ts';

/** A started worker: its Comlink remote and a way to stop it. */
export interface ForestWorkerHandle {
  remote: Remote<ForestWorkerApi>;
  terminate(): void;
  /** A new port to the same worker's API (for another thread to call it directly). */
  connect?(): MessagePort;
}

export interface ForestPoolOptions {
  /** Workers at most (default navigator.hardwareConcurrency, else 2). */
  size?: number;
  /** Starts worker `index` of the pool. */
  createWorker: (index: number) => ForestWorkerHandle;
}

export interface PoolFitOptions {
  sampleWeight?: Float64Array;
  /**
   * X binned once by the caller (binMatrix(X, params.maxBins), X checked finite): every worker
   * gets the bins instead of X (a quarter of its bytes to copy per worker, and no binning of
   * its own, which would also make each worker compile the binning code).
   */
  bins?: BinnedMatrix;
  /** Global index of the first tree (default 0, or the existing tree count for warm start). */
  treeOffset?: number;
  /** Trees to train (default params.nTrees - treeOffset). */
  nTrees?: number;
  /** Finished trees over all workers, after each tree (or as often as progressEveryMs allows). */
  onProgress?: (done: number, total: number) => void;
  /** Each worker reports at most this often (ms; its last tree always); default 0: every tree. */
  progressEveryMs?: number;
  /** Aborting terminates the busy workers and rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Splits trees offset .. offset + n - 1 into at most `parts` contiguous [offset, count] slices. */
export function splitTrees(offset: number, n: number, parts: number): [number, number][] {
  const k = Math.max(1, Math.min(parts, n));
  const out: [number, number][] = [];
  let start = offset;
  for (let i = 0; i < k; i++) {
    const count = Math.floor(n / k) + (i < n % k ? 1 : 0);
    out.push([start, count]);
    start += count;
  }
  return out;
}

function abortError(): Error {
  return new DOMException('Forest training was cancelled', 'AbortError');
}

export class ForestPool {
  readonly size: number;
  private readonly create: (index: number) => ForestWorkerHandle;
  private workers: (ForestWorkerHandle | null)[];

  constructor(opts: ForestPoolOptions) {
    const hw = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
    const size = opts.size ?? hw ?? 2;
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`ForestPool: size must be an integer >= 1 (got ${String(size)})`);
    }
    this.size = size;
    this.create = opts.createWorker;
    this.workers = new Array<ForestWorkerHandle | null>(size).fill(null);
  }

  /** Worker i, started on first use. */
  protected worker(i: number): ForestWorkerHandle {
    let w = this.workers[i];
    if (w === null) {
      w = this.create(i);
      this.workers[i] = w;
    }
    return w;
  }

  /** Trains the forest (or a slice of it) across the pool; identical to fitForest with the same arguments. */
  async fit(
    X: Matrix,
    y: Int32Array,
    params: ForestParams,
    opts: PoolFitOptions = {}
  ): Promise<ForestArrays> {
    return concatForests(await this.fitParts(X, y, params, opts));
  }

  /**
   * Like fit, but the workers' slices as they come, in tree order (concatForests of them is
   * fit's forest): a caller that only predicts with them, or joins several forests anyway,
   * skips a copy.
   */
  async fitParts(
    X: Matrix,
    y: Int32Array,
    params: ForestParams,
    opts: PoolFitOptions = {}
  ): Promise<ForestArrays[]> {
    const { signal } = opts;
    if (signal?.aborted) throw abortError();
    const offset = opts.treeOffset ?? 0;
    const total = opts.nTrees ?? (params.nTrees ?? DEFAULT_PARAMS.nTrees) - offset;
    if (!Number.isInteger(offset) || offset < 0) {
      throw new Error(
        `ForestPool.fit: opts.treeOffset must be an integer >= 0 (got ${String(offset)})`
      );
    }
    if (!Number.isInteger(total) || total < 1) {
      throw new Error(
        `ForestPool.fit: no trees to train (nTrees ${String(total)}); check params.nTrees, opts.treeOffset and opts.nTrees`
      );
    }
    const slices = splitTrees(offset, total, this.size);
    const done = new Array<number>(slices.length).fill(0);
    const callbacks = slices.map((_, i) =>
      proxy((d: number) => {
        done[i] = d;
        opts.onProgress?.(
          done.reduce((a, b) => a + b, 0),
          total
        );
      })
    );
    const used = slices.map((_, i) => this.worker(i));
    const calls = slices.map(([treeOffset, nTrees], i) =>
      used[i].remote.fit(
        {
          X: opts.bins ? undefined : X,
          y,
          params,
          sampleWeight: opts.sampleWeight,
          bins: opts.bins,
          treeOffset,
          nTrees,
          progressEveryMs: opts.progressEveryMs
        },
        callbacks[i]
      )
    );

    return new Promise<ForestArrays[]>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        // Busy workers cannot be interrupted: stop them and start fresh ones next time (a
        // concurrent fit on the same signal may have stopped them already).
        used.forEach((w, i) => {
          if (this.workers[i] !== w) return;
          w.terminate();
          this.workers[i] = null;
        });
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      Promise.all(calls).then(
        (parts) => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          resolve(parts);
        },
        (err: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          reject(err);
        }
      );
    });
  }

  /** Stops every worker; the pool starts new ones if used again. */
  dispose(): void {
    this.workers.forEach((w, i) => {
      w?.terminate();
      this.workers[i] = null;
    });
  }
}
