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
import { predictProbaParts } from '../forest/index.ts';
import { deriveSeed } from '../random.ts';
import { concatRows, gatherLabels, gatherRows, type PreparedData } from './data.ts';
import { totalTrees, type TrainingPlan } from './plan.ts';
import type { JobContext } from './job-context.ts';
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

/** When the background baselines' forests are requested (see trainBaselines). */
export interface BackgroundBaselines {
  /** Awaited with each baseline's hold-out predictions as soon as they exist. */
  onReady?: (name: BaselineName, proba: Float64Array) => void | Promise<void>;
  /** The pooled forest (the largest) is requested once this settles, after the others. */
  pooledAfter?: Promise<unknown>;
}

/**
 * Trains the baselines on `trainRows` (per mission) and predicts `evalRows` (indices into
 * data). Each per-mission forest uses the same seed as that mission's stage. In order (the
 * CLI): pooled, then each mission's forest. `background` (a trainer with several threads):
 * grown alongside another phase (see JobContext.train), the per-mission forests requested at
 * once and the pooled forest after `pooledAfter`, so the job's last forest is one whose
 * scoring is short; each baseline goes to `onReady` as soon as its predictions exist.
 */
export async function trainBaselines(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>,
  evalRows: Int32Array,
  background: BackgroundBaselines | false = false
): Promise<BaselinePredictions> {
  const K = data.classes.length;
  const Xeval = gatherRows(data.X, evalRows);
  const total = totalTrees(plan);
  const bg = background !== false;
  const onReady = bg ? background.onReady : undefined;

  const pooledRun = async (): Promise<Float64Array> => {
    const pooledRows = concatRows(plan.stages.map((s) => trainRows[s.mission]));
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
    const parts = await ctx.trainParts(
      {
        X: gatherRows(data.X, pooledRows),
        y: yPooled,
        params: pooledParams,
        label: 'baseline: pooled'
      },
      'baselines',
      null,
      { background: bg }
    );
    const p = clampProba(predictProbaParts(parts, Xeval));
    await onReady?.('pooled', p);
    return p;
  };

  const perForestRun = (st: TrainingPlan['stages'][number]) => {
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
    return ctx
      .trainParts({ X: gatherRows(data.X, rows), y, params, label }, 'baselines', null, {
        background: bg
      })
      .then((parts) => clampProba(predictProbaParts(parts, Xeval)));
  };

  /** perMission and averaged from the per-mission forests' predictions. */
  const combine = async (perForest: Float64Array[]) => {
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
    await onReady?.('perMission', perMission);
    await onReady?.('averaged', averaged);
    return { perMission, averaged };
  };

  let pooled: Float64Array;
  let perMission: Float64Array;
  let averaged: Float64Array;
  if (bg) {
    const runs = plan.stages.map(perForestRun);
    const combined = Promise.all(runs).then(combine);
    // Awaited below; a failure of one of these first must not leave the others unhandled.
    combined.catch(() => {});
    await background.pooledAfter;
    pooled = await pooledRun();
    ({ perMission, averaged } = await combined);
  } else {
    pooled = await pooledRun();
    const perForest: Float64Array[] = [];
    for (const st of plan.stages) perForest.push(await perForestRun(st));
    ({ perMission, averaged } = await combine(perForest));
  }
  return {
    pooled,
    perMission,
    averaged,
    trees: { pooled: total, perMission: total, averaged: total }
  };
}
