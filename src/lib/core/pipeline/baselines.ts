/**
 * The three baselines the staged model is always compared with. They train on exactly the
 * staged model's training rows (every stage's training rows, hold-out excluded), see the same
 * feature columns, and are scored on the same hold-out rows. Tree budget: the same total as
 * the staged model.
 *  - pooled: one forest on all missions' rows, sum of the stages' trees, the first stage's
 *    settings (class weights resolved on the pooled rows);
 *  - perMission: one forest per mission with that mission's stage settings and tree count;
 *    each row is predicted by its own mission's forest;
 *  - averaged: every row predicted by the mean of all per-mission forests' probabilities;
 *  - missingPattern: one forest per mission (its stage's settings and tree count) that sees only
 *    which feature values are missing (1) or present (0), before any fill: when it comes close
 *    to the model, the mission's labels can be read from the shape of its rows (K2).
 */
import { predictProbaParts, type Matrix } from '../forest/index.ts';
import { deriveSeed } from '../random.ts';
import { concatRows, gatherLabels, gatherRows, type PreparedData } from './data.ts';
import { withMaskedCopies } from './masked-copies.ts';
import { totalTrees, type TrainingPlan } from './plan.ts';
import type { JobContext } from './job-context.ts';
import { clampProba, resolveClassWeights, stageForestParams, stageSeed } from './staged.ts';

export type BaselineName = 'pooled' | 'perMission' | 'averaged' | 'missingPattern';
export const BASELINES: readonly BaselineName[] = [
  'pooled',
  'perMission',
  'averaged',
  'missingPattern'
];

export interface BaselinePredictions {
  /** Row-major probabilities for each evaluated row, per baseline. */
  pooled: Float64Array;
  perMission: Float64Array;
  averaged: Float64Array;
  missingPattern: Float64Array;
  /** Trees per baseline (each equals the staged model's total). */
  trees: Record<BaselineName, number>;
}

/** Trees all baselines grow together (for progress totals). */
export function baselineTreeCount(plan: TrainingPlan): number {
  return 3 * totalTrees(plan);
}

/** The missing-value pattern (1 = missing) of some rows, as a column-major matrix. */
export function patternRows(data: PreparedData, rows: ArrayLike<number>): Matrix {
  const n = rows.length;
  const N = data.X.nRows;
  const out = new Float32Array(n * data.X.nCols);
  for (let j = 0; j < data.X.nCols; j++) {
    for (let k = 0; k < n; k++) out[j * n + k] = data.missing[j * N + rows[k]];
  }
  return { data: out, nRows: n, nCols: data.X.nCols };
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
    const fit = withMaskedCopies(
      data,
      plan,
      pooledRows,
      { X: gatherRows(data.X, pooledRows), y: yPooled, sampleWeight: undefined },
      'pooled'
    );
    const parts = await ctx.trainParts(
      { ...fit, params: pooledParams, label: 'baseline: pooled' },
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
    const fit = withMaskedCopies(
      data,
      plan,
      rows,
      { X: gatherRows(data.X, rows), y, sampleWeight: undefined },
      `stage ${st.mission}`
    );
    return ctx
      .trainParts({ ...fit, params, label }, 'baselines', null, { background: bg })
      .then((parts) => clampProba(predictProbaParts(parts, Xeval)));
  };

  /** Missing-pattern forest of one mission, predicting that mission's evaluation rows. */
  const patternRun = (st: TrainingPlan['stages'][number]) => {
    const rows = trainRows[st.mission];
    const y = gatherLabels(data.y, rows);
    const params = stageForestParams(
      st,
      data.X.nCols,
      K,
      deriveSeed(stageSeed(plan.seed, st.mission), 77),
      resolveClassWeights(st.classWeight, y, undefined, K)
    );
    const label = `baseline: ${st.mission} missing pattern`;
    const own = Array.from(evalRows.keys()).filter((k) => data.mission[evalRows[k]] === st.mission);
    ctx.audit('baseline', label, () => Array.from(rows, (i) => data.rowKey[i]));
    return ctx
      .trainParts({ X: patternRows(data, rows), y, params, label }, 'baselines', null, {
        background: bg
      })
      .then((parts) => ({
        own,
        proba: clampProba(
          predictProbaParts(
            parts,
            patternRows(
              data,
              own.map((k) => evalRows[k])
            )
          )
        )
      }));
  };
  const combinePattern = async (parts: { own: number[]; proba: Float64Array }[]) => {
    const out = new Float64Array(evalRows.length * K);
    for (const { own, proba } of parts) {
      own.forEach((k, r) => {
        for (let c = 0; c < K; c++) out[k * K + c] = proba[r * K + c];
      });
    }
    await onReady?.('missingPattern', out);
    return out;
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
  let missingPattern: Float64Array;
  if (bg) {
    const runs = plan.stages.map(perForestRun);
    const combined = Promise.all(runs).then(combine);
    const patterns = Promise.all(plan.stages.map(patternRun)).then(combinePattern);
    // Awaited below; a failure of one of these first must not leave the others unhandled.
    combined.catch(() => {});
    patterns.catch(() => {});
    await background.pooledAfter;
    pooled = await pooledRun();
    ({ perMission, averaged } = await combined);
    missingPattern = await patterns;
  } else {
    pooled = await pooledRun();
    const perForest: Float64Array[] = [];
    for (const st of plan.stages) perForest.push(await perForestRun(st));
    ({ perMission, averaged } = await combine(perForest));
    const patternParts = [];
    for (const st of plan.stages) patternParts.push(await patternRun(st));
    missingPattern = await combinePattern(patternParts);
  }
  return {
    pooled,
    perMission,
    averaged,
    missingPattern,
    trees: { pooled: total, perMission: total, averaged: total, missingPattern: total }
  };
}
