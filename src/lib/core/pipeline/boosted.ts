/**
 * Staged gradient boosting: "fine-tuning" in the literal sense. Stage 1 boosts on its mission's
 * rows; every later stage continues boosting the same model from the earlier stages' raw scores
 * on its own mission's rows (plus replayed earlier rows), with its own learning rate, class
 * weights and early stopping on its calibration split, as LightGBM's and XGBoost's continued
 * training does from an initial model. The result is one sequence of trees; a row of mission m is
 * predicted by the model as it stood after m's stage (the model fine-tuned for m: later stages'
 * trees, fitted to other missions' rows, would undo it). Rows of a mission without a stage use
 * every tree. The pooled baseline boosts one model on all missions' rows.
 *
 * Calibration split (stages with groupWeights): pass 1 trains without those rows and stops each
 * stage early on its own calibration rows; with calibration.mode 'retrain' (default) pass 2
 * trains every stage on all its rows for the iterations pass 1 kept, 'keep' keeps pass 1.
 */
import {
  fitBoosted,
  probaFromRaw,
  predictBoostedProba,
  predictRaw,
  type BoostedModel,
  type BoostParams
} from '../boost/index.ts';
import type { Matrix } from '../forest/index.ts';
import type { Mission } from '../missions/index.ts';
import { pooledSeed } from './baselines.ts';
import { concatRows, gatherLabels, gatherRows, type PreparedData } from './data.ts';
import { BOOSTED_STAGE_DEFAULTS, type StagePlan, type TrainingPlan } from './plan.ts';
import type { JobContext } from './job-context.ts';
import { clampProba, resolveClassWeights, stageSeed } from './staged.ts';
import { calibrationSplit } from './train.ts';

/** What one boosted stage did. */
export interface BoostedStageResult {
  index: number;
  mission: Mission;
  /** Iterations [start, end) of the staged model grown by this stage. */
  iterationRange: [number, number];
  /** True when early stopping ended the stage before its maximum (pass 1). */
  stoppedEarly: boolean;
  params: BoostParams & { seed: number; replayWeight: number | null };
  classWeights: number[];
  rows: { train: number; calibration: number; replayed: number };
}

export interface StagedBoosted {
  model: BoostedModel;
  stages: BoostedStageResult[];
}

/** Engine parameters of a boosted stage (boost settings over BOOSTED_STAGE_DEFAULTS). */
export function stageBoostParams(
  st: StagePlan,
  K: number,
  seed: number,
  classWeights: number[],
  maxIter: number
): BoostParams {
  const b = { ...BOOSTED_STAGE_DEFAULTS, ...st.boost };
  return {
    maxIter,
    learningRate: b.learningRate,
    maxLeaves: b.maxLeaves,
    maxDepth: st.maxDepth ?? Infinity,
    minSamplesLeaf: b.minSamplesLeaf,
    l2: b.l2,
    classWeight: classWeights,
    nClasses: K,
    seed,
    earlyStoppingRounds: b.earlyStoppingRounds ?? undefined
  };
}

interface GrowOptions {
  label: string;
  /** Per mission, rows that early-stop its stage (never trained on in this pass). */
  cal: Record<string, Int32Array> | null;
  /** Iterations per stage (pass 2); default each stage's `trees`. */
  iterations?: number[];
}

async function growBoostedStages(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  fitRows: Record<string, Int32Array>,
  opts: GrowOptions
): Promise<StagedBoosted> {
  const K = data.classes.length;
  const nOut = K === 2 ? 1 : K;
  let model: BoostedModel | undefined;
  const stages: BoostedStageResult[] = [];
  for (let s = 0; s < plan.stages.length; s++) {
    ctx.checkCancel();
    const st = plan.stages[s];
    const m = st.mission;
    const own = fitRows[m];
    const replay = st.replay
      ? concatRows(plan.stages.slice(0, s).map((e) => fitRows[e.mission]))
      : new Int32Array(0);
    const rows = concatRows([own, replay]);
    const y = gatherLabels(data.y, rows);
    let sampleWeight: Float64Array | undefined;
    if (replay.length > 0) {
      sampleWeight = new Float64Array(rows.length).fill(1);
      sampleWeight.fill(st.replay!.weight, own.length);
    }
    const classWeights = resolveClassWeights(st.classWeight, y, sampleWeight, K);
    const seed = stageSeed(plan.seed, m);
    const maxIter = opts.iterations?.[s] ?? st.trees;
    const params = stageBoostParams(st, K, seed, classWeights, Math.max(1, maxIter));
    const label = `${opts.label} stage ${s + 1} (${m})`;
    const calRows = opts.cal?.[m];
    const rounds = st.boost?.earlyStoppingRounds !== null;
    const start = model ? (model.treeStart.length - 1) / nOut : 0;
    let stoppedEarly = false;
    if (maxIter > 0 && rows.length > 0) {
      ctx.audit('fit', label, () => Array.from(rows, (i) => data.rowKey[i]));
      let validation;
      if (calRows && calRows.length > 0 && rounds) {
        ctx.audit('calibration', `${label}: early stopping`, () =>
          Array.from(calRows, (i) => data.rowKey[i])
        );
        validation = { X: gatherRows(data.X, calRows), y: gatherLabels(data.y, calRows) };
      }
      ctx.emit('train', s, `${label}: boosting up to ${maxIter} iterations on ${rows.length} rows`);
      const res = fitBoosted(gatherRows(data.X, rows), y, params, {
        init: model,
        sampleWeight,
        validation,
        shouldStop: () => ctx.stopRequested(),
        onIteration: (done, total) =>
          ctx.emit('train', s, `${label}: iteration ${done} of ${total}`)
      });
      ctx.checkCancel();
      model = res.model;
      stoppedEarly = res.stoppedEarly;
    }
    const end = model ? (model.treeStart.length - 1) / nOut : 0;
    stages.push({
      index: s,
      mission: m,
      iterationRange: [start, end],
      stoppedEarly,
      params: { ...params, seed, replayWeight: st.replay ? st.replay.weight : null },
      classWeights,
      rows: { train: own.length, calibration: calRows?.length ?? 0, replayed: replay.length }
    });
  }
  if (!model) throw new Error(`${opts.label}: no stage had training rows`);
  return { model, stages };
}

