/**
 * Backtest: train a plan on older archive tables, score the objects that were still open in
 * them with the values they had then, and compare with what NASA decided later (the newer
 * tables, matched by object id: backtest-match.ts). Unlike a random hold-out of today's table,
 * this is the job users do: rank the open candidates.
 *
 * The staged model (calibrated as trainStaged calibrates it) and the three baselines are trained
 * on every labelled row of the older tables (there is no hold-out: the test rows are the later
 * outcomes). Two views:
 *  - resolved: open-then objects resolved later (planet or false positive), scored like a
 *    hold-out (evaluate: accuracy beside the majority class, ROC AUC, PR AUC, Brier, ... with
 *    host-bootstrap intervals), plus precision and recall in the top 10% and 25% and ECE;
 *  - ranking: every open-then object ranked as a user would have ranked it then; how many of the
 *    top 10% / 25% were confirmed later, beside the count a random order gives on average.
 * Objects that stayed open, changed id or vanished are counted and listed.
 */
import { TrainingDataError } from './job-failure.ts';
import { applyCalibration } from '../model/index.ts';
import type { CanonicalTable } from '../missions/index.ts';
import { baselineTreeCount, trainBaselines } from './baselines.ts';
import {
  backtestRanking,
  backtestTopK,
  type OpenRanking,
  type TopKReport
} from './backtest-ranking.ts';
import { matchOpenObjects, type MatchSummary, type OpenObject } from './backtest-match.ts';
import {
  calibrationNumbers,
  calibrationReport,
  fitStagedCalibration,
  type CalibrationReport
} from './calibration-fit.ts';
import { PLANET_CLASS, gatherLabels, gatherRows, prepareData, type TrainingInput } from './data.ts';
import { assertValidPlan, totalTrees, type TrainingPlan } from './plan.ts';
import { JobContext, type JobHooks } from './job-context.ts';
import { buildReport, type EvaluationReport, type ModelName } from './report.ts';
import { predictStaged } from './staged.ts';
import { stagedTreeCount, trainStagedForest } from './train.ts';

export interface BacktestOptions extends JobHooks {
  /** Group-bootstrap resamples per interval (default 200; 0 = none). */
  bootstrapReps?: number;
}

/** A table of a backtest, as the report names it. */
export interface BacktestTable {
  name: string;
  downloadDate: string | null;
  missions: string[];
  rows: number;
}

