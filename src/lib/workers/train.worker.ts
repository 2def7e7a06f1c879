/**
 * Train worker: a thin Comlink adapter over the pipeline's trainStaged and runBacktest. The
 * whole job (data preparation, stages, baselines, evaluation, ranking) runs here, off the main
 * thread; forests grow on the page's forest workers whose ports the request carries
 * (pool-trainer.ts), or in this worker when none are given. Same inputs, plan and seed give
 * the CLI's numbers. The last result stays here, so a model file can be written under the name
 * the user picks after looking at the results (`modelBytes`).
 */
import { transfer } from 'comlink';
import type { CanonicalTable } from '../core/missions/index.ts';
import { writeModel } from '../core/model/index.ts';
import {
  holdoutPermutation,
  jobFailure,
  runBacktest,
  throttledProgress,
  toModelFile,
  trainStaged,
  trainSummary,
  warmUpRun,
  type BacktestReport,
  type JobFailure,
  type PermutationImportance,
  type TrainingInput,
  type TrainingPlan,
  type TrainingProgress,
  type TrainingResult,
  type TrainSummary
} from '../core/pipeline/index.ts';
import { exposeInWorker, release, sink } from './expose.ts';
import { poolOver, trainerFor } from './pool-trainer.ts';

export type { PermutationImportance, TrainSummary } from '../core/pipeline/index.ts';

/**
 * A table kept in this worker ahead of the run (`keep`), by the page's dataset id, with the
 * dataset's current name (it may have been renamed since) and its load report's fields.
 */
export interface KeptInput {
  kept: string;
  name: string;
  report: TrainingInput['report'];
}

export interface TrainRequest {
  /** In stage order: tables sent with the request, or ones kept here (KeptInput). */
  inputs: (TrainingInput | KeptInput)[];
  plan: TrainingPlan;
  /** Group-bootstrap resamples per metric interval (default 200, as the CLI). */
  bootstrapReps?: number;
  /**
   * Ports to forest workers (ForestPool.connect in the page): forests are grown on them from
   * here, so jobs, trees and progress never pass through the main thread. Without them, the
   * trees grow in this worker.
   */
  pool?: MessagePort[];
}

export interface BacktestRequest {
  /** The older tables (trained on) and the newer ones (what became of the open objects). */
  older: (TrainingInput | KeptInput)[];
  later: (TrainingInput | KeptInput)[];
  plan: TrainingPlan;
  bootstrapReps?: number;
  /** Forest-worker ports, as for train. */
  pool?: MessagePort[];
}

/** Errors come back as data (JobFailure), since a thrown error loses its class crossing the worker boundary. */
export type BacktestOutcome =
  { ok: true; report: BacktestReport } | { ok: false; error: JobFailure };
export type TrainOutcome = { ok: true; summary: TrainSummary } | { ok: false; error: JobFailure };

/** This worker's state between calls. */
const state = {
  /** Tables the page handed over ahead of a run (see KeptInput). */
  kept: new Map<string, CanonicalTable>(),
  /** The running warm-up, and whether a run asked it to stop. */
  warming: null as Promise<void> | null,
  stopWarming: false,
  /** Set once a warm-up or a run has finished here: the code is compiled, no need to warm again. */
  warm: false,
  /** The last result and its inputs (for modelBytes and permutation). */
  last: null as TrainingResult | null,
  lastInputs: [] as TrainingInput[],
  stopRequested: false,
  /** Bumped by every job: a running permutation job for an older result stops. */
  generation: 0
};

/** The request's inputs with kept tables filled in; a message when one is not kept here. */
function resolveInputs(inputs: TrainRequest['inputs']): TrainingInput[] | string {
  const out: TrainingInput[] = [];
  for (const i of inputs) {
    if (!('kept' in i)) {
      out.push(i);
      continue;
    }
    const table = state.kept.get(i.kept);
    if (!table) return `the table of dataset "${i.name}" is not loaded: start the run again`;
    out.push({ table, name: i.name, report: i.report });
  }
  return out;
}

/** A new job starts: older permutation jobs stop, a warm-up stops at its next forest. */
async function newJob(): Promise<void> {
  state.generation++;
  state.stopRequested = false;
  if (state.warming) {
    state.stopWarming = true;
    await state.warming;
  }
}

