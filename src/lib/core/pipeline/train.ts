/**
 * trainStaged: the whole training job. Prepares the data (task labels, per-mission grouped
 * hold-out), optionally selects features on inner splits, trains the staged forest (with a
 * calibration pass for the tree-group weights), trains the three baselines on the same rows,
 * scores everything on the hold-out and ranks the inputs' candidates.
 */
import { TrainingDataError } from './job-failure.ts';
import type { FeatureRange } from '../model/index.ts';
import { deriveSeed } from '../random.ts';
import { baselineTreeCount, trainBaselines, type BaselineName } from './baselines.ts';
import type { MissingFill } from './hide-missing.ts';
import {
  PLANET_CLASS,
  concatRows,
  gatherLabels,
  gatherRows,
  missionCode,
  prepareData,
  splitRowsByHost,
  type PreparedData,
  type TrainingInput
} from './data.ts';
import {
  calibrationReport,
  fitStagedCalibration,
  type CalibrationReport,
  type MissionCalibrationFit
} from './calibration-fit.ts';
import {
  assertValidPlan,
  calibrationOf,
  refitsOnAllRows,
  totalTrees,
  type TrainingPlan
} from './plan.ts';
import { JobContext, type JobHooks } from './job-context.ts';
import type { RankedCandidate } from './ranking.ts';
import { JobSchedule } from './schedule.ts';
import {
  buildReport,
  evaluateModel,
  type EvaluationReport,
  type ModelEvaluation
} from './report.ts';
import {
  rankFeatures,
  rankingTreeCount,
  selectColumns,
  selectFeatures,
  type FeatureRankEntry
} from './selection.ts';
import {
  growStages,
  joinStages,
  learnGroupWeights,
  predictStaged,
  type StagedForest
} from './staged.ts';
import {
  holdoutScores,
  rankInputCandidates,
  summariseModel,
  type HoldoutScores,
  type Importances,
  type MissionSummary
} from './model-summary.ts';

export type { MissionSummary } from './model-summary.ts';

export interface TrainOptions extends JobHooks {
  /** Train and score the three baselines (default true). */
  baselines?: boolean;
  /** Rank the inputs' unresolved rows by P(planet) (vetting only; default true). */
  rankCandidates?: boolean;
  /** Group-bootstrap resamples per metric interval (default 200; 0 = no intervals). */
  bootstrapReps?: number;
  /**
   * Grow the baselines alongside the staged model (default false): for a trainer with several
   * threads, whose forests can then fill the gaps the staged model's serial steps leave. The
   * forests and numbers are the same; only progress order and phase timings differ.
   */
  concurrentBaselines?: boolean;
}

export interface FeatureSelectionResult {
  method: 'impurity' | 'permutation';
  ranking: FeatureRankEntry[];
  kept: string[];
  dropped: string[];
  innerRows: { train: number; validation: number };
  /** Staged model with every feature vs with the kept ones, on the same hold-out. */
  before: ModelEvaluation;
  after: ModelEvaluation;
}

/** The final model's refit on every labelled row (see TrainingPlan.refitOnAllRows). */
export interface RefitSummary {
  /** Labelled rows per mission the final model was trained on (hold-out included). */
  rows: Record<string, number>;
  total: number;
  /** Rows the evaluated forest was trained on (the hold-out estimate is its). */
  evaluatedOn: Record<string, number>;
}

/** Probability calibration: what it did on the hold-out, and how the model's maps were fitted. */
export interface CalibrationSummary {
  /** The evaluated forest's calibration (fitted on its training rows' OOB) on the hold-out. */
  holdout: CalibrationReport;
  /** The model file's maps: per mission, method, OOB rows and cross-validated Brier scores. */
  model: { fits: { [mission: string]: MissionCalibrationFit }; skipped: Record<string, string> };
}

export interface TrainingResult {
  plan: TrainingPlan;
  task: TrainingPlan['task'];
  classes: string[];
  /** Features of the final model, in forest column order. */
  features: { name: string; unit: string }[];
  /** The model the file keeps: refitted on every labelled row unless plan.refitOnAllRows is false. */
  staged: StagedForest;
  /** The forest scored on the hold-out (trained without it); `staged` itself when not refitted. */
  evaluated: StagedForest;
  refit: RefitSummary | null;
  /** Vetting: the probability calibration (null for the disposition task). */
  calibration: CalibrationSummary | null;
  /** Finite min/max of each feature over the final model's training rows (null: no finite value). */
  featureRanges: (FeatureRange | null)[];
  /** Fill of the plan's hideMissingness missions (model order), as the model file stores it. */
  missingFill: MissingFill;
  importances: Importances;
  missions: MissionSummary[];
  /** The hold-out, for audits: row keys (`<input index>:<row>`), object ids and host ids. */
  holdout: {
    rowKeys: string[];
    objectIds: string[];
    hostIds: string[];
    missions: string[];
    /** True class index per hold-out row. */
    labels: Int32Array;
    /**
     * The evaluated model's calibrated probabilities (row-major): what predictWithModel gives
     * for these rows with the evaluated model's file (refitOnAllRows false).
     */
    proba: Float64Array;
  };
  report: EvaluationReport;
  featureSelection: FeatureSelectionResult | null;
  /** Unresolved rows of the inputs ranked by P(planet) (vetting), else null. */
  candidates: RankedCandidate[] | null;
  /** Milliseconds per phase. */
  timings: { [phase: string]: number };
}

