/**
 * Chart series from the pipeline's metric reports: ROC and precision-recall curves and the
 * calibration (reliability) curve, one series per mission and combined.
 */
import type { MetricReport, ModelEvaluation } from '$lib/core/pipeline/index.ts';

export interface CurveSeries {
  label: string;
  color: string;
  points: { x: number; y: number }[];
  /** Draw markers (calibration bins) as well as the line. */
  markers?: boolean;
}

export const SCOPE_LABEL: Record<string, string> = {
  koi: 'KOI',
  k2: 'K2',
  toi: 'TESS',
  combined: 'combined'
};

export const SCOPE_COLOR: Record<string, string> = {
  koi: '#7fb3ff',
  k2: '#c79bff',
  toi: '#5cd6a0',
  combined: '#ffcf5c'
};

/** Missions in report order, then combined. */
export function scopes(
  ev: ModelEvaluation,
  missions: string[]
): { key: string; report: MetricReport }[] {
  const out = missions
    .filter((m) => ev.byMission[m])
    .map((m) => ({ key: m, report: ev.byMission[m] }));
  out.push({ key: 'combined', report: ev.combined });
  return out;
}

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export function rocSeries(ev: ModelEvaluation, missions: string[]): CurveSeries[] {
  return scopes(ev, missions)
    .filter((s) => s.report.rocCurve)
    .map(({ key, report }) => ({
      label: `${SCOPE_LABEL[key] ?? key} (AUC ${fmt(report.rocAuc)})`,
      color: SCOPE_COLOR[key] ?? '#b7c3d8',
      points: report.rocCurve!.fpr.map((x, i) => ({ x, y: report.rocCurve!.tpr[i] }))
    }));
}

export function prSeries(ev: ModelEvaluation, missions: string[]): CurveSeries[] {
  return scopes(ev, missions)
    .filter((s) => s.report.prCurve)
    .map(({ key, report }) => ({
      label: `${SCOPE_LABEL[key] ?? key} (AP ${fmt(report.prAuc)})`,
      color: SCOPE_COLOR[key] ?? '#b7c3d8',
      points: report.prCurve!.recall.map((x, i) => ({ x, y: report.prCurve!.precision[i] }))
    }));
}

export function calibrationSeries(ev: ModelEvaluation, missions: string[]): CurveSeries[] {
  return scopes(ev, missions)
    .filter((s) => s.report.calibration)
    .map(({ key, report }) => ({
      label: `${SCOPE_LABEL[key] ?? key} (Brier ${report.brier.toFixed(4)})`,
      color: SCOPE_COLOR[key] ?? '#b7c3d8',
      markers: true,
      points: report
        .calibration!.filter((b) => b.meanPredicted !== null && b.observed !== null)
        .map((b) => ({ x: b.meanPredicted!, y: b.observed! }))
    }));
}
