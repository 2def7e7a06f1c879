/**
 * JIT warm-up of a whole training job (see forest/warmUp.ts for why): a tiny staged run on
 * synthetic tables goes through data preparation, the stages, group weights, baselines,
 * evaluation with bootstrap intervals, the model file and candidate ranking, so a fresh
 * thread's first real job does not run them unoptimised. Nothing is kept.
 */
import { defaultPlan } from './plan.ts';
import { syntheticInputs } from './synthetic.ts';
import { toModelFile } from './model.ts';
import { predictWithModel } from './predict.ts';
import { trainStaged } from './train.ts';

/** Runs the warm-up job in this thread (about 0.2-0.4 s) and returns its wall time in ms. */
export async function warmUpPipeline(): Promise<number> {
  const t0 = performance.now();
  const inputs = syntheticInputs({ koi: 600, k2: 200, toi: 400 }, 7);
  for (const task of ['vetting', 'disposition'] as const) {
    const plan = defaultPlan(task);
    for (const st of plan.stages) st.trees = 4;
    const result = await trainStaged(inputs, plan, { bootstrapReps: 20 });
    predictWithModel(toModelFile(result, { name: 'warm-up' }), inputs[2].table);
  }
  return performance.now() - t0;
}
