/**
 * Staged training of one forest: each stage grows new trees on its mission's rows (plus earlier
 * stages' rows replayed at a lower weight), may re-estimate the leaves of earlier trees on its
 * rows, and the tree groups (one per stage) get per-mission mixture weights learned on
 * calibration rows. A row of mission m is predicted as sum_s w[m][s] * (mean of stage s's
 * trees); a mission without learned weights uses the plain mean over all trees.
 */
import {
  concatForests,
  predictProba,
  predictProbaParts,
  refitLeaves,
  type ForestArrays,
  type ForestParams,
  type Matrix
} from '../forest/index.ts';
import { applyCalibration, type ProbabilityCalibration } from '../model/index.ts';
import type { Mission } from '../missions/index.ts';
import { deriveSeed } from '../random.ts';
import { withMaskedCopies } from './masked-copies.ts';
import { concatRows, gatherLabels, gatherRows, missionCode, type PreparedData } from './data.ts';
import type { StagePlan, TrainingPlan } from './plan.ts';
import type { JobContext } from './job-context.ts';
import { exactExp, exactLog } from '../exact-math.ts';

/** What one stage did, for the model card. */
export interface StageResult {
  index: number;
  mission: Mission;
  /** Trees [start, end) of the staged forest grown by this stage. */
  treeRange: [number, number];
  /** Forest parameters the stage's trees were grown with (JSON; maxDepth null = unlimited). */
  params: {
    nTrees: number;
    maxFeatures: string | number;
    criterion: 'gini' | 'entropy';
    maxDepth: number | null;
    minSamplesLeaf: number;
    minSamplesSplit: number;
    seed: number;
    replayWeight: number | null;
    refitBlend: number | null;
  };
  /** Class multipliers actually used (resolved from 'balanced' on the stage's weighted rows). */
  classWeights: number[];
  rows: { train: number; calibration: number; replayed: number; refit: number };
}

/** The forests a pass over the stages grew, not yet joined. */
export interface GrownStages {
  /**
   * Per stage, in order, its forest as the trainer's slices in tree order; after a leaf refit
   * the refitted earlier stages are one entry.
   */
  stageParts: ForestArrays[][];
  stages: StageResult[];
}

/** A staged forest with its tree groups and per-mission group weights. */
export interface StagedForest {
  forest: ForestArrays;
  stages: StageResult[];
  /** Mission -> mixture weight per stage (sums to 1). Missions absent here use the plain tree mean. */
  groupWeights: Record<string, number[]>;
  /** Per mission, the rows (indices into the PreparedData) its stage was grown on (OOB scoring). */
  grownOn?: Record<string, Int32Array>;
  /** Per-mission probability calibration applied after the vote (null/absent: none). */
  calibration?: ProbabilityCalibration | null;
}

/** Seed of a stage's trees: depends on the mission, not on the stage's position. */
export function stageSeed(seed: number, m: Mission): number {
  return deriveSeed(seed, 100 + missionCode(m));
}

/**
 * Class multipliers: 'balanced' gives W / (K_present * W_c) with W_c the sample-weighted count
 * of class c among the rows (0 for absent classes); an array is used as given; null = all 1.
 */
export function resolveClassWeights(
  spec: StagePlan['classWeight'],
  y: Int32Array,
  sampleWeight: Float64Array | undefined,
  K: number
): number[] {
  if (spec === null) return new Array<number>(K).fill(1);
  if (spec !== 'balanced') return [...spec];
  const wc = new Float64Array(K);
  for (let i = 0; i < y.length; i++) wc[y[i]] += sampleWeight ? sampleWeight[i] : 1;
  let total = 0;
  let present = 0;
  for (let c = 0; c < K; c++) {
    total += wc[c];
    if (wc[c] > 0) present++;
  }
  return Array.from(wc, (w) => (w > 0 ? total / (present * w) : 0));
}

/** Forest parameters of a stage for a data set with nFeatures columns. */
export function stageForestParams(
  stage: StagePlan,
  nFeatures: number,
  K: number,
  seed: number,
  classWeights: number[]
): ForestParams {
  let mf = stage.maxFeatures;
  if (typeof mf === 'number' && mf > 1 && mf > nFeatures) mf = nFeatures;
  return {
    nTrees: stage.trees,
    maxFeatures: mf,
    criterion: stage.criterion,
    maxDepth: stage.maxDepth === null ? undefined : stage.maxDepth,
    minSamplesLeaf: stage.minSamplesLeaf,
    minSamplesSplit: stage.minSamplesSplit ?? 2,
    classWeight: classWeights,
    nClasses: K,
    seed,
    bootstrap: true
  };
}

