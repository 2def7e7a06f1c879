/**
 * What the Train page shows of a training report: the CLI's own plain-text table (so the two
 * can be compared line by line), model names, and files to download (report JSON, ranking CSV).
 */
import { csvLine } from '../../core/missions/index.ts';
import {
  MODEL_LABELS,
  MODEL_NAMES,
  formatReportTable,
  type EvaluationReport,
  type ModelName,
  type RankedCandidate
} from '../../core/pipeline/index.ts';
import type { RunReport } from './history.ts';
import type { TrainSummary } from './session.ts';

export { MODEL_LABELS, MODEL_NAMES, formatReportTable };
export type { EvaluationReport, ModelName };

/** Models present in a report, staged first. */
export function reportModels(report: EvaluationReport): ModelName[] {
  return MODEL_NAMES.filter((n) => report.models[n]);
}

/**
 * The run as JSON, shaped like the CLI's --json report where the two overlap. Pass the live
 * run's full summary (a stored run keeps only the staged model's curves).
 */
export function reportJsonBlob(run: RunReport, summary: TrainSummary = run.summary): Blob {
  const s = summary;
  const json = {
    tool: 'exoforest',
    command: 'browser train',
    inputs: run.datasets,
    plan: s.plan,
    features: s.features,
    missions: s.missions,
    report: s.report,
    featureSelection: s.featureSelection,
    importances: s.importances,
    permutationImportance: s.permutation,
    groupWeights: s.groupWeights,
    candidates: s.candidates
      ? { total: run.candidatesTotal, top: s.candidates.slice(0, 25) }
      : null,
    timingsMs: s.timings,
    elapsedMs: run.elapsedMs,
    workers: run.workers
  };
  return new Blob([JSON.stringify(json, null, 2) + '\n'], { type: 'application/json' });
}

/** The candidate ranking as CSV (text cells formula-neutralised). */
export function rankingCsvBlob(candidates: readonly RankedCandidate[]): Blob {
  const lines = [csvLine(['rank', 'object_id', 'host_id', 'mission', 'label', 'p_planet', 'line'])];
  for (const c of candidates) {
    lines.push(
      [
        csvLine([c.rank, c.objectId, c.hostId, c.mission, c.rawLabel]),
        String(c.pPlanet),
        String(c.line)
      ].join(',')
    );
  }
  return new Blob([lines.join('\n') + '\n'], { type: 'text/csv;charset=utf-8' });
}

const SHORT_MISSION: Record<string, string> = { koi: 'Kepler', k2: 'K2', toi: 'TESS' };

/**
 * The default name of a model trained here: what it does, its stages and when, so it never reads
 * like the shipped "Exoforest vetting (koi > k2 > toi)". Local time, to the minute.
 */
export function trainedModelName(summary: Pick<TrainSummary, 'task' | 'plan'>, at: Date): string {
  const pad = (x: number) => String(x).padStart(2, '0');
  const when = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const stages = summary.plan.stages.map((s) => SHORT_MISSION[s.mission] ?? s.mission).join(' > ');
  return `My ${summary.task} model (${stages}), trained ${when}`;
}
