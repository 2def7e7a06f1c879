/**
 * The evaluation report of a training run: every model (staged and the three baselines) scored
 * on the same hold-out rows, per mission and combined, with the metrics helper's `evaluate`
 * (bootstrap 95% intervals resample host stars). Plain JSON. `formatReportTable` renders the
 * comparison the CLI prints.
 */
import { evaluate, type MetricReport } from './metrics.ts';
import { gatherLabels, type PreparedData } from './data.ts';
import type { Task } from './plan.ts';

export type ModelName = 'staged' | 'pooled' | 'perMission' | 'averaged' | 'missingPattern';
export const MODEL_NAMES: readonly ModelName[] = [
  'staged',
  'pooled',
  'perMission',
  'averaged',
  'missingPattern'
];
export const MODEL_LABELS: Readonly<Record<ModelName, string>> = {
  staged: 'staged',
  pooled: 'pooled',
  perMission: 'per-mission',
  averaged: 'averaged',
  missingPattern: 'missing pattern only'
};

export interface ModelEvaluation {
  byMission: { [mission: string]: MetricReport };
  combined: MetricReport;
}

export interface EvaluationReport {
  task: Task;
  classes: string[];
  /** Class ranked by the ranking metrics (vetting: PLANET); null = macro one-vs-rest. */
  positiveClass: string | null;
  /** Missions in stage order. */
  missions: string[];
  /** Held-out share of each mission's host stars. */
  holdout: number;
  rows: { [mission: string]: { train: number; holdout: number } };
  /** Trees of each model (the baselines get the staged model's total). */
  trees: number;
  features: string[];
  models: { [K in ModelName]?: ModelEvaluation };
  bootstrapReps: number;
  /** Missions whose missing values the models see filled (plan.hideMissingness). */
  hiddenMissingness?: string[];
}

export interface ReportInput {
  data: PreparedData;
  holdout: number;
  seed: number;
  trees: number;
  /** Hold-out rows (indices into data), the rows every prediction array is aligned with. */
  evalRows: Int32Array;
  trainRows: Record<string, Int32Array>;
  predictions: { [K in ModelName]?: Float64Array };
  /** Evaluations already made of some predictions (evaluateModel of the same input). */
  evaluations?: { [K in ModelName]?: ModelEvaluation };
  bootstrapReps: number;
}

/** Evaluation of one prediction array per mission and combined. */
export function evaluateModel(
  input: ReportInput,
  proba: Float64Array,
  seedOffset = 0
): ModelEvaluation {
  const { data, evalRows } = input;
  const K = data.classes.length;
  const positiveClass = data.task === 'vetting' ? data.classes[0] : undefined;
  const run = (positions: number[], trainLabels: Int32Array, k: number): MetricReport => {
    const rows = positions.map((p) => evalRows[p]);
    const sub = new Float64Array(positions.length * K);
    positions.forEach((p, i) => {
      for (let c = 0; c < K; c++) sub[i * K + c] = proba[p * K + c];
    });
    return evaluate(gatherLabels(data.y, rows), sub, {
      classes: data.classes,
      positiveClass,
      groups: input.bootstrapReps > 0 ? rows.map((r) => data.hostId[r]) : undefined,
      trainLabels,
      seed: input.seed + 7919 * k + seedOffset,
      bootstrapReps: input.bootstrapReps > 0 ? input.bootstrapReps : undefined
    });
  };
  const byMission: ModelEvaluation['byMission'] = {};
  const allTrain: number[] = [];
  data.missions.forEach((m, k) => {
    const positions: number[] = [];
    for (let p = 0; p < evalRows.length; p++)
      if (data.mission[evalRows[p]] === m) positions.push(p);
    const tr = input.trainRows[m];
    for (const v of tr) allTrain.push(v);
    byMission[m] = run(positions, gatherLabels(data.y, tr), k + 1);
  });
  const combined = run(
    Array.from({ length: evalRows.length }, (_, p) => p),
    gatherLabels(data.y, allTrain),
    0
  );
  return { byMission, combined };
}

/** Scores every model's hold-out predictions (same seeds for every model: paired intervals). */
export function buildReport(input: ReportInput): EvaluationReport {
  const { data } = input;
  const models: EvaluationReport['models'] = {};
  for (const name of MODEL_NAMES) {
    const p = input.predictions[name];
    if (p) models[name] = input.evaluations?.[name] ?? evaluateModel(input, p);
  }
  const rows: EvaluationReport['rows'] = {};
  for (const m of data.missions) {
    rows[m] = { train: input.trainRows[m].length, holdout: data.byMission[m].holdout.length };
  }
  return {
    task: data.task,
    classes: [...data.classes],
    positiveClass: data.task === 'vetting' ? data.classes[0] : null,
    missions: [...data.missions],
    holdout: input.holdout,
    rows,
    trees: input.trees,
    features: [...data.features],
    models,
    bootstrapReps: input.bootstrapReps,
    hiddenMissingness: Object.keys(data.fill)
  };
}

/** How close (accuracy, 0-1) the missing-pattern baseline may come to the model before a warning. */
export const PATTERN_WARNING_MARGIN = 0.05;