/** The staged boosted model of a plan whose stages are all 'boosted', on `trainRows`. */
export async function trainStagedBoosted(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>
): Promise<StagedBoosted> {
  if (!plan.stages.some((s) => s.groupWeights)) {
    return growBoostedStages(ctx, data, plan, trainRows, { label: 'staged', cal: null });
  }
  const mode = plan.calibration?.mode ?? 'retrain';
  const { fit, cal } = calibrationSplit(data, plan, trainRows);
  const first = await growBoostedStages(ctx, data, plan, fit, {
    label: mode === 'retrain' ? 'early-stopping pass' : 'staged',
    cal
  });
  if (mode === 'keep') return first;
  return growBoostedStages(ctx, data, plan, trainRows, {
    label: 'staged',
    cal: null,
    iterations: first.stages.map((s) => s.iterationRange[1] - s.iterationRange[0])
  });
}

/**
 * The pooled boosted baseline: one model on every stage's training rows with the first stage's
 * settings, at most the stages' summed iterations, early-stopped on the union of the
 * calibration rows (then retrained on all rows, as the staged model).
 */
export async function trainPooledBoosted(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>
): Promise<BoostedModel> {
  const K = data.classes.length;
  const first = plan.stages[0];
  const total = plan.stages.reduce((s, st) => s + st.trees, 0);
  const fitOn = async (rows: Int32Array, calRows: Int32Array | null, maxIter: number) => {
    ctx.checkCancel();
    const y = gatherLabels(data.y, rows);
    const cw = resolveClassWeights(first.classWeight, y, undefined, K);
    const params = stageBoostParams(first, K, pooledSeed(plan.seed), cw, maxIter);
    ctx.audit('baseline', 'baseline: pooled boosted', () =>
      Array.from(rows, (i) => data.rowKey[i])
    );
    ctx.emit(
      'baselines',
      null,
      `baseline: pooled boosted, up to ${maxIter} iterations on ${rows.length} rows`
    );
    const validation =
      calRows && calRows.length > 0 && first.boost?.earlyStoppingRounds !== null
        ? { X: gatherRows(data.X, calRows), y: gatherLabels(data.y, calRows) }
        : undefined;
    const res = fitBoosted(gatherRows(data.X, rows), y, params, {
      validation,
      shouldStop: () => ctx.stopRequested()
    });
    ctx.checkCancel();
    return res;
  };
  const all = concatRows(plan.stages.map((s) => trainRows[s.mission]));
  if (!plan.stages.some((s) => s.groupWeights)) return (await fitOn(all, null, total)).model;
  const { fit, cal } = calibrationSplit(data, plan, trainRows);
  const calAll = concatRows(plan.stages.map((s) => cal[s.mission] ?? new Int32Array(0)));
  const pass1 = await fitOn(concatRows(plan.stages.map((s) => fit[s.mission])), calAll, total);
  if ((plan.calibration?.mode ?? 'retrain') === 'keep') return pass1.model;
  return (await fitOn(all, null, pass1.nIter)).model;
}

/** Iterations of the staged model that predict rows of `mission`: up to the end of its stage. */
export function iterationsFor(staged: StagedBoosted, mission: string): number | undefined {
  return staged.stages.find((s) => s.mission === mission)?.iterationRange[1];
}

/** Probabilities (row-major) of the staged model, each row by its mission's fine-tuned prefix. */
export function predictStagedBoosted(
  staged: StagedBoosted,
  X: Matrix,
  missions: readonly string[]
): Float64Array {
  const K = staged.model.nClasses;
  const out = new Float64Array(X.nRows * K);
  const groups = new Map<number | undefined, number[]>();
  missions.forEach((m, i) => {
    const n = iterationsFor(staged, m);
    if (!groups.has(n)) groups.set(n, []);
    groups.get(n)!.push(i);
  });
  for (const [nIter, rows] of groups) {
    const sub = rows.length === X.nRows ? X : gatherRows(X, rows);
    const nOut = staged.model.nOutputs;
    const p = probaFromRaw(predictRaw(staged.model, sub, { nIter }), rows.length, nOut, K);
    rows.forEach((r, k) => {
      for (let c = 0; c < K; c++) out[r * K + c] = p[k * K + c];
    });
  }
  return clampProba(out);
}

/** Probabilities (row-major) of a boosted model, clamped into [0, 1]. */
export function predictBoostedRows(
  model: BoostedModel,
  X: Parameters<typeof predictBoostedProba>[1]
) {
  return clampProba(predictBoostedProba(model, X));
}
