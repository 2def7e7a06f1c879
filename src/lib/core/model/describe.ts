/**
 * A plain-text model card (what `exoforest inspect` prints): what the model predicts, from which
 * features and data, how it was trained, and how well it validated.
 */
import { describeBacktest, describeCalibration, describeRefit } from './describe-calibration.ts';
import { modelFingerprint } from './fingerprint.ts';
import { MODEL_FORMAT, versionFor, type JsonValue, type ModelFile } from './types.ts';

/** Parts of meta.metrics with a section of their own (not walked as metric reports). */
const OWN_SECTIONS = new Set(['refit', 'probabilityCalibration', 'backtest']);

/** Compact number: integers as is, others with 4 significant digits. */
function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

function jsonInline(v: JsonValue): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

type Obj = { [key: string]: JsonValue };
const isObj = (v: JsonValue | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: JsonValue | undefined): v is number => typeof v === 'number';

/** One line for an object shaped like a MetricReport (pipeline/metrics-evaluate.ts). */
function metricLine(r: Obj): string {
  const parts: string[] = [];
  if (isNum(r.nRows)) parts.push(`n=${r.nRows}`);
  let acc = `accuracy ${num(r.accuracy as number)}`;
  const ci = isObj(r.intervals) && isObj(r.intervals.accuracy) ? r.intervals.accuracy : null;
  if (ci && isNum(ci.lo) && isNum(ci.hi)) acc += ` [95% ${num(ci.lo)}-${num(ci.hi)}]`;
  if (isNum(r.baselineAccuracy)) acc += ` (majority baseline ${num(r.baselineAccuracy)})`;
  parts.push(acc);
  const named: [string, string][] = [
    ['balancedAccuracy', 'balanced'],
    ['macroF1', 'macro-F1'],
    ['rocAuc', 'ROC AUC'],
    ['prAuc', 'PR AUC'],
    ['brier', 'Brier'],
    ['logLoss', 'log loss']
  ];
  for (const [key, label] of named)
    if (isNum(r[key])) parts.push(`${label} ${num(r[key] as number)}`);
  return parts.join(', ');
}

/** Walks the opaque metrics object: report-shaped objects become one line each, other scalars are listed. */
function describeMetrics(m: JsonValue, label: string, depth: number, out: string[]): void {
  if (isObj(m) && isNum(m.accuracy)) {
    out.push(`  ${label || 'all'}: ${metricLine(m)}`);
  } else if (isObj(m) && depth < 3) {
    for (const key of Object.keys(m)) {
      if (depth === 0 && OWN_SECTIONS.has(key)) continue;
      describeMetrics(m[key], label ? `${label}.${key}` : key, depth + 1, out);
    }
  } else if (m !== null && !isObj(m) && !Array.isArray(m)) {
    out.push(`  ${label || 'value'}: ${jsonInline(m)}`);
  }
}

export interface DescribeOptions {
  /** How many features to list per importance kind (default 10). */
  topImportances?: number;
}

export function describeModel(model: ModelFile, options: DescribeOptions = {}): string {
  const { meta, forest, treeWeights } = model;
  const nTrees = forest.treeStart.length - 1;
  const nNodes = forest.treeStart[nTrees];
  const lines: string[] = [];
  const push = (s = ''): void => {
    lines.push(s);
  };

  push(`Exoforest model: ${meta.name || '(unnamed)'}`);
  push(`format:      ${MODEL_FORMAT} v${versionFor(model)}`);
  push(`created:     ${meta.createdAt}`);
  push(`fingerprint: ${modelFingerprint(model)}`);
  push(`task:        ${meta.task}`);
  push(
    `classes:     ${meta.classes.join(', ')}` +
      (meta.positiveClass ? ` (candidates ranked by P(${meta.positiveClass}))` : '')
  );
  push(`forest:      ${nTrees} trees, ${nNodes} nodes, ${forest.nFeatures} features`);
  if (meta.notes) push(`notes:       ${meta.notes}`);

  push();
  push(`Features (${meta.features.length}):`);
  const width = meta.features.reduce((w, f) => Math.max(w, f.name.length), 0);
  const unitWidth = meta.features.reduce((w, f) => Math.max(w, (f.unit || '-').length), 0) + 2;
  meta.features.forEach((f, i) => {
    const r = meta.featureRanges[i];
    const range = r ? `training range ${num(r.min)} .. ${num(r.max)}` : 'no training values';
    const unit = `[${f.unit || '-'}]`.padEnd(unitWidth);
    push(`  ${String(i + 1).padStart(2)}. ${f.name.padEnd(width)}  ${unit}  ${range}`);
  });

  push();
  push(`Stages (${meta.stages.length}):`);
  meta.stages.forEach((s, i) => {
    const [start, end] = s.treeRange;
    const trees = end > start ? `trees ${start}..${end - 1} (${end - start})` : 'no new trees';
    push(`  ${i + 1}. ${s.mission}: ${trees}`);
    push(`     dataset: ${s.dataset || '(unnamed)'}, snapshot ${s.snapshotDate ?? 'unknown'}`);
    push(`     data fingerprint: ${s.dataFingerprint}`);
    const rc = s.rows;
    push(
      `     rows: train ${rc.train}, holdout ${rc.holdout}, calibration ${rc.calibration}, replayed ${rc.replayed}`
    );
    push(
      `     class weights: ${meta.classes.map((c, k) => `${c} ${num(s.classWeights[k])}`).join(', ')}`
    );
    const hp = Object.keys(s.hyperparameters)
      .sort()
      .map((k) => `${k}=${jsonInline(s.hyperparameters[k])}`);
    push(`     hyperparameters: ${hp.length ? hp.join(', ') : '(none)'}`);
  });

  if (treeWeights) {
    push();
    push(`Tree weights by input mission (one per ${treeWeights.per}):`);
    for (const m of Object.keys(treeWeights.byMission)) {
      const w = Array.from(treeWeights.byMission[m]);
      const shown = w.length > 12 ? [...w.slice(0, 12).map(num), `... (${w.length})`] : w.map(num);
      push(`  ${m}: ${shown.join(' ')}`);
    }
  }

  push();
  push('Validation metrics:');
  const metricLines: string[] = [];
  describeMetrics(meta.metrics, '', 0, metricLines);
  for (const l of metricLines.length ? metricLines : ['  (none recorded)']) lines.push(l);

  const backtest = describeBacktest(meta.metrics);
  if (backtest.length > 0) {
    push();
    for (const l of backtest) lines.push(l);
  }
  const refit = describeRefit(meta.metrics);
  if (refit.length > 0) {
    push();
    for (const l of refit) lines.push(l);
  }
  const calibration = describeCalibration(meta.metrics);
  if (calibration.length > 0) {
    push();
    for (const l of calibration) lines.push(l);
  } else if (!model.calibration) {
    push();
    push("Probability calibration: none (the probabilities are the trees' weighted vote).");
  }

  const top = options.topImportances ?? 10;
  for (const kind of Object.keys(meta.importances)) {
    const entries = Object.entries(meta.importances[kind]).sort((a, b) => b[1] - a[1]);
    push();
    push(`Top feature importances (${kind}):`);
    const shown = entries.slice(0, top);
    const w = shown.reduce((m, [name]) => Math.max(m, name.length), 0);
    shown.forEach(([name, v], i) =>
      push(`  ${String(i + 1).padStart(2)}. ${name.padEnd(w)}  ${num(v)}`)
    );
  }
  return lines.join('\n') + '\n';
}