/** A mission where which values are missing predicts the label nearly as well as the model. */
export interface PatternWarning {
  mission: string;
  /** Accuracy of the missing-pattern-only baseline and of the staged model on the hold-out. */
  pattern: number;
  model: number;
  /** Whether the model sees this mission's missing values filled (plan.hideMissingness). */
  hidden: boolean;
  message: string;
}

/**
 * Missions where the missing-pattern-only baseline comes within PATTERN_WARNING_MARGIN of the
 * staged model (or beats it), in plain words.
 */
export function missingPatternWarnings(report: EvaluationReport): PatternWarning[] {
  const staged = report.models.staged;
  const pattern = report.models.missingPattern;
  if (!staged || !pattern) return [];
  const out: PatternWarning[] = [];
  for (const m of report.missions) {
    const a = staged.byMission[m]?.accuracy;
    const b = pattern.byMission[m]?.accuracy;
    if (a === null || a === undefined || b === null || b === undefined) continue;
    if (b < a - PATTERN_WARNING_MARGIN) continue;
    const name = MISSION_LABEL[m] ?? m;
    const hidden = (report.hiddenMissingness ?? []).includes(m);
    const pb = `${(100 * b).toFixed(1)}%`;
    const pa = `${(100 * a).toFixed(1)}%`;
    out.push({
      mission: m,
      pattern: b,
      model: a,
      hidden,
      message: hidden
        ? `${name}: which values are missing alone predicts the label (${pb}; the model ${pa}). The model does not see it: ${name}'s missing values are filled with draws from observed values, so its ${pa} rests on the measured values.`
        : `${name}: a forest that sees only which values are missing reaches ${pb}, within ${Math.round(100 * PATTERN_WARNING_MARGIN)} points of the model's ${pa}: the labels can be read from which columns a row has, so the model's figure may not come from the physics. Hide ${name}'s missingness (plan hideMissingness) to measure that.`
    });
  }
  return out;
}

const MISSION_LABEL: Record<string, string> = {
  koi: 'KOI',
  k2: 'K2',
  toi: 'TESS',
  combined: 'combined'
};
const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : `${(100 * v).toFixed(1)}%`;
const num = (v: number | null | undefined, d = 3): string =>
  v === null || v === undefined ? '-' : v.toFixed(d);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, j) => rows.reduce((w, r) => Math.max(w, r[j].length), h.length));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Plain-text comparison of the staged model and the three baselines (what the CLI prints). */
export function formatReportTable(report: EvaluationReport): string {
  const names = MODEL_NAMES.filter((n) => report.models[n]);
  const keys = [...report.missions, 'combined'];
  const get = (name: ModelName, key: string): MetricReport | undefined => {
    const ev = report.models[name];
    if (!ev) return undefined;
    return key === 'combined' ? ev.combined : ev.byMission[key];
  };
  const label = (k: string) => MISSION_LABEL[k] ?? k;
  const first = names[0];
  const out: string[] = [];
  const task =
    report.task === 'vetting'
      ? 'vetting (PLANET vs FALSE_POSITIVE; candidates are not trained on)'
      : 'disposition (CONFIRMED / CANDIDATE / FALSE_POSITIVE)';
  out.push(`Task: ${task}`);
  out.push(
    `Hold-out: ${Math.round(report.holdout * 100)}% of each mission's host stars, never used for training, replay, refit, calibration or feature selection.`
  );
  out.push(
    `Every model: ${report.trees} trees, the same ${report.features.length} features and training rows.`
  );
  out.push('');
  out.push('Accuracy on the hold-out, 95% interval resampling host stars');
  out.push(
    table(
      ['', 'rows', 'majority', ...names.map((n) => MODEL_LABELS[n])],
      keys.map((k) => {
        const base = first ? get(first, k) : undefined;
        return [
          label(k),
          String(base?.nRows ?? '-'),
          pct(base?.baselineAccuracy),
          ...names.map((n) => {
            const r = get(n, k);
            const iv = r?.intervals?.accuracy;
            return iv && iv.lo !== null && iv.hi !== null
              ? `${pct(r?.accuracy)} [${(100 * iv.lo).toFixed(1)}-${(100 * iv.hi).toFixed(1)}]`
              : pct(r?.accuracy);
          })
        ];
      })
    )
  );
  out.push('');
  const auc = report.positiveClass
    ? `ROC AUC (${report.positiveClass})`
    : 'ROC AUC (macro one-vs-rest)';
  const metricBlock = (title: string, f: (r: MetricReport | undefined) => string) => {
    out.push(title);
    out.push(
      table(
        ['', ...names.map((n) => MODEL_LABELS[n])],
        keys.map((k) => [label(k), ...names.map((n) => f(get(n, k)))])
      )
    );
    out.push('');
  };
  const warnings = missingPatternWarnings(report);
  if (warnings.length > 0) {
    out.push('Missing values:');
    for (const w of warnings) out.push(`  ${w.message}`);
    out.push('');
  }
  metricBlock(auc, (r) => num(r?.rocAuc));
  metricBlock('PR AUC (average precision)', (r) => num(r?.prAuc));
  metricBlock('Balanced accuracy', (r) => pct(r?.balancedAccuracy));
  metricBlock('Macro-F1', (r) => num(r?.macroF1));
  metricBlock('Brier score (lower is better)', (r) => num(r?.brier, 4));
  metricBlock('Log loss (lower is better)', (r) => num(r?.logLoss, 4));
  return out.join('\n').trimEnd();
}
