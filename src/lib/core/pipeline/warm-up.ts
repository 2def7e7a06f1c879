/**
 * A warm-up run: the default plan with WARM_TREES trees per stage on small synthetic tables of
 * the three missions, through the app's own trainer. V8 compiles each worker's hot code (tree
 * growing, binning, prediction, metrics) for the types and paths a real run takes, so the
 * user's first run does not pay for it. Its result is dropped.
 */
import { TrainingCancelled, type ForestTrainer } from './job-context.ts';
import { defaultPlan } from './plan.ts';
import type { TrainingInput } from './data.ts';
import { syntheticInputs } from './synthetic.ts';
import { trainStaged } from './train.ts';

const WARM_TREES = 20;
const WARM_ROWS = { koi: 3000, k2: 1500, toi: 3000 };

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

/** Runs the warm-up; resolves true when it finished, false when stopped or failed. */
export async function warmUpRun(
  trainer: ForestTrainer,
  shouldStop: () => boolean
): Promise<boolean> {
  const plan = defaultPlan('vetting');
  plan.stages = plan.stages.map((s) => ({ ...s, trees: WARM_TREES }));
  // The final refit grows the same forests again: nothing new to compile.
  plan.refitOnAllRows = false;
  try {
    await trainStaged(warmInputs(), plan, {
      trainer: oneAtATime(trainer),
      shouldStop,
      bootstrapReps: 200,
      concurrentBaselines: false
    });
    return true;
  } catch {
    // stopped by a run, or a worker went away: a warm-up has nothing to report
    return false;
  }
}
