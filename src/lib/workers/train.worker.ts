/**
 * Train worker: a thin Comlink adapter over the pipeline's trainStaged. The whole training job
 * (data preparation, stages, baselines, evaluation, ranking) runs here, off the main thread.
 * Forests are grown on the forest workers whose ports the request carries (a ForestPool run
 * from here: trees split over the workers, joined into the same forest as one process grows,
 * with the baselines growing alongside the staged model), or in this worker when none are
 * given. Same inputs, plan and seed give the CLI's numbers.
 *
 * The last result stays here, so a model file can be written under the name the user picks
 * after looking at the results (`modelBytes`).
 */
import { expose, releaseProxy, transfer, wrap } from 'comlink';
import {
  type BinnedMatrix,
  type ForestParams,
  type Matrix,
  accuracyMetric,
  binMatrix,
  DEFAULT_PARAMS,
  predictProba,
  validateTrainingMatrix
} from '../core/forest/index.ts';
import { infiniteAsMissing, toMatrix, type CanonicalTable } from '../core/missions/index.ts';
import { applyCalibration, treeWeightsFor, writeModel } from '../core/model/index.ts';
import {
  PlanError,
  TrainingCancelled,
  defaultPlan,
  inProcessTrainer,
  runBacktest,
  type BacktestReport,
  syntheticInputs,
  toModelFile,
  trainStaged,
  type EvaluationReport,
  type FeatureSelectionResult,
  type ForestTrainer,
  type MissionSummary,
  type RankedCandidate,
  type StageResult,
  type TrainingInput,
  type TrainingPlan,
  type TrainingProgress,
  type TrainingResult
} from '../core/pipeline/index.ts';
import { createRng, deriveSeed } from '../core/random.ts';
import type { ForestWorkerApi } from './forest.worker.ts';
import { ForestPool, type ForestWorkerHandle } from './forest-pool.ts';

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

/** Trees report to the job at most this often from each forest worker. */
const POOL_PROGRESS_MS = 100;

/** Hold-out permutation importance: accuracy drop when a feature is shuffled within a mission. */
export interface PermutationImportance {
  /** Row-weighted mean of the per-mission drops. */
  combined: Record<string, number>;
  byMission: Record<
    string,
    { rows: number; mean: Record<string, number>; std: Record<string, number> }
  >;
  repeats: number;
}

/** Everything the results view shows: plain data, no forest. */
export interface TrainSummary {
  plan: TrainingPlan;
  task: TrainingPlan['task'];
  classes: string[];
  features: { name: string; unit: string }[];
  report: EvaluationReport;
  importances: { [kind: string]: { [feature: string]: number } };
  /** Filled in later by `permutation()` (it takes a while on real data). */
  permutation: PermutationImportance | null;
  featureSelection: FeatureSelectionResult | null;
  missions: MissionSummary[];
  stages: StageResult[];
  groupWeights: Record<string, number[]>;
  candidates: RankedCandidate[] | null;
  trees: number;
  timings: Record<string, number>;
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

export type BacktestOutcome =
  | { ok: true; report: BacktestReport }
  | {
      ok: false;
      error: {
        kind: 'plan' | 'data' | 'cancelled' | 'failed';
        message: string;
        problems?: { path: string; message: string }[];
      };
    };

export type TrainOutcome =
  | { ok: true; summary: TrainSummary }
  | {
      ok: false;
      error: {
        kind: 'plan' | 'data' | 'cancelled' | 'failed';
        message: string;
        problems?: { path: string; message: string }[];
      };
    };

/** Rows of `keys` (`<input>:<row>`) as one matrix, in key order. */
function rowsMatrix(inputs: TrainingInput[], features: string[], keys: string[]): Matrix {
  const n = keys.length;
  const p = features.length;
  const data = new Float32Array(n * p);
  const byInput = new Map<number, { pos: number[]; rows: number[] }>();
  keys.forEach((key, pos) => {
    const [k, r] = key.split(':').map(Number);
    if (!byInput.has(k)) byInput.set(k, { pos: [], rows: [] });
    byInput.get(k)!.pos.push(pos);
    byInput.get(k)!.rows.push(r);
  });
  for (const [k, { pos, rows }] of byInput) {
    const sub = toMatrix(inputs[k].table, features, rows);
    infiniteAsMissing(sub.data);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < rows.length; i++) data[j * n + pos[i]] = sub.data[j * rows.length + i];
    }
  }
  return { data, nRows: n, nCols: p };
}

