/**
 * The page's forest pool: the workers-layer ForestPool over module workers of forest.worker.ts
 * (navigator.hardwareConcurrency of them by default). `connect()` hands out direct ports to
 * its workers, so the train worker can drive them without the main thread in between.
 */
import { releaseProxy, wrap } from 'comlink';
import type { ForestWorkerApi } from '../workers/forest.worker.ts';
import {
  CONNECT_MESSAGE,
  ForestPool as WorkerForestPool,
  type ForestWorkerHandle,
  type ForestPoolOptions as WorkerPoolOptions
} from '../workers/forest-pool.ts';

export {
  splitTrees,
  type ForestWorkerHandle,
  type PoolFitOptions
} from '../workers/forest-pool.ts';

export interface PageForestPoolOptions {
  /** Workers at most (default navigator.hardwareConcurrency, else 2). */
  size?: number;
  /** Starts one worker; the default is the module worker of forest.worker.ts (tests inject their own). */
  createWorker?: WorkerPoolOptions['createWorker'];
}

function startModuleWorker(): ForestWorkerHandle {
  const worker = new Worker(new URL('../workers/forest.worker.ts', import.meta.url), {
    type: 'module'
  });
  const remote = wrap<ForestWorkerApi>(worker);
  return {
    remote,
    terminate() {
      remote[releaseProxy]();
      worker.terminate();
    },
    connect() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ type: CONNECT_MESSAGE, port: port2 }, [port2]);
      return port1;
    }
  };
}

export class PageForestPool extends WorkerForestPool {
  constructor(opts: PageForestPoolOptions = {}) {
    super({ size: opts.size, createWorker: opts.createWorker ?? startModuleWorker });
  }

  /** A new direct port to every worker of the pool (starting them), in worker order. */
  connect(): MessagePort[] {
    return Array.from({ length: this.size }, (_, i) => {
      const w = this.worker(i);
      if (!w.connect) throw new Error('PageForestPool.connect: this pool’s workers take no ports');
      return w.connect();
    });
  }
}