export const api = {
  /**
   * Trains `req.plan` on `req.inputs`. Progress goes to onProgress; forests are grown on
   * `req.pool` (the page's forest workers) or in this worker. Errors come back as { ok: false } with a kind, since
   * a thrown error loses its class crossing the worker boundary.
   */
  async train(
    req: TrainRequest,
    onProgress?: (p: TrainingProgress) => unknown
  ): Promise<TrainOutcome> {
    state.last = null;
    state.lastInputs = [];
    await newJob();
    const inputs = resolveInputs(req.inputs);
    if (typeof inputs === 'string') {
      for (const p of req.pool ?? []) p.close();
      release(onProgress);
      return { ok: false, error: { kind: 'data', message: inputs } };
    }
    const progress = throttledProgress(sink(onProgress));
    const pool = poolOver(req.pool ?? []);
    try {
      const result = await trainStaged(inputs, req.plan, {
        trainer: trainerFor(pool),
        onProgress: progress.emit,
        shouldStop: () => state.stopRequested,
        bootstrapReps: req.bootstrapReps ?? 200,
        // With a pool, the baselines' forests fill the gaps between the staged model's.
        concurrentBaselines: pool !== null
      });
      state.last = result;
      state.lastInputs = inputs;
      state.warm = true;
      return { ok: true, summary: trainSummary(result) };
    } catch (e) {
      return { ok: false, error: jobFailure(e, 'Training was cancelled.') };
    } finally {
      progress.flush();
      pool?.dispose();
      release(onProgress);
    }
  },

  /**
   * Warms the workers up with a small synthetic run (see warmRun) over `pool`, the ports of the
   * page's forest workers. Resolves when it is done or stopped by a train call.
   */
  async warmUp(pool: MessagePort[] = []): Promise<void> {
    if (state.warm || state.warming) {
      for (const p of pool) p.close();
      await state.warming;
      return;
    }
    state.stopWarming = false;
    const workers = poolOver(pool);
    state.warming = warmUpRun(trainerFor(workers), () => state.stopWarming)
      .then((done) => {
        if (done) state.warm = true;
      })
      .finally(() => {
        workers?.dispose();
        state.warming = null;
      });
    await state.warming;
  },

  /**
   * Keeps a dataset's table here under `id` for later runs (KeptInput), so a run's click does
   * not load and send it again. Send the table's buffers as transferables.
   */
  keep(id: string, table: CanonicalTable): void {
    state.kept.set(id, table);
  },

  /** Drops kept tables other than `ids` (the datasets the page's plan uses now). */
  keepOnly(ids: string[]): void {
    for (const id of Array.from(state.kept.keys())) if (!ids.includes(id)) state.kept.delete(id);
  },

  /** Stops a warm-up at its next forest (a run is about to start: see TrainingSession). */
  stopWarmUp(): void {
    if (state.warming) state.stopWarming = true;
  },

  /**
   * Hold-out permutation importance of the last trained model (3 shuffles per feature by
   * default). Slow on real data (every shuffle re-predicts the hold-out), so it runs on request
   * after training; a new train call interrupts it (null).
   */
  async permutation(
    repeats = 3,
    onProgress?: (done: number, total: number) => unknown
  ): Promise<PermutationImportance | null> {
    try {
      if (!state.last) return null;
      const mine = state.generation;
      return await holdoutPermutation(
        state.lastInputs,
        state.last,
        repeats,
        () => state.generation === mine,
        sink(onProgress)
      );
    } finally {
      release(onProgress);
    }
  },

  /**
   * Backtest (pipeline runBacktest): trains `req.plan` on the older tables, scores their open
   * objects against the newer ones. Forests grow on `req.pool` like a training run's. The same
   * report as `exoforest backtest` for the same files, plan and seed.
   */
  async backtest(
    req: BacktestRequest,
    onProgress?: (p: TrainingProgress) => unknown
  ): Promise<BacktestOutcome> {
    await newJob();
    const older = resolveInputs(req.older);
    const later = resolveInputs(req.later);
    const progress = throttledProgress(sink(onProgress));
    const pool = poolOver(req.pool ?? []);
    try {
      if (typeof older === 'string' || typeof later === 'string') {
        return {
          ok: false,
          error: { kind: 'data', message: typeof older === 'string' ? older : (later as string) }
        };
      }
      const report = await runBacktest(older, later, req.plan, {
        trainer: trainerFor(pool),
        onProgress: progress.emit,
        shouldStop: () => state.stopRequested,
        bootstrapReps: req.bootstrapReps ?? 200
      });
      return { ok: true, report };
    } catch (e) {
      return { ok: false, error: jobFailure(e, 'The backtest was cancelled.') };
    } finally {
      progress.flush();
      pool?.dispose();
      release(onProgress);
    }
  },

  /** Asks a running job to stop at the next tree boundary (the client may also just terminate). */
  cancel(): void {
    state.stopRequested = true;
  },

  /** The last trained model as a .exoforest file named `name` (throws when there is none). */
  modelBytes(name: string, opts: { createdAt?: string; notes?: string } = {}): Uint8Array {
    if (!state.last) throw new Error('No trained model to save: train one first.');
    const bytes = writeModel(
      toModelFile(state.last, { name, createdAt: opts.createdAt, notes: opts.notes })
    );
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },

  /** Forgets the last result (frees its memory). */
  clear(): void {
    state.last = null;
    state.lastInputs = [];
    state.generation++;
  }
};

export type TrainWorkerApi = typeof api;

exposeInWorker(api);
