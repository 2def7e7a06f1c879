/**
 * The train worker's forest trainer: forests grown on the page's forest workers, reached over
 * the ports the page hands over (ForestPool.connect there), or in this thread when there are
 * none. The trees are split over the workers and joined into the forest one process grows.
 */
import { releaseProxy, wrap } from 'comlink';
import {
  binMatrix,
  DEFAULT_PARAMS,
  validateTrainingMatrix,
  type BinnedMatrix,
  type ForestParams,
  type Matrix
} from '../core/forest/index.ts';
import { inProcessTrainer, type ForestTrainer } from '../core/pipeline/index.ts';
import type { ForestWorkerApi } from './forest.worker.ts';
import { ForestPool, type ForestWorkerHandle } from './forest-pool.ts';

/** Trees report to the job at most this often from each forest worker. */
const POOL_PROGRESS_MS = 100;

/** A forest worker reached over a port (this worker does not own it: the page stops it). */
function portWorker(port: MessagePort): ForestWorkerHandle {
  const remote = wrap<ForestWorkerApi>(port);
  return {
    remote,
    terminate() {
      remote[releaseProxy]();
      port.close();
    }
  };
}

/** A pool over the forest workers behind `ports`, or null when there are none. */
export function poolOver(ports: MessagePort[]): ForestPool | null {
  return ports.length > 0
    ? new ForestPool({ size: ports.length, createWorker: (i) => portWorker(ports[i]) })
    : null;
}

/**
 * X binned here once per forest for all pool workers (each would otherwise bin it again, and
 * compile the binning code in its own isolate); undefined for parameters binMatrix refuses, so
 * the workers report them with fitForest's own message.
 */
function binOnce(X: Matrix, params: ForestParams): BinnedMatrix | undefined {
  try {
    // The workers get only the bins: X must be one fitForest accepts (no infinite values).
    validateTrainingMatrix(X, 'binOnce');
    return binMatrix(X, params.maxBins ?? DEFAULT_PARAMS.maxBins);
  } catch {
    return undefined;
  }
}

/** The trainer of a run: forests on the pool's workers when there are any, else here. */
export function trainerFor(pool: ForestPool | null): ForestTrainer {
  return pool
    ? (job) =>
        pool.fitParts(job.X, job.y, job.params, {
          sampleWeight: job.sampleWeight,
          bins: binOnce(job.X, job.params),
          onProgress: job.onTree,
          progressEveryMs: POOL_PROGRESS_MS
        })
    : inProcessTrainer;
}