const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Hold-out permutation importance of the staged model: per mission, the accuracy drop when one
 * feature's column is shuffled among that mission's hold-out rows (rows predicted with their
 * mission's tree weights, as the model file does). Yields between features so a new request can
 * interrupt it (`alive` turns false): returns null then.
 */
async function holdoutPermutation(
  inputs: TrainingInput[],
  result: TrainingResult,
  repeats: number,
  alive: () => boolean,
  onFeature?: (done: number, total: number) => void
): Promise<PermutationImportance | null> {
  const model = toModelFile(result, {
    name: 'permutation',
    createdAt: '1970-01-01T00:00:00.000Z',
    evaluated: true
  });
  const features = result.features.map((f) => f.name);
  const { holdout } = result;
  const K = model.forest.nClasses;
  const combined: Record<string, number> = Object.fromEntries(features.map((f) => [f, 0]));
  const byMission: PermutationImportance['byMission'] = {};
  const missions = result.report.missions;
  let total = 0;
  let step = 0;
  for (const [k, m] of missions.entries()) {
    const idx: number[] = [];
    holdout.missions.forEach((mm, i) => mm === m && idx.push(i));
    if (idx.length === 0) continue;
    const X = rowsMatrix(
      inputs,
      features,
      idx.map((i) => holdout.rowKeys[i])
    );
    const y = Int32Array.from(idx, (i) => holdout.labels[i]);
    const opts = { treeWeights: treeWeightsFor(model, m) };
    // The model's own probabilities: its mission's tree weights, then its calibration.
    const rowMissions = idx.map(() => m);
    const scored = (M: Matrix) =>
      applyCalibration(
        model.calibration,
        model.meta.classes,
        predictProba(model.forest, M, opts),
        rowMissions
      );
    const base = accuracyMetric(y, scored(X), K);
    const work: Matrix = { data: X.data.slice(), nRows: X.nRows, nCols: X.nCols };
    const n = X.nRows;
    const mean: Record<string, number> = {};
    const std: Record<string, number> = {};
    const seed = deriveSeed(result.plan.seed, 700 + k);
    for (const [j, f] of features.entries()) {
      const col = work.data.subarray(j * n, (j + 1) * n);
      const orig = X.data.subarray(j * n, (j + 1) * n);
      const drops: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const rng = createRng(deriveSeed(deriveSeed(seed, j), r));
        col.set(orig);
        for (let i = n - 1; i > 0; i--) {
          const s = rng.int(i + 1);
          const t = col[i];
          col[i] = col[s];
          col[s] = t;
        }
        drops.push(base - accuracyMetric(y, scored(work), K));
      }
      col.set(orig);
      mean[f] = drops.reduce((a, b) => a + b, 0) / repeats;
      std[f] = Math.sqrt(drops.reduce((a, b) => a + (b - mean[f]) ** 2, 0) / repeats);
      combined[f] += mean[f] * n;
      onFeature?.(++step, missions.length * features.length);
      await yieldToMessages();
      if (!alive()) return null;
    }
    byMission[m] = { rows: n, mean, std };
    total += n;
  }
  if (total === 0) return null;
  for (const f of features) combined[f] /= total;
  return { combined, byMission, repeats };
}

function summarize(result: TrainingResult): TrainSummary {
  return {
    plan: result.plan,
    task: result.task,
    classes: result.classes,
    features: result.features,
    report: result.report,
    importances: result.importances,
    permutation: null,
    featureSelection: result.featureSelection,
    missions: result.missions,
    stages: result.staged.stages,
    groupWeights: result.staged.groupWeights,
    candidates: result.candidates,
    trees: result.staged.forest.treeStart.length - 1,
    timings: result.timings
  };
}

/** A Comlink proxy callback keeps its port open until released. */
function release(fn: unknown): void {
  const r = (fn as Record<symbol, unknown> | undefined)?.[releaseProxy];
  if (typeof r === 'function') r.call(fn);
}

/**
 * Progress to the page at most every `ms` (phase changes and the end always go through, the
 * latest skipped event follows shortly after), so thousands of fast trees do not flood the
 * main thread with messages, and the page redraws its bars a few times a second, not more:
 * each redraw costs CPU on the cores that grow the trees.
 */
function throttled(
  send: ((p: TrainingProgress) => void) | undefined,
  ms = 250
): { emit: ((p: TrainingProgress) => void) | undefined; flush: () => void } {
  if (!send) return { emit: undefined, flush: () => {} };
  let last = 0;
  let key = '';
  let pending: TrainingProgress | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending) {
      const p = pending;
      pending = null;
      last = performance.now();
      send(p);
    }
  };
  const emit = (p: TrainingProgress) => {
    const k = `${p.phase}:${p.stage}`;
    const now = performance.now();
    if (k !== key || now - last >= ms || p.phase === 'done' || p.treesDone === p.treesTotal) {
      key = k;
      pending = p;
      flush();
    } else {
      pending = p;
      timer ??= setTimeout(flush, ms);
    }
  };
  return { emit, flush };
}