/** Calibration rows of each mission whose stage learns group weights. */
export function calibrationSplit(
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>
): { fit: Record<string, Int32Array>; cal: Record<string, Int32Array> } {
  const { fraction } = calibrationOf(plan);
  const fit: Record<string, Int32Array> = {};
  const cal: Record<string, Int32Array> = {};
  for (const st of plan.stages) {
    const m = st.mission;
    if (!st.groupWeights) {
      fit[m] = trainRows[m];
      continue;
    }
    let s: { first: Int32Array; second: Int32Array };
    try {
      s = splitRowsByHost(data, trainRows[m], fraction, deriveSeed(plan.seed, 20 + missionCode(m)));
    } catch {
      // Fewer than two host stars: no calibration split, so no weights for this mission.
      fit[m] = trainRows[m];
      continue;
    }
    fit[m] = s.first;
    cal[m] = s.second;
  }
  return { fit, cal };
}

/** Trees one staged training grows (two passes when group weights are retrained). */
export function stagedTreeCount(plan: TrainingPlan): number {
  const passes =
    plan.stages.some((s) => s.groupWeights) && calibrationOf(plan).mode === 'retrain' ? 2 : 1;
  return passes * totalTrees(plan);
}

/**
 * Trains the staged forest (and its group weights) on the training rows of `data`.
 * `onLastRequested` is called once the last pass has requested all its forests.
 */
export async function trainStagedForest(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>,
  onLastRequested?: () => void,
  { final = false }: { final?: boolean } = {}
): Promise<StagedForest> {
  // The final model (refitted on every labelled row) reports as its own phase.
  const name = (label: string) => (final ? `final model (all rows) ${label}` : label);
  const trainPhase = final ? 'final' : 'train';
  if (!plan.stages.some((s) => s.groupWeights)) {
    const st = joinStages(
      await growStages(ctx, data, plan, trainRows, {
        label: name('staged'),
        phase: trainPhase,
        onRequested: onLastRequested
      })
    );
    st.grownOn = trainRows;
    return st;
  }
  const { mode, objective } = calibrationOf(plan);
  const { fit, cal } = calibrationSplit(data, plan, trainRows);
  const calCounts: Record<string, number> = {};
  for (const m of Object.keys(cal)) calCounts[m] = cal[m].length;
  const first = await growStages(ctx, data, plan, fit, {
    label: name(mode === 'retrain' ? 'calibration pass' : 'staged'),
    phase: final ? 'final' : mode === 'retrain' ? 'calibrate' : 'train',
    calibrationRows: calCounts,
    onRequested: mode === 'keep' ? onLastRequested : undefined
  });
  const weights: Record<string, number[]> = {};
  for (const [index, st] of plan.stages.entries()) {
    const rows = cal[st.mission];
    if (!rows) continue;
    ctx.checkCancel();
    ctx.audit(final ? 'final' : 'calibration', name(`group weights (${st.mission})`), () =>
      Array.from(rows, (i) => data.rowKey[i])
    );
    weights[st.mission] = learnGroupWeights(first, data, rows, objective);
    ctx.emit(
      'weights',
      index,
      `group weights for ${st.mission}: ${weights[st.mission].map((w) => w.toFixed(3)).join(', ')}`
    );
  }
  if (mode === 'keep') return { ...joinStages(first, weights), grownOn: fit };
  const last = await growStages(ctx, data, plan, trainRows, {
    label: name('staged'),
    phase: trainPhase,
    calibrationRows: calCounts,
    onRequested: onLastRequested
  });
  return { ...joinStages(last, weights), grownOn: trainRows };
}

