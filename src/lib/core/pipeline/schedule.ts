/**
 * The order in which a training job grows and scores its models, kept apart from what the job
 * computes (train.ts). Serial (one thread): the staged model is grown, then the baselines when
 * they are asked for, and every model is scored afterwards. Concurrent (a trainer with several
 * threads): the baselines' forests are requested while the staged model grows, so they fill the
 * gaps its serial steps leave; the pooled baseline (the largest forest) only once the staged
 * model's last pass has requested its forests, so that scoring the staged model overlaps it; and
 * each model is scored as soon as its forests are done, one at a time, yielding in between so the
 * pool can hand out its next slices. The forests and numbers are the same in both orders.
 */
import type { BackgroundBaselines, BaselineName } from './baselines.ts';
import type { JobContext } from './job-context.ts';

export class JobSchedule {
  private markRequested: () => void = () => {};
  /** Settles once the staged model's last pass has requested all its forests. */
  private readonly lastPassRequested = new Promise<void>((r) => (this.markRequested = r));
  private stagedRun: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: JobContext,
    /** Grow the baselines alongside the staged model (TrainOptions.concurrentBaselines). */
    readonly concurrent: boolean
  ) {}

  /**
   * Grows the staged model with `grow` (which calls `onLastRequested` once its last pass has
   * requested every forest). Concurrent: `early` steps then run on the model, one turn each,
   * while the baselines still grow; serial: they are left to the caller.
   */
  staged<T>(
    grow: (onLastRequested: () => void) => Promise<T>,
    early: ((model: T) => void)[] = []
  ): Promise<T> {
    const run = grow(() => this.markRequested()).then(async (model) => {
      if (!this.concurrent) return model;
      for (const step of early) {
        await this.turn();
        step(model);
      }
      return model;
    });
    this.stagedRun = run;
    return run;
  }

  /**
   * The baselines' hold-out predictions. Concurrent: requested now (call after `staged`, whose
   * first forest goes first: its chain is longer) and each scored by `score` once ready; serial:
   * grown when the returned function is called.
   */
  baselines<P>(
    grow: (background: BackgroundBaselines | false) => Promise<P>,
    score: (name: BaselineName, proba: Float64Array) => void
  ): () => Promise<P> {
    if (!this.concurrent) return () => grow(false);
    const stagedDone = (this.stagedRun ?? Promise.resolve()).then(() => undefined);
    const run = grow({
      pooledAfter: Promise.race([this.lastPassRequested, stagedDone]),
      onReady: async (name, proba) => {
        await this.turn();
        score(name, proba);
      }
    });
    // Awaited by the caller later; a failure of the staged model first must not leave it unhandled.
    run.catch(() => {});
    return () => run;
  }

  /** Lets the pool hand out work queued meanwhile, then stops if the job was cancelled. */
  private async turn(): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
    this.ctx.checkCancel();
  }
}