export interface BacktestReport {
  task: 'vetting';
  seed: number;
  /** Trees of each model (staged total; the baselines get the same). */
  trees: number;
  features: string[];
  missions: string[];
  older: BacktestTable[];
  later: BacktestTable[];
  /** Labelled rows of the older tables the models were trained on, per mission. */
  trainRows: Record<string, number>;
  /** Open-then objects and what became of them, per mission. */
  outcomes: MatchSummary['byMission'];
  /** Objects not scored as resolved: still open, renamed, gone (ids; renamed: old -> new). */
  unresolved: {
    [mission: string]: { open: string[]; changedId: [string, string][]; vanished: string[] };
  };
  /** Resolved-later objects scored like a hold-out, every model (missions with any such rows). */
  resolved: EvaluationReport;
  /** Expected calibration error of every model on the resolved objects. */
  ece: { [model: string]: { [scope: string]: number | null } };
  /** Precision / recall of later-confirmed planets in the top 10% and 25% of the resolved objects. */
  topK: { [model: string]: { [scope: string]: TopKReport } };
  /** Every open-then object ranked: later-confirmed planets in the top 10% and 25%. */
  ranking: { [model: string]: { [scope: string]: OpenRanking } };
  /** The staged model's calibration on the resolved objects (raw vote vs calibrated). */
  calibration: CalibrationReport;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

function tableInfo(inputs: readonly TrainingInput[]): BacktestTable[] {
  return inputs.map((inp, i) => ({
    name: inp.name ?? inp.report?.fileName ?? `table-${i + 1}`,
    downloadDate: inp.downloadDate ?? inp.report?.downloadDate ?? null,
    missions: [...new Set(inp.table.mission)].filter((m) => m !== 'unknown').sort(),
    rows: inp.table.objectId.length
  }));
}

/** The older tables with each open-then object labelled with what it became (if resolved). */
function withLaterLabels(
  older: readonly TrainingInput[],
  objects: OpenObject[]
): { inputs: TrainingInput[]; open: Set<string> } {
  const open = new Set<string>();
  const inputs = older.map((inp) => ({
    ...inp,
    table: {
      ...inp.table,
      labelVetting: [...inp.table.labelVetting],
      labelDisposition: [...inp.table.labelDisposition]
    } as CanonicalTable
  }));
  for (const o of objects) {
    open.add(`${o.input}:${o.row}`);
    // Every open-then object gets a label so it is a row of the prepared data; only resolved
    // ones are ever scored against it, and none is ever trained on (they are the test rows).
    inputs[o.input].table.labelVetting[o.row] =
      o.outcome === 'planet' ? 'PLANET' : 'FALSE_POSITIVE';
  }
  return { inputs, open };
}

/** The data of a backtest: training rows (labelled then), the open-then rows and their outcomes. */
export function prepareBacktest(
  older: readonly TrainingInput[],
  later: readonly TrainingInput[],
  plan: TrainingPlan
) {
  const missions = plan.stages.map((s) => s.mission);
  const match = matchOpenObjects(
    older.map((i) => i.table),
    later.map((i) => i.table),
    missions
  );
  const laterMissions = new Set(later.flatMap((i) => i.table.mission));
  const { inputs, open } = withLaterLabels(older, match.objects);
  const prepared = prepareData(inputs, plan);
  // No random hold-out here: train on every row labelled then, test on the open-then objects.
  const keyPos = new Map(prepared.rowKey.map((k, i) => [k, i]));
  const trainRows: Record<string, Int32Array> = {};
  for (const m of prepared.missions) {
    const all = prepared.byMission[m].all;
    trainRows[m] = Int32Array.from(Array.from(all).filter((i) => !open.has(prepared.rowKey[i])));
    if (trainRows[m].length === 0) {
      throw new TrainingDataError(
        `backtest: the older ${m.toUpperCase()} table has no planet or false-positive labels to train on`
      );
    }
  }
  const byObject = new Map(match.objects.map((o) => [`${o.input}:${o.row}`, o]));
  const openRows = Int32Array.from(
    match.objects.map((o) => keyPos.get(`${o.input}:${o.row}`)!).filter((i) => i !== undefined)
  );
  const outcomeOfRow = (i: number) => byObject.get(prepared.rowKey[i])!.outcome;
  const resolvedPos: number[] = [];
  openRows.forEach((r, p) => {
    const o = outcomeOfRow(r);
    if (o === 'planet' || o === 'false-positive') resolvedPos.push(p);
  });
  const evalMissions = missions.filter((m) =>
    resolvedPos.some((p) => prepared.mission[openRows[p]] === m)
  );
  if (evalMissions.length === 0) {
    const seen = [...laterMissions].filter((m) => m !== 'unknown').join(', ') || 'none';
    throw new TrainingDataError(
      `backtest: no object open in the older tables was resolved in the newer ones (newer tables' missions: ${seen}); give newer downloads of the same tables with --later`
    );
  }
  const evalRows = Int32Array.from(resolvedPos, (p) => openRows[p]);
  // The report's "hold-out" is the resolved-later objects.
  const data = {
    ...prepared,
    byMission: Object.fromEntries(
      prepared.missions.map((m) => [
        m,
        {
          ...prepared.byMission[m],
          train: trainRows[m],
          holdout: evalRows.filter((i) => prepared.mission[i] === m)
        }
      ])
    )
  };
  return { match, data, trainRows, openRows, resolvedPos, evalRows, evalMissions, outcomeOfRow };
}

/** Trees a backtest grows (staged model + baselines), for progress. */
export function backtestTreeCount(plan: TrainingPlan): number {
  return stagedTreeCount(plan) + baselineTreeCount(plan);
}

/**
 * Trains `planIn` on the labelled rows of `older` and scores its open objects against `later`.
 * Vetting plans only. Throws an Error starting with "backtest:" for unusable inputs.
 */
export async function runBacktest(
  older: readonly TrainingInput[],
  later: readonly TrainingInput[],
  planIn: TrainingPlan,
  opts: BacktestOptions = {}
): Promise<BacktestReport> {
  const plan = structuredClone(assertValidPlan(planIn));
  if (plan.task !== 'vetting') {
    throw new TrainingDataError(
      'backtest: only the vetting task can be backtested (open candidates are ranked by P(planet)); use a vetting plan'
    );
  }
  if (older.length === 0 || later.length === 0) {
    throw new TrainingDataError(
      'backtest: give the older tables (trained on) and the newer tables (what became of the open objects)'
    );
  }
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = (timings[name] ?? 0) + (t - t0);
    t0 = t;
  };
  const ctx = new JobContext(opts);
  ctx.treesTotal = backtestTreeCount(plan);
  ctx.emit('prepare', null, 'matching the open objects of the older tables to the newer ones');
  const missions = plan.stages.map((s) => s.mission);
  const { match, data, trainRows, openRows, resolvedPos, evalRows, evalMissions, outcomeOfRow } =
    prepareBacktest(older, later, plan);
  lap('prepare');

