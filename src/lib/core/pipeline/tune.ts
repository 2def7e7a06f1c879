/**
 * Honest tuning: grouped k-fold cross-validation inside the training rows. The per-mission
 * hold-out of the plan is removed first (exactly as trainStaged does) and never predicted or
 * trained on; each fold holds out a share of the remaining host stars of every mission, trains
 * the staged model and the baselines on the rest, and predicts the fold. Every training row is
 * predicted once, so the scores use all training rows. Plan settings were chosen with this.
 */
import { createRng, deriveSeed } from '../random.ts';
import { trainBaselines } from './baselines.ts';
import {
  concatRows,
  gatherLabels,
  gatherRows,
  prepareData,
  type PreparedData,
  type TrainingInput
} from './data.ts';
import { applyFill } from './hide-missing.ts';
import { subsetRows } from './metrics-common.ts';
import { accuracy, logLoss, rocAuc } from './metrics.ts';
import {
  predictBoostedRows,
  predictStagedBoosted,
  trainPooledBoosted,
  trainStagedBoosted
} from './boosted.ts';
import { assertValidPlan, planLearner, type TrainingPlan } from './plan.ts';
import { JobContext, type JobHooks } from './job-context.ts';
import type { ModelName } from './report.ts';
import { predictStaged } from './staged.ts';
import { trainStagedForest } from './train.ts';

export interface CrossValidationOptions extends JobHooks {
  /** Folds (default 5). */
  folds?: number;
  /** Also train the baselines (default true). */
  baselines?: boolean;
  /**
   * Seed of the fold assignment (default plan.seed). Repeating the CV with other fold seeds
   * (same plan, same hold-out) shows how much a difference depends on the folds.
   */
  foldSeed?: number;
  /**
   * Also predict each fold's rows with these features missing (as in a download without the
   * columns; rows of hideMissingness missions are filled again, as predictWithModel would) and
   * score the staged model on that: `strippedScores`.
   */
  strip?: readonly string[];
}

export interface CvScores {
  rows: number;
  accuracy: number;
  rocAuc: number | null;
  logLoss: number;
}

export interface CrossValidationResult {
  folds: number;
  /** Model -> mission (or 'combined') -> scores over every training row. */
  scores: { [K in ModelName]?: { [mission: string]: CvScores } };
  groupWeights: Record<string, number[]>[];
  /**
   * Model -> mission (or 'combined') -> accuracy on each fold's test rows, fold order (NaN for a
   * fold without rows of that mission).
   */
  foldAccuracy: { [K in ModelName]?: { [mission: string]: number[] } };
  /** Mission (or 'combined') -> test rows of each fold. */
  foldRows: { [mission: string]: number[] };
  /** The staged model on the folds' rows with `strip` features missing (when asked for). */
  strippedScores?: { [mission: string]: CvScores };
}

/**
 * Mean and standard error over folds of a per-fold difference (e.g. staged minus pooled
 * accuracy): a mean gain within about two standard errors of 0 is a tie.
 */
export function pairedDifference(a: number[], b: number[]): { mean: number; se: number } {
  if (a.length !== b.length || a.length < 2) {
    throw new Error(
      `pairedDifference: need two lists of equal length >= 2 (got ${a.length}, ${b.length})`
    );
  }
  const d = a.map((v, i) => v - b[i]);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1);
  return { mean, se: Math.sqrt(variance / d.length) };
}

/** Fold index per row of `rows`, whole host stars at a time, seeded. */
export function hostFolds(
  data: PreparedData,
  rows: Int32Array,
  folds: number,
  seed: number
): Int32Array {
  const hosts = [...new Set(Array.from(rows, (i) => data.hostId[i]))].sort();
  const rng = createRng(seed);
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [hosts[i], hosts[j]] = [hosts[j], hosts[i]];
  }
  const fold = new Map(hosts.map((h, k) => [h, k % folds]));
  return Int32Array.from(rows, (i) => fold.get(data.hostId[i])!);
}