/** Fire-and-forget: a caller that went away must not fail the job. */
function sink<A extends unknown[]>(
  fn?: (...args: A) => unknown
): ((...args: A) => void) | undefined {
  if (!fn) return undefined;
  return (...args: A) => {
    try {
      const sent = fn(...args);
      if (sent instanceof Promise) sent.catch(() => {});
    } catch {
      // released callback: ignore
    }
  };
}

/** The trainer of a run: forests on the pool's workers when there are any, else here. */
function trainerFor(pool: ForestPool | null): ForestTrainer {
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

function poolOver(ports: MessagePort[]): ForestPool | null {
  return ports.length > 0
    ? new ForestPool({ size: ports.length, createWorker: (i) => portWorker(ports[i]) })
    : null;
}

/**
 * A warm-up run: the default plan with WARM_TREES trees per stage on small synthetic tables of
 * the three missions, through the same pool. V8 compiles each worker's hot code (tree growing,
 * binning, prediction, metrics) for the types and paths a real run takes, so the user's first
 * run does not pay for it. Its result is dropped; a train call stops it at the next forest.
 */
const WARM_TREES = 20;
const WARM_ROWS = { koi: 3000, k2: 1500, toi: 3000 };
let warming: Promise<void> | null = null;
let stopWarming = false;
/** Set once a warm-up or a run has finished here: the code is compiled, no need to warm again. */
let warm = false;

/**
 * The trainer, one forest at a time: once stopped, the warm-up has at most one small forest
 * left on the workers, so a run (and the page, loading its tables) does not wait behind a queue.
 */
function oneAtATime(trainer: ForestTrainer): ForestTrainer {
  let previous: Promise<unknown> = Promise.resolve();
  return (job) => {
    const next = previous.then(() => {
      if (job.shouldStop()) throw new TrainingCancelled();
      return trainer(job);
    });
    previous = next.catch(() => {});
    return next;
  };
}

/**
 * The warm-up's tables. Real columns have negative values and columns with few distinct values;
 * the synthetic ones have neither, and code compiled without those paths is dropped (and
 * compiled again) at the first real table.
 */
function warmInputs(): TrainingInput[] {
  const inputs = syntheticInputs(WARM_ROWS, 7);
  for (const { table } of inputs) {
    table.columns.forEach((c, j) => {
      if (j % 3 === 1) for (let i = 0; i < c.length; i++) c[i] -= 20;
      else if (j % 3 === 2) for (let i = 0; i < c.length; i++) c[i] = Math.round(c[i] / 4);
    });
  }
  return inputs;
}

async function warmRun(ports: MessagePort[]): Promise<void> {
  const pool = poolOver(ports);
  const plan = defaultPlan('vetting');
  plan.stages = plan.stages.map((s) => ({ ...s, trees: WARM_TREES }));
  // The final refit grows the same forests again: nothing new to compile.
  plan.refitOnAllRows = false;
  try {
    await trainStaged(warmInputs(), plan, {
      trainer: oneAtATime(trainerFor(pool)),
      shouldStop: () => stopWarming,
      bootstrapReps: 200,
      concurrentBaselines: false
    });
    warm = true;
  } catch {
    // stopped by a run, or a worker went away: a warm-up has nothing to report
  } finally {
    pool?.dispose();
  }
}

/** Tables the page handed over ahead of a run (see KeptInput). */
const kept = new Map<string, CanonicalTable>();

/** The request's inputs with kept tables filled in; a message when one is not kept here. */
function resolveInputs(inputs: TrainRequest['inputs']): TrainingInput[] | string {
  const out: TrainingInput[] = [];
  for (const i of inputs) {
    if (!('kept' in i)) {
      out.push(i);
      continue;
    }
    const table = kept.get(i.kept);
    if (!table) return `the table of dataset "${i.name}" is not loaded: start the run again`;
    out.push({ table, name: i.name, report: i.report });
  }
  return out;
}

let last: TrainingResult | null = null;
let lastInputs: TrainingInput[] = [];
let stopRequested = false;
/** Bumped by every train call: a running permutation job for an older result stops. */
let generation = 0;

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
    last = null;
    lastInputs = [];
    generation++;
    stopRequested = false;
    if (warming) {
      stopWarming = true;
      await warming;
    }
    const inputs = resolveInputs(req.inputs);
    if (typeof inputs === 'string') {
      for (const p of req.pool ?? []) p.close();
      release(onProgress);
      return { ok: false, error: { kind: 'data', message: inputs } };
    }
    const progress = throttled(sink(onProgress));
    const pool = poolOver(req.pool ?? []);
    const trainer = trainerFor(pool);
    try {
      const result = await trainStaged(inputs, req.plan, {
        trainer,
        onProgress: progress.emit,
        shouldStop: () => stopRequested,
        bootstrapReps: req.bootstrapReps ?? 200,
        // With a pool, the baselines' forests fill the gaps between the staged model's.
        concurrentBaselines: pool !== null
      });
      last = result;
      lastInputs = inputs;
      warm = true;
      return { ok: true, summary: summarize(result) };
    } catch (e) {
      if (e instanceof PlanError) {
        return { ok: false, error: { kind: 'plan', message: e.message, problems: e.problems } };
      }
      if (e instanceof TrainingCancelled || (e as Error)?.name === 'AbortError') {
        return { ok: false, error: { kind: 'cancelled', message: 'Training was cancelled.' } };
      }
      const message = e instanceof Error ? e.message : String(e);
      if (message.startsWith('trainStaged:')) {
        return {
          ok: false,
          error: { kind: 'data', message: message.replace(/^trainStaged: /, '') }
        };
      }
      return { ok: false, error: { kind: 'failed', message } };
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
    if (warm) {
      for (const p of pool) p.close();
      return;
    }
    if (!warming) {
      stopWarming = false;
      warming = warmRun(pool).finally(() => {
        warming = null;
      });
    } else {
      for (const p of pool) p.close();
    }
    await warming;
  },

  /**
   * Keeps a dataset's table here under `id` for later runs (KeptInput), so a run's click does
   * not load and send it again. Send the table's buffers as transferables.
   */
  keep(id: string, table: CanonicalTable): void {
    kept.set(id, table);
  },

  /** Drops kept tables other than `ids` (the datasets the page's plan uses now). */
  keepOnly(ids: string[]): void {
    for (const id of [...kept.keys()]) if (!ids.includes(id)) kept.delete(id);
  },

  /** Stops a warm-up at its next forest (a run is about to start: see TrainingSession). */
  stopWarmUp(): void {
    if (warming) stopWarming = true;
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
      if (!last) return null;
      const mine = generation;
      return await holdoutPermutation(
        lastInputs,
        last,
        repeats,
        () => generation === mine,
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
    generation++;
    stopRequested = false;
    if (warming) {
      stopWarming = true;
      await warming;
    }
    const older = resolveInputs(req.older);
    const later = resolveInputs(req.later);
    const progress = throttled(sink(onProgress));
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
        shouldStop: () => stopRequested,
        bootstrapReps: req.bootstrapReps ?? 200
      });
      return { ok: true, report };
    } catch (e) {
      if (e instanceof PlanError) {
        return { ok: false, error: { kind: 'plan', message: e.message, problems: e.problems } };
      }
      if (e instanceof TrainingCancelled || (e as Error)?.name === 'AbortError') {
        return { ok: false, error: { kind: 'cancelled', message: 'The backtest was cancelled.' } };
      }
      const message = e instanceof Error ? e.message : String(e);
      if (/^(backtest|trainStaged): /.test(message)) {
        return {
          ok: false,
          error: { kind: 'data', message: message.replace(/^(backtest|trainStaged): /, '') }
        };
      }
      return { ok: false, error: { kind: 'failed', message } };
    } finally {
      progress.flush();
      pool?.dispose();
      release(onProgress);
    }
  },

  /** Asks a running job to stop at the next tree boundary (the client may also just terminate). */
  cancel(): void {
    stopRequested = true;
  },

  /** The last trained model as a .exoforest file named `name` (throws when there is none). */
  modelBytes(name: string, opts: { createdAt?: string; notes?: string } = {}): Uint8Array {
    if (!last) throw new Error('No trained model to save: train one first.');
    const bytes = writeModel(
      toModelFile(last, { name, createdAt: opts.createdAt, notes: opts.notes })
    );
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },

  /** Forgets the last result (frees its memory). */
  clear(): void {
    last = null;
    lastInputs = [];
    generation++;
  }
};

export type TrainWorkerApi = typeof api;

// Expose only inside a real worker; tests expose `api` on their own MessageChannel.
const scope = globalThis as unknown as { WorkerGlobalScope?: abstract new () => unknown };
if (
  typeof scope.WorkerGlobalScope === 'function' &&
  globalThis instanceof scope.WorkerGlobalScope
) {
  expose(api);
}
