/**
 * A training run end to end, for the Train page: stored datasets -> training inputs, the run
 * record kept in history, and saving the model (the run and its model in one store
 * transaction, optionally made active).
 */
import { store } from '../db.ts';
import { metricsSummary } from '../model-card.ts';
import {
  addRun,
  deleteRun,
  getDatasetSummary,
  getRun,
  listRuns,
  restoreRun,
  type DatasetSummary,
  type Json,
  type RunRecord
} from '../store/index.ts';
import { readRunReport, runInput, type RunDataset, type RunReport } from './history.ts';
import type { KeptInput, TrainSummary } from './session.ts';

/** What a run reads of a stored dataset's load report. */
function reportFields(summary: DatasetSummary): KeptInput['report'] {
  const r = summary.report as { fileName?: unknown; downloadDate?: unknown } | null;
  return {
    fileName: typeof r?.fileName === 'string' ? r.fileName : summary.name,
    downloadDate: typeof r?.downloadDate === 'string' ? r.downloadDate : summary.downloadDate
  };
}

/**
 * The stored datasets as training inputs, in the given order (the pipeline pools rows in input
 * order, so the same order gives the CLI's forest for `--data` in that order). Their tables go
 * to the train worker through `keep` (TrainingSession.keep: tables kept there already are not
 * read again); the inputs name them, with each dataset's current name.
 */
export async function runInputs(
  ids: string[],
  keep: (ids: string[]) => Promise<void>
): Promise<{ inputs: KeptInput[]; datasets: RunDataset[] }> {
  const db = await store();
  const summaries: DatasetSummary[] = [];
  for (const id of ids) summaries.push(await getDatasetSummary(db, id));
  await keep(ids);
  return {
    inputs: summaries.map((s) => ({ kept: s.id, name: s.name, report: reportFields(s) })),
    datasets: summaries.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      fingerprint: s.fingerprint,
      downloadDate: s.downloadDate
    }))
  };
}

/** Keeps a finished run (plan and report, no model) in history; returns its id. */
export async function storeRun(report: RunReport): Promise<string> {
  const { run } = await addRun(await store(), runInput(report));
  return run.id;
}

/** Runs, newest first. */
export async function storedRuns(): Promise<RunRecord[]> {
  return listRuns(await store());
}

export async function storedRun(id: string): Promise<{ run: RunRecord; report: RunReport | null }> {
  const run = await getRun(await store(), id);
  return { run, report: readRunReport(run) };
}

export async function removeRun(id: string): Promise<RunRecord> {
  return deleteRun(await store(), id);
}

export async function undoRemoveRun(run: RunRecord): Promise<void> {
  await restoreRun(await store(), run);
}

/** What the Models page lists about a trained model. */
export function modelRecordFields(summary: TrainSummary) {
  return {
    task: summary.task,
    classes: [...summary.classes],
    stages: summary.stages.map((s) => s.mission),
    metrics: metricsSummary({ models: summary.report.models } as unknown as Json),
    source: 'trained' as const
  };
}

/**
 * Saves the model with its run in one transaction (and makes it active when asked). The run's
 * earlier model-less record, if any, is then removed from history (a failure there leaves a
 * harmless duplicate, never a half-saved model).
 */
export async function saveRunWithModel(opts: {
  report: RunReport;
  name: string;
  bytes: Uint8Array;
  activate: boolean;
  replaceRunId: string | null;
}): Promise<{ runId: string; modelId: string }> {
  const db = await store();
  const { run, model } = await addRun(db, runInput(opts.report), {
    model: { name: opts.name, bytes: opts.bytes, ...modelRecordFields(opts.report.summary) },
    activate: opts.activate
  });
  if (opts.replaceRunId) {
    try {
      await deleteRun(db, opts.replaceRunId);
    } catch {
      // already gone, or the store refused: history shows both, nothing is lost
    }
  }
  return { runId: run.id, modelId: model!.id };
}
