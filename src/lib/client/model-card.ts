/**
 * What a model card shows, taken from a model's metadata: validation numbers (the model's own
 * hold-out scores beside the baselines it was compared with) and feature importances. The
 * metrics field of a model file is open JSON; anything not shaped like the pipeline's
 * evaluation report is skipped, never guessed at.
 */
import type { JsonValue, ModelMeta } from '../core/model/types.ts';

type Obj = { [key: string]: JsonValue };
const isObj = (v: JsonValue | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: JsonValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** The numbers of one metric report (pipeline MetricReport), null when absent. */
export interface MetricRow {
  /** 'staged' (the model itself), 'pooled', 'perMission', 'averaged', or '' for a bare report. */
  model: string;
  /** Mission id, or 'combined'. */
  scope: string;
  nRows: number | null;
  accuracy: number | null;
  /** 95% interval of the accuracy (host-star bootstrap), when recorded. */
  accuracyInterval: [number, number] | null;
  baselineAccuracy: number | null;
  balancedAccuracy: number | null;
  macroF1: number | null;
  rocAuc: number | null;
  prAuc: number | null;
  brier: number | null;
}

function isReport(v: JsonValue | undefined): v is Obj {
  return isObj(v) && num(v.accuracy) !== null;
}

function row(model: string, scope: string, r: Obj): MetricRow {
  const ci = isObj(r.intervals) && isObj(r.intervals.accuracy) ? r.intervals.accuracy : null;
  const lo = ci ? num(ci.lo) : null;
  const hi = ci ? num(ci.hi) : null;
  return {
    model,
    scope,
    nRows: num(r.nRows),
    accuracy: num(r.accuracy),
    accuracyInterval: lo !== null && hi !== null ? [lo, hi] : null,
    baselineAccuracy: num(r.baselineAccuracy),
    balancedAccuracy: num(r.balancedAccuracy),
    macroF1: num(r.macroF1),
    rocAuc: num(r.rocAuc),
    prAuc: num(r.prAuc),
    brier: num(r.brier)
  };
}

/** Rows of an evaluation ({ byMission, combined }): combined first, then missions. */
function evaluationRows(model: string, ev: Obj): MetricRow[] {
  const out: MetricRow[] = [];
  if (isReport(ev.combined)) out.push(row(model, 'combined', ev.combined));
  if (isObj(ev.byMission)) {
    for (const [m, r] of Object.entries(ev.byMission)) if (isReport(r)) out.push(row(model, m, r));
  }
  return out;
}

/**
 * Every metric report in a model's metrics: the model's own ('staged') first, then the
 * baselines, each combined then per mission.
 */
export function metricRows(metrics: JsonValue): MetricRow[] {
  if (isReport(metrics)) return [row('', 'combined', metrics)];
  if (!isObj(metrics) || !isObj(metrics.models)) return [];
  const models = metrics.models;
  const names = Object.keys(models).sort((a, b) => (a === 'staged' ? -1 : b === 'staged' ? 1 : 0));
  return names.flatMap((name) => (isObj(models[name]) ? evaluationRows(name, models[name]) : []));
}

/** The model's own combined hold-out numbers, flat, for the store's listing. */
export function metricsSummary(metrics: JsonValue): Record<string, number | null> {
  const rows = metricRows(metrics);
  const own = rows.filter((r) => r.model === rows[0]?.model);
  const out: Record<string, number | null> = {};
  const combined = own.find((r) => r.scope === 'combined');
  if (combined) {
    out.nRows = combined.nRows;
    out.accuracy = combined.accuracy;
    out.baselineAccuracy = combined.baselineAccuracy;
    out.balancedAccuracy = combined.balancedAccuracy;
    out.macroF1 = combined.macroF1;
    out.rocAuc = combined.rocAuc;
  }
  for (const r of own) if (r.scope !== 'combined') out[`accuracy.${r.scope}`] = r.accuracy;
  return out;
}

export interface ImportanceItem {
  feature: string;
  value: number;
  /** value / the largest value, for a bar width in [0, 1]. */
  share: number;
}

/** The top `n` features of each importance kind, largest first. */
export function topImportances(
  importances: ModelMeta['importances'],
  n = 12
): { kind: string; items: ImportanceItem[] }[] {
  return Object.entries(importances).map(([kind, values]) => {
    const sorted = Object.entries(values)
      .filter(([, v]) => Number.isFinite(v))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n);
    const max = sorted.reduce((m, [, v]) => Math.max(m, Math.abs(v)), 0);
    return {
      kind,
      items: sorted.map(([feature, value]) => ({
        feature,
        value,
        share: max > 0 ? Math.max(0, value) / max : 0
      }))
    };
  });
}

/**
 * Tree-group weights as shares per stage: for each mission's rows, how much of the vote each
 * stage's trees carry (they add up to 1). The file stores one weight per stage or per tree,
 * applied to every tree of that stage, so a stage's share is its weight times its tree count.
 */
export function stageShares(
  stages: readonly { mission: string; treeRange: readonly [number, number] | number[] }[],
  treeWeights: { per: 'stage' | 'tree'; byMission: Record<string, number[]> }
): { mission: string; shares: { stage: string; share: number }[] }[] {
  return Object.entries(treeWeights.byMission).map(([mission, w]) => {
    const raw = stages.map((s, i) => {
      const [a, b] = s.treeRange;
      if (treeWeights.per === 'stage') return (w[i] ?? 0) * (b - a);
      let sum = 0;
      for (let t = a; t < b; t++) sum += w[t] ?? 0;
      return sum;
    });
    const total = raw.reduce((x, y) => x + y, 0);
    return {
      mission,
      shares: stages.map((s, i) => ({ stage: s.mission, share: total > 0 ? raw[i] / total : 0 }))
    };
  });
}
