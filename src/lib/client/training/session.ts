/**
 * Owns the training workers: one train worker (runs the pipeline's trainStaged) and the forest
 * pool (grows each forest's trees in parallel module workers). Each run hands the train worker
 * a direct port to every pool worker, so the pipeline's orchestration, the tree growing and the
 * forests' traffic all stay off the main thread, and the forests are the ones one process
 * would grow.
 *
 * Cancel stops at once: the pool's busy workers and the train worker are terminated (fresh ones
 * start on the next run). Nothing is stored by a run; saving is a separate, explicit step.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { CanonicalTable } from '../../core/missions/index.ts';
import type { TrainingProgress } from '../../core/pipeline/index.ts';
import type {
  BacktestOutcome,
  BacktestRequest,
  PermutationImportance,
  TrainOutcome,
  TrainRequest,
  TrainWorkerApi
} from '../../workers/train.worker.ts';
import { loadDataset } from '../datasets/datasets.ts';
import { PageForestPool } from '../page-forest-pool.ts';

export type {
  BacktestOutcome,
  BacktestRequest,
  KeptInput,
  PermutationImportance,
  TrainOutcome,
  TrainRequest,
  TrainSummary
} from '../../workers/train.worker.ts';

/** Buffers of the tables' columns, so a run's inputs move to the worker instead of being copied. */
function tableBuffers(tables: CanonicalTable[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const t of tables) {
    for (const c of t.columns) out.add(c.buffer as ArrayBuffer);
    out.add(t.rowNumber.buffer as ArrayBuffer);
  }
  return [...out];
}

export interface SessionOptions {
  /** Pool workers (default navigator.hardwareConcurrency); 0 grows the trees in the train worker. */
  poolSize?: number;
}

interface Running {
  settle: (o: TrainOutcome) => void;
}

export class TrainingSession {
  private worker: Worker | null = null;
  private remote: Remote<TrainWorkerApi> | null = null;
  private pool: PageForestPool | null = null;
  private running: Running | null = null;
  private hasModel = false;
  private readonly poolSize: number;