  const staged = await trainStagedForest(ctx, data, plan, trainRows);
  const fit = fitStagedCalibration(staged, data, plan, trainRows);
  staged.calibration = fit.calibration;
  const Xopen = gatherRows(data.X, openRows);
  const openMissions = Array.from(openRows, (i) => data.mission[i]);
  const raw = predictStaged({ ...staged, calibration: null }, Xopen, openMissions);
  const stagedP = applyCalibration(fit.calibration, data.classes, raw.slice(), openMissions);
  lap('train');
  ctx.emit('baselines', null, 'training the pooled, per-mission and averaged baselines');
  const base = await trainBaselines(ctx, data, plan, trainRows, openRows);
  lap('baselines');

  ctx.emit('evaluate', null, 'scoring the models on the objects resolved later');
  const probaOf: Record<ModelName, Float64Array> = {
    staged: stagedP,
    pooled: base.pooled,
    perMission: base.perMission,
    averaged: base.averaged,
    missingPattern: base.missingPattern
  };
  const K = data.classes.length;
  const subset = (p: Float64Array, pos: number[]) => {
    const out = new Float64Array(pos.length * K);
    pos.forEach((q, k) => out.set(p.subarray(q * K, (q + 1) * K), k * K));
    return out;
  };
  const evalData = { ...data, missions: evalMissions };
  const bootstrapReps = opts.bootstrapReps ?? 200;
  const resolved = buildReport({
    data: evalData,
    holdout: 0,
    seed: plan.seed,
    trees: totalTrees(plan),
    evalRows,
    trainRows,
    predictions: Object.fromEntries(
      Object.entries(probaOf).map(([k, p]) => [k, subset(p, resolvedPos)])
    ),
    bootstrapReps
  });
  const labels = gatherLabels(data.y, evalRows);
  const rowMissions = Array.from(evalRows, (i) => data.mission[i]);
  const hosts = Array.from(evalRows, (i) => data.hostId[i]);
  const scopes = [...evalMissions, 'combined'];
  const inScope = (s: string) =>
    rowMissions.flatMap((m, k) => (s === 'combined' || m === s ? [k] : []));
  const ece: BacktestReport['ece'] = {};
  const topK: BacktestReport['topK'] = {};
  for (const [name, p] of Object.entries(probaOf)) {
    const pr = subset(p, resolvedPos);
    ece[name] = {};
    topK[name] = {};
    scopes.forEach((s, k) => {
      const idx = inScope(s);
      const y = Int32Array.from(idx, (i) => labels[i]);
      ece[name][s] = calibrationNumbers(y, subset(pr, idx)).ece;
      topK[name][s] = backtestTopK(
        Float64Array.from(idx, (i) => pr[i * K + PLANET_CLASS]),
        Uint8Array.from(idx, (i) => (labels[i] === PLANET_CLASS ? 1 : 0)),
        idx.map((i) => hosts[i]),
        idx.map((i) => data.objectId[evalRows[i]]),
        plan.seed + 7919 * k,
        bootstrapReps
      );
    });
  }
  // Ranking view: every open-then object of the missions, whatever became of it.
  const ranking: BacktestReport['ranking'] = {};
  const openScopes = [...missions.filter((m) => openMissions.includes(m)), 'combined'];
  for (const [name, p] of Object.entries(probaOf)) {
    ranking[name] = {};
    for (const s of openScopes) {
      const pos: number[] = [];
      openMissions.forEach((m, q) => (s === 'combined' || m === s) && pos.push(q));
      ranking[name][s] = backtestRanking(
        Float64Array.from(pos, (q) => p[q * K + PLANET_CLASS]),
        pos.map((q) => outcomeOfRow(openRows[q])),
        pos.map((q) => data.objectId[openRows[q]])
      );
    }
  }
  const calibration = calibrationReport(
    fit,
    labels,
    rowMissions,
    subset(raw, resolvedPos),
    subset(stagedP, resolvedPos),
    evalMissions,
    data.classes[PLANET_CLASS]
  );
  const unresolved: BacktestReport['unresolved'] = {};
  for (const m of missions) unresolved[m] = { open: [], changedId: [], vanished: [] };
  for (const o of match.objects) {
    const u = unresolved[o.mission];
    if (o.outcome === 'open') u.open.push(o.objectId);
    else if (o.outcome === 'changed-id') u.changedId.push([o.objectId, o.laterId!]);
    else if (o.outcome === 'vanished') u.vanished.push(o.objectId);
  }
  lap('evaluate');
  ctx.emit('done', null, 'backtest finished');
  return {
    task: 'vetting',
    seed: plan.seed,
    trees: totalTrees(plan),
    features: [...data.features],
    missions: evalMissions,
    older: tableInfo(older),
    later: tableInfo(later),
    trainRows: Object.fromEntries(missions.map((m) => [m, trainRows[m].length])),
    outcomes: match.byMission,
    unresolved,
    resolved,
    ece,
    topK,
    ranking,
    calibration,
    timings
  };
}
