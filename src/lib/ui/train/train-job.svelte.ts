/**
 * The Train page's state, kept at module level so a running job (and the form) survive
 * navigating to another page of the app and back: the job runs in workers, this object only
 * mirrors its progress and result.
 */
import { storeMessage } from '$lib/client/db.ts';
import { saveFile } from '$lib/client/files.ts';
import { modelFileName } from '$lib/client/models.ts';
import { makeRunReport, type RunDataset, type RunReport } from '$lib/client/training/history.ts';
import { checkForm, inputDatasetIds, type PlanForm } from '$lib/client/training/plan-form.ts';
import {
  applyProgress,
  estimateRemaining,
  initialProgress,
  type ProgressState
} from '$lib/client/training/progress.ts';
import { rankingCsvBlob, reportJsonBlob } from '$lib/client/training/report.ts';
import { runInputs, saveRunWithModel, storeRun } from '$lib/client/training/runner.ts';
import {
  trainingSession,
  type TrainingSession,
  type TrainSummary
} from '$lib/client/training/session.ts';
import type { TrainingPlan, TrainingProgress } from '$lib/core/pipeline/index.ts';
import { nextTask } from '$lib/client/next-task.ts';

export type JobStatus = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'error';

class TrainJob {
  status = $state<JobStatus>('idle');
  progress = $state.raw<ProgressState | null>(null);
  startedAt = $state(0);
  now = $state(0);
  elapsedMs = $state(0);
  error = $state<{ message: string; problems?: { path: string; message: string }[] } | null>(null);
  /** The finished run (kept in history as soon as it finishes). */
  run = $state.raw<RunReport | null>(null);
  /** The finished run's full summary (every candidate, not just the stored ones). */
  summary = $state.raw<TrainSummary | null>(null);
  runId = $state<string | null>(null);
  storeError = $state<string | null>(null);
  saved = $state<{ modelId: string; name: string } | null>(null);
  workers = $state(0);
  /** Bumped whenever history changed (a run stored, a model saved). */
  historyVersion = $state(0);
  form = $state<PlanForm | null>(null);
  /** Hold-out permutation importance, computed in the background after a run. */
  permutation = $state<{
    status: 'idle' | 'running' | 'done' | 'failed';
    done: number;
    total: number;
  }>({
    status: 'idle',
    done: 0,
    total: 0
  });

