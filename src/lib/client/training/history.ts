/**
 * Run history: what a finished run keeps in the store (its plan and a JSON report), the rows of
 * the history list, and the side-by-side comparison of two runs (metrics and plan differences).
 * Pure TS (unit-tested in Node); storage itself is the store's addRun / listRuns / deleteRun.
 */
import type {
  MetricReport,
  ModelEvaluation,
  RankedCandidate,
  TrainingPlan
} from '../../core/pipeline/index.ts';
import type { Json, RunRecord } from '../store/types.ts';
import type { TrainSummary } from '../../workers/train.worker.ts';
import { MISSION_LABEL } from './plan-form.ts';

export const RUN_REPORT_VERSION = 1;
/** Candidates a stored run keeps (the full ranking is in the results view while it is open). */
export const STORED_CANDIDATES = 200;

export interface RunDataset {
  id: string;
  name: string;
  kind: string;
  fingerprint: string;
  downloadDate: string | null;
}

/** The report part of a stored run. */
export interface RunReport {
  version: number;
  summary: TrainSummary;
  /** Total unresolved rows ranked (summary.candidates keeps the first STORED_CANDIDATES). */
  candidatesTotal: number;
  datasets: RunDataset[];
  elapsedMs: number;
  /** Browser threads that grew the trees (pool workers). */
  workers: number;
}