  constructor(opts: SessionOptions = {}) {
    const hw = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
    this.poolSize = opts.poolSize ?? Math.max(1, hw ?? 2);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Threads that grow the trees (pool workers; 1 when they grow in the train worker). */
  get workers(): number {
    return Math.max(1, this.poolSize);
  }

  /** Whether the last run finished and its model can be written (modelBytes). */
  get modelReady(): boolean {
    return this.hasModel;
  }

  private trainWorker(): Remote<TrainWorkerApi> {
    if (!this.remote) {
      this.worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
        type: 'module'
      });
      this.remote = wrap<TrainWorkerApi>(this.worker);
    }
    return this.remote;
  }

  private stopTrainWorker(): void {
    this.remote?.[releaseProxy]();
    this.worker?.terminate();
    this.remote = null;
    this.worker = null;
    this.kept.clear();
  }

  /** Datasets whose tables are kept in the train worker (or on their way there), by id. */
  private readonly kept = new Map<string, Promise<void>>();

  /**
   * Loads the tables of `ids` from the store and keeps them in the train worker (tables kept
   * for other ids are dropped), so a run's click neither reads nor sends them. Tables already
   * kept are not read again. Rejects when the store cannot give one (it is then not kept).
   */
  keep(ids: string[]): Promise<void> {
    const remote = this.trainWorker();
    for (const id of [...this.kept.keys()]) if (!ids.includes(id)) this.kept.delete(id);
    void remote.keepOnly(ids).catch(() => {});
    const loads = ids.map((id) => {
      let p = this.kept.get(id);
      if (!p) {
        p = loadDataset(id).then(({ table }) =>
          remote.keep(id, transfer(table, tableBuffers([table])))
        );
        p.catch(() => {
          if (this.kept.get(id) === p) this.kept.delete(id);
        });
        this.kept.set(id, p);
      }
      return p;
    });
    return Promise.all(loads).then(() => {});
  }

  /**
   * Starts the workers ahead of a run and warms them up: the train worker runs a small synthetic
   * job through the pool, so V8 has compiled the hot code before the user's first run (a run
   * started meanwhile stops it at the next forest). Resolves when the workers are warm.
   */
  async warmUp(): Promise<void> {
    // A run was asked for (stopWarmUp): it warms the workers itself.
    if (this.running || this.runAsked) return;
    const remote = this.trainWorker();
    const ports =
      this.poolSize > 0
        ? (this.pool ??= new PageForestPool({ size: this.poolSize })).connect()
        : [];
    try {
      await remote.warmUp(transfer(ports, ports));
    } catch {
      // the workers were stopped (a cancel) or are unavailable: a run will say so
    }
  }

  /**
   * Stops a warm-up at its next forest, so it gives the cores back while the page loads the
   * run's tables (train() would stop it too, but only once the tables are loaded).
   */
  stopWarmUp(): void {
    this.runAsked = true;
    void this.remote?.stopWarmUp().catch(() => {});
  }

  /** Set by stopWarmUp; cleared when a cancel stops the workers (fresh ones are cold again). */
  private runAsked = false;

  /**
   * Trains. Resolves with the outcome (never rejects): { ok: true, summary } or an error with
   * its kind ('plan', 'data', 'cancelled', 'failed'). The request's tables are transferred.
   */
  train(req: TrainRequest, onProgress: (p: TrainingProgress) => void): Promise<TrainOutcome> {
    if (this.running) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'failed', message: 'A training run is already in progress.' }
      });
    }
    this.hasModel = false;
    const remote = this.trainWorker();
    // The train worker drives the pool's workers over direct ports: forests and tree counts
    // never pass through this thread.
    const ports =
      this.poolSize > 0
        ? (this.pool ??= new PageForestPool({ size: this.poolSize })).connect()
        : [];
    return new Promise<TrainOutcome>((resolve) => {
      const run: Running = {
        settle: (o) => {
          if (this.running !== run) return;
          this.running = null;
          this.hasModel = o.ok;
          resolve(o);
        }
      };
      this.running = run;
      const buffers = tableBuffers(req.inputs.flatMap((i) => ('table' in i ? [i.table] : [])));
      remote
        .train(transfer({ ...req, pool: ports }, [...buffers, ...ports]), proxy(onProgress))
        .then(run.settle, (e: unknown) =>
          run.settle({
            ok: false,
            error: { kind: 'failed', message: e instanceof Error ? e.message : String(e) }
          })
        );
    });
  }

  /**
   * Backtest (the train worker's backtest: train on the older tables, score their open objects
   * against the newer ones) on the pool. Resolves with the outcome, never rejects; one job at a
   * time (a training run or a backtest). Cancel with cancel().
   */
  backtest(
    req: Omit<BacktestRequest, 'pool'>,
    onProgress: (p: TrainingProgress) => void
  ): Promise<BacktestOutcome> {
    if (this.running) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'failed', message: 'A training run or backtest is already in progress.' }
      });
    }
    const remote = this.trainWorker();
    const ports =
      this.poolSize > 0
        ? (this.pool ??= new PageForestPool({ size: this.poolSize })).connect()
        : [];
    return new Promise<BacktestOutcome>((resolve) => {
      const run: Running = {
        settle: (o) => {
          if (this.running !== run) return;
          this.running = null;
          resolve(
            o.ok
              ? { ok: false, error: { kind: 'failed', message: 'unexpected training outcome' } }
              : o
          );
        }
      };
      this.running = run;
      remote.backtest(transfer({ ...req, pool: ports }, ports), proxy(onProgress)).then(
        (o) => {
          if (this.running !== run) return;
          this.running = null;
          resolve(o);
        },
        (e: unknown) =>
          run.settle({
            ok: false,
            error: { kind: 'failed', message: e instanceof Error ? e.message : String(e) }
          })
      );
    });
  }

  /** Stops the running job now; it resolves as cancelled. Nothing was saved by it. */
  cancel(): void {
    const run = this.running;
    if (!run) return;
    // Busy workers cannot be interrupted: stop the train worker and the pool's workers
    // outright (fresh ones start on the next run).
    this.stopTrainWorker();
    this.pool?.dispose();
    this.runAsked = false;
    run.settle({ ok: false, error: { kind: 'cancelled', message: 'Training was cancelled.' } });
    this.hasModel = false;
  }

  /**
   * Hold-out permutation importance of the last run's model, computed in the train worker after
   * training (null when a newer run or a cancel interrupted it).
   */
  async permutation(
    onProgress: (done: number, total: number) => void = () => {},
    repeats = 3
  ): Promise<PermutationImportance | null> {
    if (!this.remote || !this.hasModel) return null;
    return this.remote.permutation(repeats, proxy(onProgress));
  }

  /** The last run's model as .exoforest bytes, named `name`. */
  async modelBytes(
    name: string,
    opts: { createdAt?: string; notes?: string } = {}
  ): Promise<Uint8Array> {
    if (!this.remote || !this.hasModel)
      throw new Error('No trained model to save: train one first.');
    return this.remote.modelBytes(name, opts);
  }

  dispose(): void {
    this.cancel();
    this.stopTrainWorker();
    this.pool?.dispose();
    this.pool = null;
  }
}

let shared: TrainingSession | null = null;

/** The app's one training session (started on first use, in the browser only). */
export function trainingSession(): TrainingSession {
  if (typeof Worker === 'undefined') {
    throw new Error('Training needs Web Workers, which this environment does not offer.');
  }
  shared ??= new TrainingSession();
  return shared;
}
