/**
 * Progress, cancellation, the injectable forest trainer and the row audit hook of a training
 * job. Every forest of a job (stages, calibration pass, baselines, feature selection) is grown
 * through `JobContext.train`, so one progress bar covers the whole job and one check point
 * stops it between trees.
 */
import {
  concatForests,
  fitForest,
  type ForestArrays,
  type ForestParams,
  type Matrix
} from '../forest/index.ts';
import type { Mission } from '../missions/index.ts';

export type TrainingPhase =
  | 'prepare'
  | 'select-features'
  | 'calibrate'
  | 'train'
  | 'refit'
  | 'weights'
  | 'baselines'
  | 'final'
  | 'evaluate'
  | 'rank'
  | 'done';

export interface TrainingProgress {
  phase: TrainingPhase;
  /** Index of the stage in plan.stages, or null outside a stage. */
  stage: number | null;
  /** Trees finished so far in the whole job (every forest it grows). */
  treesDone: number;
  /** Trees the whole job grows (known when training starts). */
  treesTotal: number;
  message: string;
}

/** What a forest trainer is asked to grow. */
export interface ForestTrainJob {
  X: Matrix;
  y: Int32Array;
  /** Complete hyperparameters including nTrees, nClasses and seed. */
  params: ForestParams;
  sampleWeight?: Float64Array;
  /** Human label, e.g. "stage 2 (k2)" or "baseline: pooled". */
  label: string;
  /** Call after each finished tree with (finished, params.nTrees). */
  onTree: (done: number, total: number) => void;
  /** Poll between trees; when it returns true, return early (the job then throws TrainingCancelled). */
  shouldStop: () => boolean;
}

/**
 * Grows one forest. The default trains in-process with fitForest; the app can substitute a
 * worker pool that trains tree slices (fitForest with treeOffset/nTrees) in parallel and
 * returns them in tree order (concatForests of them is the identical forest).
 */
export type ForestTrainer = (job: ForestTrainJob) => Promise<ForestArrays | ForestArrays[]>;

export const inProcessTrainer: ForestTrainer = async (job) =>
  fitForest(job.X, job.y, job.params, {
    sampleWeight: job.sampleWeight,
    onTree: job.onTree,
    shouldStop: job.shouldStop
  });

/** Which training step received some rows (see TrainOptions.audit). */
export type AuditPurpose =
  | 'fit'
  | 'refit'
  | 'calibration'
  | 'feature-selection'
  | 'baseline'
  /** The final model refitted on every labelled row after the evaluation (hold-out included). */
  | 'final';

export interface RowAudit {
  purpose: AuditPurpose;
  label: string;
  /** PreparedData.rowKey of every row passed in (`<input index>:<table row index>`). */
  rowKeys: string[];
}

/** Thrown when a job is cancelled (signal aborted or shouldStop returned true). */
export class TrainingCancelled extends Error {
  constructor(message = 'Training was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

export interface JobHooks {
  trainer?: ForestTrainer;
  onProgress?: (p: TrainingProgress) => void;
  signal?: AbortSignal;
  shouldStop?: () => boolean;
  audit?: (a: RowAudit) => void;
}

export class JobContext {
  treesDone = 0;
  treesTotal = 0;
  phase: TrainingPhase = 'prepare';
  stage: number | null = null;
  private readonly hooks: JobHooks;
  private readonly trainer: ForestTrainer;
  /** Trees of background forests whose phase has not started yet, by phase (not in treesDone). */
  private readonly held = new Map<TrainingPhase, number>();

  constructor(hooks: JobHooks) {
    this.hooks = hooks;
    this.trainer = hooks.trainer ?? inProcessTrainer;
  }

  stopRequested(): boolean {
    return this.hooks.signal?.aborted === true || this.hooks.shouldStop?.() === true;
  }

  checkCancel(): void {
    if (this.stopRequested()) throw new TrainingCancelled();
  }

  emit(phase: TrainingPhase, stage: number | null, message: string): void {
    this.phase = phase;
    this.stage = stage;
    this.send(message);
    // Trees grown in the background for this phase count from now on, so a progress view
    // credits them to this phase (the event before carries the earlier phase's last trees).
    const held = this.held.get(phase);
    if (held) {
      this.held.delete(phase);
      this.treesDone += held;
      this.send(message);
    }
  }

  private send(message: string): void {
    this.hooks.onProgress?.({
      phase: this.phase,
      stage: this.stage,
      treesDone: this.treesDone,
      treesTotal: this.treesTotal,
      message
    });
  }

  audit(purpose: AuditPurpose, label: string, rowKeys: () => string[]): void {
    if (this.hooks.audit) this.hooks.audit({ purpose, label, rowKeys: rowKeys() });
  }

  /**
   * Grows one forest through the trainer, reporting each tree and honouring cancellation.
   * A `background` forest (grown while the job is in another phase, e.g. baselines alongside
   * the staged model) reports nothing until its phase starts; its trees are held until then.
   */
  async train(
    job: Omit<ForestTrainJob, 'onTree' | 'shouldStop'>,
    phase: TrainingPhase,
    stage: number | null,
    opts: { background?: boolean } = {}
  ): Promise<ForestArrays> {
    const parts = await this.trainParts(job, phase, stage, opts);
    return parts.length === 1 ? parts[0] : concatForests(parts);
  }

  /** Like train, but the trainer's slices in tree order (not joined; see predictProbaParts). */
  async trainParts(
    job: Omit<ForestTrainJob, 'onTree' | 'shouldStop'>,
    phase: TrainingPhase,
    stage: number | null,
    opts: { background?: boolean } = {}
  ): Promise<ForestArrays[]> {
    this.checkCancel();
    const total = job.params.nTrees ?? 0;
    const quiet = () => opts.background === true && this.phase !== phase;
    let counted = 0;
    const count = (done: number) => {
      if (quiet()) this.held.set(phase, (this.held.get(phase) ?? 0) + done - counted);
      else this.treesDone += done - counted;
      counted = done;
    };
    if (!quiet())
      this.emit(phase, stage, `${job.label}: growing ${total} trees on ${job.X.nRows} rows`);
    const grown = await this.trainer({
      ...job,
      onTree: (done) => {
        count(done);
        if (!quiet()) this.emit(phase, stage, `${job.label}: tree ${done} of ${total}`);
      },
      shouldStop: () => this.stopRequested()
    });
    this.checkCancel();
    const parts = Array.isArray(grown) ? grown : [grown];
    let got = 0;
    for (const f of parts) got += f.treeStart.length - 1;
    if (parts.length === 0 || got !== total) {
      throw new Error(`${job.label}: the trainer returned ${got} trees, expected ${total}`);
    }
    count(total);
    return parts;
  }
}

export type { Mission };