/** Trees the whole job grows, for the progress bar. */
export function jobTreeCount(
  plan: TrainingPlan,
  opts: Pick<TrainOptions, 'baselines'> = {}
): number {
  let n = stagedTreeCount(plan);
  if (refitsOnAllRows(plan)) n += stagedTreeCount(plan);
  if (plan.featureSelection) n += rankingTreeCount(plan) + stagedTreeCount(plan);
  if (opts.baselines !== false) n += baselineTreeCount(plan);
  return n;
}

/**
 * Feature selection (plan.featureSelection): ranks the features on inner splits of the
 * training rows, scores the staged model with every feature, and returns the data with the
 * kept columns only.
 */
async function selectFeatureColumns(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>,
  evaluate: (proba: Float64Array) => ModelEvaluation,
  evalRows: Int32Array,
  evalMissions: string[]
): Promise<{ data: PreparedData; selection: FeatureSelectionResult }> {
  const fs = plan.featureSelection!;
  ctx.emit('select-features', null, `ranking features by ${fs.method} importance on inner splits`);
  const ranked = await rankFeatures(ctx, data, plan, trainRows, fs.method);
  const kept = selectFeatures(ranked.ranking, fs);
  const before = await trainStagedForest(ctx, data, plan, trainRows);
  before.calibration = fitStagedCalibration(before, data, plan, trainRows).calibration;
  const beforeEval = evaluate(
    predictStaged(before, gatherRows(data.X, evalRows), evalMissions, data.classes)
  );
  const selected = selectColumns(data, kept);
  const selection: FeatureSelectionResult = {
    method: fs.method,
    ranking: ranked.ranking,
    kept: selected.features,
    dropped: ranked.ranking.map((r) => r.feature).filter((f) => !selected.features.includes(f)),
    innerRows: { train: ranked.innerTrain, validation: ranked.innerValidation },
    before: beforeEval,
    after: beforeEval // replaced by the final model's evaluation
  };
  return { data: selected, selection };
}

/**
 * The final model: the same plan on every labelled row (the hold-out's job is done), with its
 * own calibration fitted on the out-of-bag probabilities of all those rows.
 */
async function refitOnAllRows(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>
) {
  const allRows: Record<string, Int32Array> = {};
  for (const m of data.missions) allRows[m] = data.byMission[m].all;
  ctx.emit('final', null, 'training the final model on every labelled row');
  const staged = await trainStagedForest(ctx, data, plan, allRows, undefined, { final: true });
  const fits = fitStagedCalibration(staged, data, plan, allRows);
  staged.calibration = fits.calibration;
  const count = (rows: Record<string, Int32Array>) =>
    Object.fromEntries(data.missions.map((m) => [m, rows[m].length]));
  const summary: RefitSummary = {
    rows: count(allRows),
    total: data.missions.reduce((s, m) => s + allRows[m].length, 0),
    evaluatedOn: count(trainRows)
  };
  return { staged, fits, allRows, summary };
}

/**
 * Trains a staged model from archive tables according to `plan` and evaluates it against the
 * baselines on the per-mission grouped hold-out. Cancel with opts.signal / opts.shouldStop
 * (throws TrainingCancelled between trees). The order in which the models grow (one after the
 * other, or side by side on a pool) is schedule.ts's.
 */