/**
 * Grows every stage of the plan on `fitRows` (per mission; the hold-out is never in there) and
 * returns each stage's forest (joinStages makes them one forest).
 */
export async function growStages(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  fitRows: Record<string, Int32Array>,
  opts: {
    label: string;
    phase: 'train' | 'calibrate' | 'final';
    calibrationRows?: Record<string, number>;
    /** Called once every stage's forest has been requested from the trainer. */
    onRequested?: () => void;
  }
): Promise<GrownStages> {
  const K = data.classes.length;
  // Without leaf refits no stage needs an earlier stage's trees, so every stage's forest is
  // requested at once (a trainer with several threads queues them all); with refits they grow
  // in order.
  const inOrder = plan.stages.some((st, s) => s > 0 && st.refit);
  const runs: Promise<ForestArrays[]>[] = [];
  const stageParts: ForestArrays[][] = [];
  const stages: StageResult[] = [];
  for (let s = 0; s < plan.stages.length; s++) {
    const st = plan.stages[s];
    const m = st.mission;
    const own = fitRows[m];
    const earlier = plan.stages.slice(0, s).map((e) => fitRows[e.mission]);
    const replay = st.replay ? concatRows(earlier) : new Int32Array(0);
    const rows = concatRows([own, replay]);
    const y = gatherLabels(data.y, rows);
    let sampleWeight: Float64Array | undefined;
    if (replay.length > 0) {
      sampleWeight = new Float64Array(rows.length).fill(1);
      sampleWeight.fill(st.replay!.weight, own.length);
    }
    const classWeights = resolveClassWeights(st.classWeight, y, sampleWeight, K);
    const label = `${opts.label} stage ${s + 1} (${m})`;

    let refitCount = 0;
    if (st.refit && stageParts.length > 0) {
      ctx.checkCancel();
      ctx.emit('refit', s, `${label}: re-estimating earlier trees' leaves on ${own.length} rows`);
      ctx.audit(opts.phase === 'final' ? 'final' : 'refit', label, () =>
        Array.from(own, (i) => data.rowKey[i])
      );
      const yOwn = gatherLabels(data.y, own);
      // Refits re-estimate every earlier tree: they work on (and replace) the joined trees.
      const refitted = refitLeaves(joinForests(stageParts.flat()), gatherRows(data.X, own), yOwn, {
        blend: st.refit.blend,
        classWeight: resolveClassWeights(st.classWeight, yOwn, undefined, K)
      });
      stageParts.splice(0, stageParts.length, [refitted]);
      refitCount = own.length;
    }

    const seed = stageSeed(plan.seed, m);
    const params = stageForestParams(st, data.X.nCols, K, seed, classWeights);
    ctx.audit(opts.phase === 'final' ? 'final' : 'fit', label, () =>
      Array.from(rows, (i) => data.rowKey[i])
    );
    const fit = withMaskedCopies(
      data,
      plan,
      rows,
      { X: gatherRows(data.X, rows), y, sampleWeight },
      `stage ${m}`
    );
    const run = ctx.trainParts({ ...fit, params, label }, opts.phase, s);
    // Awaited below (all together without refits); a stage failing early must not go unhandled.
    run.catch(() => {});
    runs.push(run);
    if (inOrder) stageParts.push(await run);
    const start = stages.length > 0 ? stages[stages.length - 1].treeRange[1] : 0;
    stages.push({
      index: s,
      mission: m,
      treeRange: [start, start + st.trees],
      params: {
        nTrees: st.trees,
        maxFeatures: params.maxFeatures as string | number,
        criterion: st.criterion,
        maxDepth: st.maxDepth,
        minSamplesLeaf: st.minSamplesLeaf,
        minSamplesSplit: st.minSamplesSplit ?? 2,
        seed,
        replayWeight: st.replay ? st.replay.weight : null,
        refitBlend: st.refit ? st.refit.blend : null
      },
      classWeights,
      rows: {
        train: own.length,
        calibration: opts.calibrationRows?.[m] ?? 0,
        replayed: replay.length,
        refit: refitCount
      }
    });
  }
  opts.onRequested?.();
  if (!inOrder) for (const part of await Promise.all(runs)) stageParts.push(part);
  return { stageParts, stages };
}

/** One forest from consecutive parts (joined once: joining stage by stage would copy again). */
function joinForests(parts: ForestArrays[]): ForestArrays {
  return parts.length === 1 ? parts[0] : concatForests(parts);
}