  private ticker: ReturnType<typeof setInterval> | undefined;
  private pending: TrainingProgress[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private bytesCache: { name: string; bytes: Uint8Array } | null = null;

  get running(): boolean {
    return this.status === 'loading' || this.status === 'running';
  }

  get remainingMs(): number | null {
    const p = this.progress;
    return p ? estimateRemaining(p.treesDone, p.treesTotal, this.elapsedMs) : null;
  }

  private flush = () => {
    this.flushTimer = undefined;
    if (!this.progress || this.pending.length === 0) return;
    let s = this.progress;
    for (const p of this.pending) s = applyProgress(s, p);
    this.pending = [];
    this.progress = s;
  };

  private onProgress = (p: TrainingProgress) => {
    this.pending.push(p);
    this.flushTimer ??= setTimeout(this.flush, 100);
  };

  private stopTicker() {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.elapsedMs = performance.now() - this.startedAt;
  }

  /** Trains the form's plan on its datasets. Resolves when the run ends (any outcome). */
  async start(formSnapshot: PlanForm): Promise<void> {
    if (this.running) return;
    const check = checkForm(formSnapshot);
    if (check.problems.length > 0) {
      this.status = 'error';
      this.error = { message: 'Fix the settings marked below first.', problems: check.problems };
      return;
    }
    const plan: TrainingPlan = check.plan;
    this.status = 'loading';
    this.error = null;
    this.run = null;
    this.summary = null;
    this.runId = null;
    this.saved = null;
    this.storeError = null;
    this.permutation = { status: 'idle', done: 0, total: 0 };
    this.bytesCache = null;
    this.pending = [];
    this.progress = initialProgress(plan);
    this.startedAt = performance.now();
    this.elapsedMs = 0;
    this.ticker = setInterval(() => (this.elapsedMs = performance.now() - this.startedAt), 500);

    let datasets: RunDataset[];
    let session: TrainingSession;
    let inputs;
    try {
      const s = (session = trainingSession());
      s.stopWarmUp();
      ({ inputs, datasets } = await runInputs(inputDatasetIds(formSnapshot), (ids) => s.keep(ids)));
    } catch (e) {
      this.stopTicker();
      this.status = 'error';
      this.error = { message: `The datasets could not be loaded: ${storeMessage(e)}` };
      return;
    }
    if ((this.status as JobStatus) !== 'loading') return; // cancelled while loading
    this.status = 'running';
    this.workers = session.workers;
    const outcome = await session.train({ inputs, plan }, this.onProgress);
    clearTimeout(this.flushTimer);
    this.flush();
    this.stopTicker();
    if (!outcome.ok) {
      this.status = outcome.error.kind === 'cancelled' ? 'cancelled' : 'error';
      this.error = outcome.error.kind === 'cancelled' ? null : outcome.error;
      return;
    }
    // Receiving the outcome (a large message), building the stored report, rendering the
    // results and storing the run are separate main-thread tasks.
    await nextTask();
    const run = makeRunReport(outcome.summary, datasets, this.elapsedMs, this.workers);
    await nextTask();
    this.summary = outcome.summary;
    this.run = run;
    this.status = 'done';
    await nextTask();
    if (this.run !== run) return; // a newer run started meanwhile
    void this.computePermutation();
    try {
      this.runId = await storeRun(this.run);
      this.historyVersion++;
    } catch (e) {
      this.storeError = `The run finished but could not be kept in history: ${storeMessage(e)}`;
    }
  }

  private async computePermutation(): Promise<void> {
    const run = this.run;
    this.permutation = { status: 'running', done: 0, total: 0 };
    let last = 0;
    try {
      const p = await trainingSession().permutation((done, total) => {
        const now = performance.now();
        if (done < total && now - last < 200) return;
        last = now;
        this.permutation = { status: 'running', done, total };
      });
      if (this.run !== run || !run || !this.summary) return; // a newer run took over
      if (!p) {
        this.permutation = { status: 'idle', done: 0, total: 0 };
        return;
      }
      this.summary = { ...this.summary, permutation: p };
      this.run = { ...run, summary: { ...run.summary, permutation: p } };
      this.permutation = { status: 'done', done: 1, total: 1 };
    } catch {
      if (this.run === run) this.permutation = { status: 'failed', done: 0, total: 0 };
    }
  }

  cancel(): void {
    if (!this.running) return;
    if (this.status === 'loading') {
      this.stopTicker();
      this.status = 'cancelled';
      return;
    }
    trainingSession().cancel();
  }

  private async bytes(name: string): Promise<Uint8Array> {
    if (this.bytesCache?.name === name) return this.bytesCache.bytes;
    const run = this.run;
    const bytes = await trainingSession().modelBytes(name, {
      notes: run
        ? `Trained in the browser on ${run.datasets.map((d) => d.name).join(', ')}; plan: ${JSON.stringify(run.summary.plan)}`
        : ''
    });
    this.bytesCache = { name, bytes };
    return bytes;
  }

  /** Saves the model and its run (one transaction) and makes it the active model. */
  async saveModel(name: string): Promise<void> {
    const run = this.run;
    if (!run) throw new Error('Nothing to save: train a model first.');
    const bytes = await this.bytes(name);
    const out = await saveRunWithModel({
      report: run,
      name,
      bytes,
      activate: true,
      replaceRunId: this.runId
    });
    this.runId = out.runId;
    this.saved = { modelId: out.modelId, name };
    this.historyVersion++;
  }

  /** Downloads the model file (.exoforest). */
  async exportModel(name: string): Promise<void> {
    const bytes = await this.bytes(name);
    saveFile(
      new Blob([bytes as BlobPart], { type: 'application/octet-stream' }),
      modelFileName(name)
    );
  }

  downloadReport(): void {
    if (this.run) {
      saveFile(reportJsonBlob(this.run, this.summary ?? undefined), 'exoforest-report.json');
    }
  }

  downloadRanking(): void {
    if (this.summary?.candidates) {
      saveFile(rankingCsvBlob(this.summary.candidates), 'exoforest-candidates.csv');
    }
  }
}

export const trainJob = new TrainJob();
