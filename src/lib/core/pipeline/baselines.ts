/**
 * The three baselines the staged model is always compared with. They train on exactly the
 * staged model's training rows (every stage's training rows, hold-out excluded), see the same
 * feature columns, and are scored on the same hold-out rows. Tree budget: the same total as
 * the staged model.
 *  - pooled: one forest on all missions' rows, sum of the stages' trees, the first stage's
 *    settings (class weights resolved on the pooled rows);
 *  - perMission: one forest per mission with that mission's stage settings and tree count;
 *    each row is predicted by its own mission's forest;
 *  - averaged: every row predicted by the mean of all per-mission forests' probabilities.
 */
import { predictProba } from '../forest/predict.ts';
import type { ForestArrays } from '../forest/types.ts';
import { deriveSeed } from '../random.ts';
import { concatRows, gatherLabels, gatherRows, type PreparedData } from './data.ts';
import { totalTrees, type TrainingPlan } from './plan.ts';
import type { JobContext } from './progress.ts';
import { clampProba, resolveClassWeights, stageForestParams, stageSeed } from './staged.ts';

export type BaselineName = 'pooled' | 'perMission' | 'averaged';
export const BASELINES: readonly BaselineName[] = ['pooled', 'perMission', 'averaged'];

export interface BaselinePredictions {
  /** Row-major probabilities for each evaluated row, per baseline. */
  pooled: Float64Array;
  perMission: Float64Array;
  averaged: Float64Array;
  /** Trees per baseline (each equals the staged model's total). */
  trees: Record<BaselineName, number>;
}

/** Trees all baselines grow together (for progress totals). */
export function baselineTreeCount(plan: TrainingPlan): number {
  return 2 * totalTrees(plan);
}

export function pooledSeed(seed: number): number {
  return deriveSeed(seed, 300);
}

/**
 * Trains the baselines on `trainRows` (per mission) and predicts `evalRows` (indices into
 * data). Each per-mission forest uses the same seed as that mission's stage. `background`:
 * grown alongside another phase (see JobContext.train).
 */
export async function trainBaselines(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>,
  evalRows: Int32Array,
  background = false
): Promise<BaselinePredictions> {
  const K = data.classes.length;
  const Xeval = gatherRows(data.X, evalRows);
  const total = totalTrees(plan);

  const pooledRows = concatRows(...plan.stages.map((s) => trainRows[s.mission]));
  const yPooled = gatherLabels(data.y, pooledRows);
  const first = plan.stages[0];
  const pooledParams = stageForestParams(
    { ...first, trees: total },
    data.X.nCols,
    K,
    pooledSeed(plan.seed),
    resolveClassWeights(first.classWeight, yPooled, undefined, K)
  );
  ctx.audit('baseline', 'baseline: pooled', () => Array.from(pooledRows, (i) => data.rowKey[i]));
  const pooledForest = await ctx.train(
    {
      X: gatherRows(data.X, pooledRows),
      y: yPooled,
      params: pooledParams,
      label: 'baseline: pooled'
    },
    'baselines',
    null,
    { background }
  );
  const pooled = clampProba(predictProba(pooledForest, Xeval));

  const forests: ForestArrays[] = [];
  for (const st of plan.stages) {
    const rows = trainRows[st.mission];
    const y = gatherLabels(data.y, rows);
    const params = stageForestParams(
      st,
      data.X.nCols,
      K,
      stageSeed(plan.seed, st.mission),
      resolveClassWeights(st.classWeight, y, undefined, K)
    );
    const label = `baseline: ${st.mission} forest`;
    ctx.audit('baseline', label, () => Array.from(rows, (i) => data.rowKey[i]));
    forests.push(
      await ctx.train({ X: gatherRows(data.X, rows), y, params, label }, 'baselines', null, {
        background
      })
    );
  }
  const perForest = forests.map((f) => clampProba(predictProba(f, Xeval)));
  const perMission = new Float64Array(evalRows.length * K);
  const averaged = new Float64Array(evalRows.length * K);
  const missionIndex = new Map(plan.stages.map((s, k) => [s.mission as string, k]));
  for (let r = 0; r < evalRows.length; r++) {
    const own = missionIndex.get(data.mission[evalRows[r]]);
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (const p of perForest) s += p[r * K + c];
      averaged[r * K + c] = s / perForest.length;
      perMission[r * K + c] = own === undefined ? averaged[r * K + c] : perForest[own][r * K + c];
    }
  }
  clampProba(averaged);
  return {
    pooled,
    perMission,
    averaged,
    trees: { pooled: total, perMission: total, averaged: total }
  };
}