/** JSON has no NaN / Infinity: store them as null, as JSON.stringify would. */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An evaluation without its curves (the baselines' are not kept with a run, as in a model file). */
function withoutCurves(ev: ModelEvaluation): ModelEvaluation {
  const strip = (r: MetricReport): MetricReport => ({
    ...r,
    rocCurve: null,
    prCurve: null,
    calibration: null
  });
  return {
    byMission: Object.fromEntries(Object.entries(ev.byMission).map(([m, r]) => [m, strip(r)])),
    combined: strip(ev.combined)
  };
}

export function makeRunReport(
  summary: TrainSummary,
  datasets: RunDataset[],
  elapsedMs: number,
  workers: number
): RunReport {
  const candidates: RankedCandidate[] | null = summary.candidates
    ? summary.candidates.slice(0, STORED_CANDIDATES)
    : null;
  const models: TrainSummary['report']['models'] = {};
  for (const [name, ev] of Object.entries(summary.report.models) as [
    keyof TrainSummary['report']['models'],
    ModelEvaluation
  ][]) {
    models[name] = name === 'staged' ? ev : withoutCurves(ev);
  }
  return jsonSafe({
    version: RUN_REPORT_VERSION,
    summary: { ...summary, candidates, report: { ...summary.report, models } },
    candidatesTotal: summary.candidates?.length ?? 0,
    datasets,
    elapsedMs: Math.round(elapsedMs),
    workers
  });
}

/** The NewRun for the store: plan and report as JSON. */
export function runInput(report: RunReport): { plan: Json; report: Json } {
  return {
    plan: report.summary.plan as unknown as Json,
    report: report as unknown as Json
  };
}

/** A stored run's report, or null when it is not one this version of the app wrote. */
export function readRunReport(run: Pick<RunRecord, 'report'>): RunReport | null {
  const r = run.report as unknown as RunReport | null;
  if (
    !r ||
    typeof r !== 'object' ||
    r.version !== RUN_REPORT_VERSION ||
    !r.summary ||
    typeof r.summary !== 'object' ||
    !r.summary.report ||
    !Array.isArray(r.datasets)
  ) {
    return null;
  }
  return r;
}

export interface HistoryRow {
  id: string;
  createdAt: string;
  task: string;
  /** "KOI > K2 > TESS" */
  stages: string;
  trees: number;
  seed: number;
  datasets: string;
  accuracy: number | null;
  rocAuc: number | null;
  modelId: string | null;
  readable: boolean;
}

const STAGE_SHORT: Record<string, string> = { koi: 'KOI', k2: 'K2', toi: 'TESS' };

export function historyRow(run: RunRecord): HistoryRow {
  const r = readRunReport(run);
  const plan = (r?.summary.plan ?? run.plan) as unknown as Partial<TrainingPlan> | null;
  const stages = Array.isArray(plan?.stages) ? plan.stages : [];
  const staged = r?.summary.report.models.staged?.combined;
  return {
    id: run.id,
    createdAt: run.createdAt,
    task: typeof plan?.task === 'string' ? plan.task : '?',
    stages: stages.map((s) => STAGE_SHORT[s.mission] ?? s.mission).join(' > '),
    trees: stages.reduce((n, s) => n + (typeof s.trees === 'number' ? s.trees : 0), 0),
    seed: typeof plan?.seed === 'number' ? plan.seed : NaN,
    datasets: r ? r.datasets.map((d) => d.name).join(', ') : '',
    accuracy: staged?.accuracy ?? null,
    rocAuc: staged?.rocAuc ?? null,
    modelId: run.modelId ?? null,
    readable: r !== null
  };
}

/**
 * History rows, newest first. A run saved again with its model replaces its model-less record;
 * if both are still there (the delete failed), the one with the model is shown.
 */
export function historyRows(
  runs: RunRecord[],
  replaced: ReadonlySet<string> = new Set()
): HistoryRow[] {
  return runs
    .filter((r) => !replaced.has(r.id))
    .map(historyRow)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export const COMPARED_METRICS = [
  { key: 'accuracy', label: 'Accuracy', higherIsBetter: true, percent: true },
  { key: 'balancedAccuracy', label: 'Balanced accuracy', higherIsBetter: true, percent: true },
  { key: 'macroF1', label: 'Macro-F1', higherIsBetter: true, percent: false },
  { key: 'rocAuc', label: 'ROC AUC', higherIsBetter: true, percent: false },
  { key: 'prAuc', label: 'PR AUC', higherIsBetter: true, percent: false },
  { key: 'brier', label: 'Brier score', higherIsBetter: false, percent: false }
] as const;

export type ComparedMetric = (typeof COMPARED_METRICS)[number]['key'];

export interface ComparisonRow {
  /** Mission key or 'combined'. */
  scope: string;
  label: string;
  metric: ComparedMetric;
  metricLabel: string;
  a: number | null;
  b: number | null;
  /** b - a, null when either is missing. */
  delta: number | null;
  /** Whether b is better than a (null: equal or not comparable). */
  bBetter: boolean | null;
}

function metricOf(ev: ModelEvaluation | undefined, scope: string): MetricReport | undefined {
  if (!ev) return undefined;
  return scope === 'combined' ? ev.combined : ev.byMission[scope];
}

/**
 * Staged-model metrics of two evaluations side by side (two runs, or feature selection's
 * before / after), per mission (union of both, in a's order) and combined.
 */
export function compareEvaluations(
  a: ModelEvaluation | undefined,
  b: ModelEvaluation | undefined
): ComparisonRow[] {
  const scopes: string[] = [];
  for (const ev of [a, b]) {
    for (const m of Object.keys(ev?.byMission ?? {})) if (!scopes.includes(m)) scopes.push(m);
  }
  scopes.push('combined');
  const rows: ComparisonRow[] = [];
  for (const scope of scopes) {
    for (const m of COMPARED_METRICS) {
      const va = metricOf(a, scope)?.[m.key] ?? null;
      const vb = metricOf(b, scope)?.[m.key] ?? null;
      const delta = va !== null && vb !== null ? vb - va : null;
      rows.push({
        scope,
        label: scope === 'combined' ? 'combined' : (STAGE_SHORT[scope] ?? scope),
        metric: m.key,
        metricLabel: m.label,
        a: va,
        b: vb,
        delta,
        bBetter:
          delta === null || Math.abs(delta) < 1e-12
            ? null
            : m.higherIsBetter
              ? delta > 0
              : delta < 0
      });
    }
  }
  return rows;
}

export function compareRuns(a: RunReport, b: RunReport): ComparisonRow[] {
  return compareEvaluations(a.summary.report.models.staged, b.summary.report.models.staged);
}

const show = (v: unknown): string => {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

const STAGE_KEYS: {
  key: string;
  label: string;
  get: (s: TrainingPlan['stages'][number]) => unknown;
}[] = [
  { key: 'trees', label: 'trees', get: (s) => s.trees },
  { key: 'maxFeatures', label: 'features per split', get: (s) => s.maxFeatures },
  { key: 'maxDepth', label: 'max depth', get: (s) => s.maxDepth ?? 'unlimited' },
  { key: 'minSamplesLeaf', label: 'min leaf size', get: (s) => s.minSamplesLeaf },
  { key: 'minSamplesSplit', label: 'min split size', get: (s) => s.minSamplesSplit ?? 2 },
  { key: 'criterion', label: 'criterion', get: (s) => s.criterion },
  { key: 'classWeight', label: 'class weights', get: (s) => s.classWeight },
  { key: 'replay', label: 'replay weight', get: (s) => s.replay?.weight ?? null },
  { key: 'refit', label: 'leaf refit blend', get: (s) => s.refit?.blend ?? null },
  { key: 'groupWeights', label: 'per-mission weights', get: (s) => s.groupWeights }
];

/** What differs between two plans, in words ("seed: 42 -> 7", "K2 stage trees: 100 -> 40"). */
export function planDifferences(a: TrainingPlan, b: TrainingPlan): string[] {
  const out: string[] = [];
  const diff = (label: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${label}: ${show(x)} -> ${show(y)}`);
  };
  diff('task', a.task, b.task);
  diff('seed', a.seed, b.seed);
  diff('hold-out share', a.holdout, b.holdout);
  diff('features', a.features, b.features);
  const order = (p: TrainingPlan) =>
    p.stages.map((s) => STAGE_SHORT[s.mission] ?? s.mission).join(' > ');
  diff('stages', order(a), order(b));
  for (const sa of a.stages) {
    const sb = b.stages.find((s) => s.mission === sa.mission);
    if (!sb) continue;
    for (const k of STAGE_KEYS) {
      diff(`${MISSION_LABEL[sa.mission]} stage ${k.label}`, k.get(sa), k.get(sb));
    }
  }
  diff('feature selection', a.featureSelection ?? null, b.featureSelection ?? null);
  const usesCal = (p: TrainingPlan) => p.stages.some((s) => s.groupWeights);
  if (usesCal(a) && usesCal(b)) diff('calibration', a.calibration ?? null, b.calibration ?? null);
  return out;
}
