/**
 * trainStaged: the whole training job. Prepares the data (task labels, per-mission grouped
 * hold-out), optionally selects features on inner splits, trains the staged forest (with a
 * calibration pass for the tree-group weights), trains the three baselines on the same rows,
 * scores everything on the hold-out and ranks the inputs' candidates.
 */
import { mdiImportance } from '../forest/index.ts';
import { littleEndianBytes, Sha256, type FeatureRange } from '../model/index.ts';
import { infiniteAsMissing, toMatrix } from '../missions/index.ts';
import { deriveSeed } from '../random.ts';
import { baselineTreeCount, trainBaselines, type BaselineName } from './baselines.ts';
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
  calibratedCopy,
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
import { orderByPlanet, rankRows, unresolvedRows, type RankedCandidate } from './ranking.ts';
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

/** Per mission: rows and the data behind its stage. */
export interface MissionSummary {
  mission: string;
  datasets: string[];
  snapshotDate: string | null;
  /** SHA-256 over the stage's training matrix and labels. */
  fingerprint: string;
  rows: { labelled: number; train: number; holdout: number; calibration: number };
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
  importances: { [kind: string]: { [feature: string]: number } };
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

function fingerprint(data: PreparedData, rows: Int32Array): string {
  const h = new Sha256();
  h.update(JSON.stringify(data.features));
  h.update(littleEndianBytes(gatherRows(data.X, rows).data));
  h.update(littleEndianBytes(gatherLabels(data.y, rows)));
  return h.digestHex();
}

function featureRanges(data: PreparedData, rows: Int32Array): (FeatureRange | null)[] {
  const n = data.X.nRows;
  return data.features.map((_, j) => {
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < rows.length; k++) {
      const v = data.X.data[j * n + rows[k]];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return min <= max ? { min, max } : null;
  });
}

/** Every unresolved row of the inputs' staged missions, ranked by P(planet) (vetting). */
function rankInputCandidates(
  inputs: readonly TrainingInput[],
  data: PreparedData,
  staged: StagedForest
): RankedCandidate[] {
  const candidates: RankedCandidate[] = [];
  for (const input of inputs) {
    const rows = unresolvedRows(input.table).filter((i) =>
      (data.missions as string[]).includes(input.table.mission[i])
    );
    if (rows.length === 0) continue;
    const X = toMatrix(input.table, data.features, rows);
    infiniteAsMissing(X.data);
    const proba = predictStaged(
      staged,
      X,
      rows.map((i) => input.table.mission[i]),
      data.classes
    );
    for (const c of rankRows(input.table, rows, proba, data.classes.length, PLANET_CLASS)) {
      candidates.push(c);
    }
  }
  return orderByPlanet(candidates);
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
 * Trains a staged model from archive tables according to `plan` and evaluates it against the
 * baselines on the per-mission grouped hold-out. Cancel with opts.signal / opts.shouldStop
 * (throws TrainingCancelled between trees).
 */
export async function trainStaged(
  inputs: readonly TrainingInput[],
  planIn: TrainingPlan,
  opts: TrainOptions = {}
): Promise<TrainingResult> {
  const plan = structuredClone(assertValidPlan(planIn));
  if (plan.stages.some((s) => s.learner === 'boosted')) {
    // The model file and the evaluation report hold forests only so far.
    throw new Error(
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
  const bootstrapReps = opts.bootstrapReps ?? 200;
  const reportInput = (d: PreparedData) => ({
    data: d,
    holdout: plan.holdout,
    seed: plan.seed,
    trees: totalTrees(plan),
    evalRows,
    trainRows,
    predictions: {},
    bootstrapReps
  });
  const evalMissions = Array.from(evalRows, (i) => data.mission[i]);
  lap('prepare');

  let featureSelection: FeatureSelectionResult | null = null;
  if (plan.featureSelection) {
    const fs = plan.featureSelection;
    ctx.emit(
      'select-features',
      null,
      `ranking features by ${fs.method} importance on inner splits`
    );
    const ranked = await rankFeatures(ctx, data, plan, trainRows, fs.method);
    const kept = selectFeatures(ranked.ranking, fs);
    const before = await trainStagedForest(ctx, data, plan, trainRows);
    before.calibration = fitStagedCalibration(before, data, plan, trainRows).calibration;
    const beforeEval = evaluateModel(
      reportInput(data),
      predictStaged(before, gatherRows(data.X, evalRows), evalMissions, data.classes)
    );
    data = selectColumns(data, kept);
    featureSelection = {
      method: fs.method,
      ranking: ranked.ranking,
      kept: data.features,
      dropped: ranked.ranking.map((r) => r.feature).filter((f) => !data.features.includes(f)),
      innerRows: { train: ranked.innerTrain, validation: ranked.innerValidation },
      before: beforeEval,
      after: beforeEval // replaced below by the final model's evaluation
    };
    lap('select-features');
  }

  const wantsRanking = plan.task === 'vetting' && opts.rankCandidates !== false;
  const concurrent = opts.concurrentBaselines === true;
  const evaluations: { [K in 'staged' | BaselineName]?: ModelEvaluation } = {};
  const finalData = data;
  // With concurrent baselines, each model is scored as soon as its forests are done, while the
  // pool still grows the others, so little CPU work is left once the last forest arrives. One
  // model at a time, yielding in between so the pool can hand out its next slices.
  const turn = async () => {
    await new Promise((r) => setTimeout(r, 0));
    ctx.checkCancel();
  };
  const early: { staged?: Float64Array; candidates?: RankedCandidate[] } = {};
  const refit = refitsOnAllRows(plan);
  // Hold-out probabilities of the evaluated forest before and after its calibration, which is
  // fitted on its training rows' out-of-bag probabilities (never on the hold-out).
  const holdoutScores = (st: StagedForest) => {
    const fit = fitStagedCalibration(st, finalData, plan, trainRows);
    st.calibration = fit.calibration;
    const raw = predictStaged(
      { ...st, calibration: null },
      gatherRows(finalData.X, evalRows),
      evalMissions
    );
    return {
      fit,
      raw,
      calibrated: calibratedCopy(fit.calibration, data.classes, raw, evalMissions)
    };
  };
  let scores: ReturnType<typeof holdoutScores> | null = null;
  // The pooled baseline (the largest forest) is requested after the staged model's last
  // forests, so while it grows the staged model is scored, and little is left after it.
  let stagedRequested = () => {};
  const pooledAfter = new Promise<void>((r) => (stagedRequested = r));
  // The staged model's first forest is requested before the baselines' (its chain is longer).
  const stagedRun = trainStagedForest(ctx, data, plan, trainRows, () => stagedRequested()).then(
    async (st) => {
      if (!concurrent) return st;
      await turn();
      scores = holdoutScores(st);
      early.staged = scores.calibrated;
      evaluations.staged = evaluateModel(reportInput(finalData), early.staged);
      // With a refit, candidates are ranked by the final model once it is trained.
      if (wantsRanking && !refit) {
        await turn();
        early.candidates = rankInputCandidates(inputs, finalData, st);
      }
      return st;
    }
  );
  const baselinesRun =
    opts.baselines !== false && concurrent
      ? trainBaselines(ctx, data, plan, trainRows, evalRows, {
          pooledAfter: Promise.race([pooledAfter, stagedRun.then(() => undefined)]),
          onReady: async (name, p) => {
            await turn();
            evaluations[name] = evaluateModel(reportInput(finalData), p);
          }
        })
      : null;
  // Awaited below; a failure of the staged model first must not leave it unhandled.
  baselinesRun?.catch(() => {});
  /** A model's importances, mission summaries and feature ranges (over the rows it was trained on). */
  const describe = (staged: StagedForest, rowsOf: Record<string, Int32Array>) => {
    const allTrain = concatRows(data.missions.map((m) => rowsOf[m]));
    const mdi = mdiImportance(staged.forest);
    const importances: TrainingResult['importances'] = {
      mdi: Object.fromEntries(data.features.map((f, j) => [f, mdi[j]]))
    };
    if (featureSelection) {
      importances[`selection-${featureSelection.method}`] = Object.fromEntries(
        featureSelection.ranking
          .filter((r) => data.features.includes(r.feature))
          .map((r) => [r.feature, r.importance])
      );
    }
    const missions: MissionSummary[] = staged.stages.map((st) => {
      const mr = data.byMission[st.mission];
      return {
        mission: st.mission,
        datasets: mr.datasets,
        snapshotDate: mr.snapshotDate,
        fingerprint: fingerprint(data, rowsOf[st.mission]),
        rows: {
          labelled: mr.all.length,
          train: mr.train.length,
          holdout: mr.holdout.length,
          calibration: st.rows.calibration
        }
      };
    });
    return { importances, missions, ranges: featureRanges(data, allTrain) };
  };
  const evaluated = await stagedRun;
  lap('train');
  // With concurrent baselines, done while the last baseline forests still grow.
  const card = concurrent && !refit ? describe(evaluated, trainRows) : null;

  if (!scores) {
    scores = holdoutScores(evaluated);
    lap('calibrate-probabilities');
  }
  const predictions: { [K in 'staged' | BaselineName]?: Float64Array } = {
    staged: early.staged ?? scores.calibrated
  };
  if (opts.baselines !== false) {
    ctx.emit('baselines', null, 'training the pooled, per-mission and averaged baselines');
    Object.assign(
      predictions,
      await (baselinesRun ?? trainBaselines(ctx, data, plan, trainRows, evalRows))
    );
    lap('baselines');
  }

  ctx.emit('evaluate', null, 'scoring every model on the hold-out');
  const report = buildReport({ ...reportInput(data), predictions, evaluations });
  if (featureSelection) featureSelection.after = report.models.staged!;
  lap('evaluate');

  // The final model: the same plan on every labelled row (the hold-out's job is done), with its
  // own calibration fitted on the out-of-bag probabilities of all those rows.
  let staged = evaluated;
  let refitSummary: RefitSummary | null = null;
  let modelFits = scores.fit;
  const allRows: Record<string, Int32Array> = {};
  for (const m of data.missions) allRows[m] = data.byMission[m].all;
  if (refit) {
    ctx.emit('final', null, 'training the final model on every labelled row');
    staged = await trainStagedForest(ctx, data, plan, allRows, undefined, { final: true });
    lap('final');
    modelFits = fitStagedCalibration(staged, data, plan, allRows);
    staged.calibration = modelFits.calibration;
    const count = (rows: Record<string, Int32Array>) =>
      Object.fromEntries(data.missions.map((m) => [m, rows[m].length]));
    refitSummary = {
      rows: count(allRows),
      total: data.missions.reduce((s, m) => s + allRows[m].length, 0),
      evaluatedOn: count(trainRows)
    };
    lap('calibrate-probabilities');
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

  const { importances, missions, ranges } = card ?? describe(staged, refit ? allRows : trainRows);
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