export async function trainStaged(
  inputs: readonly TrainingInput[],
  planIn: TrainingPlan,
  opts: TrainOptions = {}
): Promise<TrainingResult> {
  const plan = structuredClone(assertValidPlan(planIn));
  if (plan.stages.some((s) => s.learner === 'boosted')) {
    // The model file and the evaluation report hold forests only so far.
    throw new TrainingDataError(
      "trainStaged: a plan with learner 'boosted' cannot be trained into a model file yet; " +
        "use learner 'forest' (or evaluate boosted stages with crossValidate / bench/boost-cv.ts)"
    );
  }
  const ctx = new JobContext(opts);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = (timings[name] ?? 0) + (t - t0);
    t0 = t;
  };
  ctx.treesTotal = jobTreeCount(plan, opts);
  ctx.emit('prepare', null, 'selecting labelled rows and the grouped hold-out');
  let data = prepareData(inputs, plan);
  const trainRows: Record<string, Int32Array> = {};
  for (const m of data.missions) trainRows[m] = data.byMission[m].train;
  const evalRows = concatRows(data.missions.map((m) => data.byMission[m].holdout));
  const reportInput = () => ({
    data,
    holdout: plan.holdout,
    seed: plan.seed,
    trees: totalTrees(plan),
    evalRows,
    trainRows,
    predictions: {},
    bootstrapReps: opts.bootstrapReps ?? 200
  });
  const evaluate = (proba: Float64Array) => evaluateModel(reportInput(), proba);
  const evalMissions = Array.from(evalRows, (i) => data.mission[i]);
  lap('prepare');

  let featureSelection: FeatureSelectionResult | null = null;
  if (plan.featureSelection) {
    const selected = await selectFeatureColumns(
      ctx,
      data,
      plan,
      trainRows,
      evaluate,
      evalRows,
      evalMissions
    );
    data = selected.data;
    featureSelection = selected.selection;
    lap('select-features');
  }

  // The evaluated model and the baselines; with a concurrent schedule each is scored (and the
  // candidates ranked, unless a refit model will rank them) while the others still grow.
  const wantsRanking = plan.task === 'vetting' && opts.rankCandidates !== false;
  const refit = refitsOnAllRows(plan);
  const schedule = new JobSchedule(ctx, opts.concurrentBaselines === true);
  const evaluations: { [K in 'staged' | BaselineName]?: ModelEvaluation } = {};
  const early: { candidates?: RankedCandidate[] } = {};
  let scores: HoldoutScores | null = null;
  const earlySteps = [
    (st: StagedForest) => {
      scores = holdoutScores(st, data, plan, trainRows, evalRows, evalMissions);
      evaluations.staged = evaluate(scores.calibrated);
    }
  ];
  if (wantsRanking && !refit)
    earlySteps.push((st) => (early.candidates = rankInputCandidates(inputs, data, st)));
  const stagedRun = schedule.staged(
    (onLastRequested) => trainStagedForest(ctx, data, plan, trainRows, onLastRequested),
    earlySteps
  );
  const baselines =
    opts.baselines !== false
      ? schedule.baselines(
          (background) => trainBaselines(ctx, data, plan, trainRows, evalRows, background),
          (name, proba) => (evaluations[name] = evaluate(proba))
        )
      : null;
  const evaluated = await stagedRun;
  lap('train');
  // Concurrent: summarised while the last baseline forests still grow.
  const card =
    schedule.concurrent && !refit
      ? summariseModel(data, evaluated, trainRows, featureSelection)
      : null;
  if (!scores) {
    scores = holdoutScores(evaluated, data, plan, trainRows, evalRows, evalMissions);
    lap('calibrate-probabilities');
  }
  const predictions: { [K in 'staged' | BaselineName]?: Float64Array } = {
    staged: scores.calibrated
  };
  if (baselines) {
    ctx.emit('baselines', null, 'training the pooled, per-mission and averaged baselines');
    Object.assign(predictions, await baselines());
    lap('baselines');
  }

  ctx.emit('evaluate', null, 'scoring every model on the hold-out');
  const report = buildReport({ ...reportInput(), predictions, evaluations });
  if (featureSelection) featureSelection.after = report.models.staged!;
  lap('evaluate');

  let staged = evaluated;
  let modelRows = trainRows;
  let modelFits = scores.fit;
  let refitSummary: RefitSummary | null = null;
  if (refit) {
    const final = await refitOnAllRows(ctx, data, plan, trainRows);
    staged = final.staged;
    modelRows = final.allRows;
    modelFits = final.fits;
    refitSummary = final.summary;
    lap('final');
  }
  const calibration: CalibrationSummary | null =
    data.task === 'vetting'
      ? {
          holdout: calibrationReport(
            scores.fit,
            gatherLabels(data.y, evalRows),
            evalMissions,
            scores.raw,
            scores.calibrated,
            data.missions,
            data.classes[PLANET_CLASS]
          ),
          model: { fits: modelFits.fits, skipped: modelFits.skipped }
        }
      : null;

  let candidates: RankedCandidate[] | null = null;
  if (wantsRanking) {
    ctx.emit('rank', null, 'ranking unresolved rows by P(planet)');
    candidates = early.candidates ?? rankInputCandidates(inputs, data, staged);
    lap('rank');
  }

  const { importances, missions, ranges } =
    card ?? summariseModel(data, staged, modelRows, featureSelection);
  ctx.emit('done', null, 'training finished');
  return {
    plan,
    task: plan.task,
    classes: data.classes,
    features: data.features.map((name, j) => ({ name, unit: data.units[j] })),
    staged,
    evaluated,
    refit: refitSummary,
    calibration,
    featureRanges: ranges,
    missingFill: data.fill,
    importances,
    missions,
    holdout: {
      rowKeys: Array.from(evalRows, (i) => data.rowKey[i]),
      objectIds: Array.from(evalRows, (i) => data.objectId[i]),
      hostIds: Array.from(evalRows, (i) => data.hostId[i]),
      missions: evalMissions,
      labels: gatherLabels(data.y, evalRows),
      proba: predictions.staged!
    },
    report,
    featureSelection,
    candidates,
    timings
  };
}