/** The staged forest of a pass: its stages' forests joined in stage order. */
export function joinStages(
  grown: GrownStages,
  groupWeights: Record<string, number[]> = {}
): StagedForest {
  return { forest: joinForests(grown.stageParts.flat()), stages: grown.stages, groupWeights };
}

/** Probabilities (row-major) of one tree group: the mean over trees [start, end). */
export function groupProba(forest: ForestArrays, range: [number, number], X: Matrix): Float64Array {
  const w = new Float64Array(forest.treeStart.length - 1);
  w.fill(1, range[0], range[1]);
  return predictProba(forest, X, { treeWeights: w });
}

/** Probability floor in the log loss the group weights minimise (keeps pure leaves from dominating). */
export const GROUP_WEIGHT_EPS = 1e-3;

/** What the group weights minimise on the calibration rows. */
export type MixtureObjective = 'logLoss' | 'brier';

/**
 * Mean loss of the mixture sum_s w_s * proba[s] on labels y; fills grad with its gradient when
 * withGrad (mix: K scratch values). Module-level rather than a closure per call, so optimized
 * code keeps one call target.
 */
function mixtureLoss(
  w: Float64Array,
  withGrad: boolean,
  grad: Float64Array,
  mix: Float64Array,
  proba: Float64Array[],
  y: Int32Array,
  K: number,
  objective: MixtureObjective
): number {
  const S = proba.length;
  const n = y.length;
  let l = 0;
  if (withGrad) grad.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * K;
    const yi = y[i];
    if (objective === 'logLoss') {
      let p = 0;
      for (let s = 0; s < S; s++) p += w[s] * proba[s][o + yi];
      if (p < GROUP_WEIGHT_EPS) {
        l -= exactLog(GROUP_WEIGHT_EPS); // clipped: flat there
        continue;
      }
      l -= exactLog(p);
      if (withGrad) for (let s = 0; s < S; s++) grad[s] -= proba[s][o + yi] / p;
    } else {
      mix.fill(0);
      for (let s = 0; s < S; s++) for (let c = 0; c < K; c++) mix[c] += w[s] * proba[s][o + c];
      for (let c = 0; c < K; c++) {
        const d = mix[c] - (c === yi ? 1 : 0);
        l += d * d;
        if (withGrad) for (let s = 0; s < S; s++) grad[s] += 2 * d * proba[s][o + c];
      }
    }
  }
  if (withGrad) for (let s = 0; s < S; s++) grad[s] /= n;
  return l / n;
}

/**
 * Mixture weights (on the simplex) over tree groups minimising the mean log loss (probabilities
 * floored at GROUP_WEIGHT_EPS) or the mean Brier score (sum over classes of squared errors) of
 * sum_s w_s * P_s on rows with labels y. `proba[s]` is group s's row-major probabilities.
 * Both objectives are convex in w; exponentiated gradient with step halving, deterministic.
 */
export function fitMixtureWeights(
  proba: Float64Array[],
  y: Int32Array,
  K: number,
  objective: MixtureObjective = 'logLoss'
): number[] {
  const S = proba.length;
  const n = y.length;
  if (S === 1 || n === 0) return new Array<number>(S).fill(1 / S);
  const mix = new Float64Array(K);
  const grad = new Float64Array(S);
  let w = new Float64Array(S).fill(1 / S);
  let bestLoss = mixtureLoss(w, true, grad, mix, proba, y, K, objective);
  let eta = 1;
  for (let it = 0; it < 400; it++) {
    let gmax = 0;
    for (let s = 0; s < S; s++) gmax = Math.max(gmax, Math.abs(grad[s]));
    if (gmax === 0) break;
    const next = new Float64Array(S);
    let z = 0;
    for (let s = 0; s < S; s++) {
      next[s] = w[s] * exactExp((-eta * grad[s]) / gmax);
      z += next[s];
    }
    for (let s = 0; s < S; s++) next[s] /= z;
    const saved = grad.slice();
    const l = mixtureLoss(next, true, grad, mix, proba, y, K, objective);
    if (l < bestLoss - 1e-12) {
      bestLoss = l;
      w = next;
    } else {
      grad.set(saved);
      eta *= 0.5;
      if (eta < 1e-6) break;
    }
  }
  // Round to a fixed grid so tiny float differences never change a saved model.
  const r = Array.from(w, (v) => Math.round(v * 1e6) / 1e6);
  const sum = r.reduce((a, b) => a + b, 0);
  return r.map((v) => v / sum);
}