/** Grouped k-fold CV of a plan (staged vs baselines) on the plan's training rows only. */
export async function crossValidate(
  inputs: readonly TrainingInput[],
  planIn: TrainingPlan,
  opts: CrossValidationOptions = {}
): Promise<CrossValidationResult> {
  const plan = structuredClone(assertValidPlan(planIn));
  const F = opts.folds ?? 5;
  const data = prepareData(inputs, plan);
  const ctx = new JobContext(opts);
  const K = data.classes.length;
  const allTrain = concatRows(data.missions.map((m) => data.byMission[m].train));
  const foldOf = new Map<number, number>();
  for (const m of data.missions) {
    const rows = data.byMission[m].train;
    const f = hostFolds(
      data,
      rows,
      F,
      deriveSeed(opts.foldSeed ?? plan.seed, 900 + data.missions.indexOf(m))
    );
    rows.forEach((r, k) => foldOf.set(r, f[k]));
  }
  const boosted = planLearner(plan) === 'boosted';
  // A boosted plan is compared with the pooled boosted model only.
  const names: ModelName[] =
    opts.baselines === false
      ? ['staged']
      : boosted
        ? ['staged', 'pooled']
        : ['staged', 'pooled', 'perMission', 'averaged', 'missingPattern'];
  const proba: Record<string, Float64Array> = {};
  const pos = new Map<number, number>();
  allTrain.forEach((r, k) => pos.set(r, k));
  for (const n of names) proba[n] = new Float64Array(allTrain.length * K);
  const strip = (opts.strip ?? []).map((f) => data.features.indexOf(f)).filter((j) => j >= 0);
  if (strip.length > 0) proba.stripped = new Float64Array(allTrain.length * K);
  const weights: Record<string, number[]>[] = [];
  const foldAccuracy: CrossValidationResult['foldAccuracy'] = {};
  const foldRows: CrossValidationResult['foldRows'] = Object.fromEntries(
    [...data.missions, 'combined'].map((m) => [m, []])
  );
  for (const n of names) {
    foldAccuracy[n] = Object.fromEntries([...data.missions, 'combined'].map((m) => [m, []]));
  }
  for (let f = 0; f < F; f++) {
    const trainRows: Record<string, Int32Array> = {};
    const testRows: Int32Array[] = [];
    for (const m of data.missions) {
      const rows = data.byMission[m].train;
      trainRows[m] = rows.filter((r) => foldOf.get(r) !== f);
      testRows.push(rows.filter((r) => foldOf.get(r) === f));
    }
    const evalRows = concatRows(testRows);
    data.missions.forEach((m, k) => foldRows[m].push(testRows[k].length));
    foldRows.combined.push(evalRows.length);
    const Xeval = gatherRows(data.X, evalRows);
    const preds: Record<string, Float64Array> = {};
    if (boosted) {
      const staged = await trainStagedBoosted(ctx, data, plan, trainRows);
      weights.push({});
      preds.staged = predictStagedBoosted(
        staged,
        Xeval,
        Array.from(evalRows, (i) => data.mission[i])
      );
      if (opts.baselines !== false) {
        const pooled = await trainPooledBoosted(ctx, data, plan, trainRows);
        preds.pooled = predictBoostedRows(pooled, Xeval);
      }
    } else {
      const staged = await trainStagedForest(ctx, data, plan, trainRows);
      weights.push(staged.groupWeights);
      preds.staged = predictStaged(
        staged,
        Xeval,
        Array.from(evalRows, (i) => data.mission[i])
      );
      if (strip.length > 0) {
        const Xs = gatherRows(data.X, evalRows);
        for (const j of strip) Xs.data.fill(NaN, j * Xs.nRows, (j + 1) * Xs.nRows);
        for (const [m, f] of Object.entries(data.fill)) {
          const at = Array.from(evalRows.keys()).filter((k) => data.mission[evalRows[k]] === m);
          const ids = at.map((k) => data.objectId[evalRows[k]]);
          applyFill(Xs, at, ids, data.features, f);
        }
        const ps = predictStaged(
          staged,
          Xs,
          Array.from(evalRows, (i) => data.mission[i])
        );
        evalRows.forEach((r, k) => {
          for (let c = 0; c < K; c++) proba.stripped[pos.get(r)! * K + c] = ps[k * K + c];
        });
      }
      if (opts.baselines !== false) {
        Object.assign(preds, await trainBaselines(ctx, data, plan, trainRows, evalRows));
      }
    }
    for (const n of names) {
      const p = preds[n];
      evalRows.forEach((r, k) => {
        for (let c = 0; c < K; c++) proba[n][pos.get(r)! * K + c] = p[k * K + c];
      });
      const yEval = gatherLabels(data.y, evalRows);
      for (const m of [...data.missions, 'combined']) {
        const ks = Int32Array.from(evalRows.keys()).filter(
          (k) => m === 'combined' || data.mission[evalRows[k]] === m
        );
        const sub = subsetRows(yEval, p, K, ks);
        foldAccuracy[n]![m].push(ks.length > 0 ? accuracy(sub.yTrue, sub.proba, K) : NaN);
      }
    }
  }
  const scores: CrossValidationResult['scores'] = {};
  const positive = data.task === 'vetting' ? 0 : undefined;
  const score = (n: string, rows: number[]): CvScores => {
    const y = gatherLabels(data.y, rows);
    const p = new Float64Array(rows.length * K);
    rows.forEach((r, k) => {
      for (let c = 0; c < K; c++) p[k * K + c] = proba[n][pos.get(r)! * K + c];
    });
    const auc = rocAuc(y, p, K, positive);
    return {
      rows: rows.length,
      accuracy: accuracy(y, p, K),
      rocAuc: Number.isFinite(auc) ? auc : null,
      logLoss: logLoss(y, p, K)
    };
  };
  for (const n of names) {
    const out: { [mission: string]: CvScores } = {};
    for (const m of data.missions) out[m] = score(n, Array.from(data.byMission[m].train));
    out.combined = score(n, Array.from(allTrain));
    scores[n] = out;
  }
  let strippedScores: CrossValidationResult['strippedScores'];
  if (strip.length > 0) {
    strippedScores = {};
    for (const m of data.missions) {
      strippedScores[m] = score('stripped', Array.from(data.byMission[m].train));
    }
    strippedScores.combined = score('stripped', Array.from(allTrain));
  }
  return { folds: F, scores, groupWeights: weights, foldAccuracy, foldRows, strippedScores };
}