/**
 * Learns the mixture weights of every tree group for rows `rows` (one mission's calibration
 * rows). Each group is its stage's own forest: the same numbers as groupProba on the joined
 * forest (the same trees summed in the same order), without joining.
 */
export function learnGroupWeights(
  grown: GrownStages,
  data: PreparedData,
  rows: Int32Array,
  objective: MixtureObjective = 'logLoss'
): number[] {
  const X = gatherRows(data.X, rows);
  const y = gatherLabels(data.y, rows);
  let proba: Float64Array[];
  if (grown.stageParts.length === grown.stages.length) {
    proba = grown.stageParts.map((parts) => predictProbaParts(parts, X));
  } else {
    // After a leaf refit the earlier stages are one refitted forest: take groups by tree range.
    const forest = joinForests(grown.stageParts.flat());
    proba = grown.stages.map((st) => groupProba(forest, st.treeRange, X));
  }
  return fitMixtureWeights(proba, y, data.classes.length, objective);
}

/**
 * Per-stage tree weights as stored in the model file (TreeWeights.per = 'stage'): every tree of
 * stage s gets mixture[s] / trees(s), so the weighted tree mean equals the group mixture.
 */
export function perStageTreeWeights(
  mixture: number[],
  stages: Pick<StageResult, 'treeRange'>[]
): Float64Array {
  return Float64Array.from(stages, (st, s) => mixture[s] / (st.treeRange[1] - st.treeRange[0]));
}

/**
 * One weight per tree for rows of `mission` (all 1 when the mission has no stored weights):
 * the same expansion as model/tree-weights.ts treeWeightsFor.
 */
export function treeWeightsForMission(
  nTrees: number,
  stages: Pick<StageResult, 'treeRange'>[],
  byMission: Record<string, Float64Array> | null,
  mission: string
): Float64Array {
  const out = new Float64Array(nTrees).fill(1);
  const w =
    byMission && Object.prototype.hasOwnProperty.call(byMission, mission)
      ? byMission[mission]
      : null;
  if (!w) return out;
  stages.forEach((st, s) => out.fill(w[s], st.treeRange[0], st.treeRange[1]));
  return out;
}

/** Model-file tree weights (per stage) of a staged forest, or null when it has none. */
export function storedTreeWeights(staged: StagedForest): Record<string, Float64Array> | null {
  const missions = Object.keys(staged.groupWeights);
  if (missions.length === 0) return null;
  const out: Record<string, Float64Array> = {};
  for (const m of missions) out[m] = perStageTreeWeights(staged.groupWeights[m], staged.stages);
  return out;
}

/**
 * Probabilities (row-major) of a staged forest for rows of a matrix, each row weighted by its
 * mission's group weights, then calibrated by its mission's map (when the forest has one).
 * Rows are predicted mission by mission.
 */
export function predictStaged(
  staged: StagedForest,
  X: Matrix,
  missions: readonly string[],
  classes?: readonly string[]
): Float64Array {
  const byMission = storedTreeWeights(staged);
  const raw = predictByMission(staged.forest, staged.stages, byMission, X, missions);
  if (!staged.calibration) return raw;
  if (!classes) throw new Error('predictStaged: a calibrated forest needs the class names');
  return applyCalibration(staged.calibration, classes, raw, missions);
}

/** Shared by training evaluation and predictWithModel, so both give identical numbers. */
export function predictByMission(
  forest: ForestArrays,
  stages: Pick<StageResult, 'treeRange'>[],
  byMission: Record<string, Float64Array> | null,
  X: Matrix,
  missions: readonly string[]
): Float64Array {
  const K = forest.nClasses;
  const nTrees = forest.treeStart.length - 1;
  const out = new Float64Array(X.nRows * K);
  const groups = new Map<string, number[]>();
  missions.forEach((m, i) => {
    const key = byMission && Object.prototype.hasOwnProperty.call(byMission, m) ? m : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  });
  for (const [m, rows] of groups) {
    const sub = rows.length === X.nRows ? X : gatherRows(X, rows);
    const w = treeWeightsForMission(nTrees, stages, byMission, m);
    const p = predictProba(forest, sub, { treeWeights: w });
    rows.forEach((r, k) => {
      for (let c = 0; c < K; c++) out[r * K + c] = p[k * K + c];
    });
  }
  return clampProba(out);
}

/**
 * Clamps probabilities into [0, 1] in place: a weighted tree mean can land a rounding error
 * outside (e.g. 1.0000000000000002), which the metrics refuse.
 */
export function clampProba(p: Float64Array): Float64Array {
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0) p[i] = 0;
    else if (p[i] > 1) p[i] = 1;
  }
  return p;
}
