/**
 * A training run end to end, for the Train page: stored datasets -> training inputs, the run
 * record kept in history, and saving the model (the run and its model in one store
 * transaction, optionally made active).
 */
import type { TrainingInput } from '../../core/pipeline/index.ts';
import { loadDataset } from '../datasets/datasets.ts';
import { store } from '../db.ts';
import { metricsSummary } from '../modelCard.ts';
import {
  addRun,
  deleteRun,
  getRun,
  listRuns,
  restoreRun,
  type Json,
  type RunRecord
} from '../store/index.ts';
import { readRunReport, runInput, type RunDataset, type RunReport } from './history.ts';
import type { TrainSummary } from './session.ts';

/**
 * The stored datasets as training inputs, in the given order (the pipeline pools rows in input
 * order, so the same order gives the CLI's forest for `--data` in that order).
 */
export async function loadInputs(
  ids: string[]
): Promise<{ inputs: TrainingInput[]; datasets: RunDataset[] }> {
  const loaded = [];
  for (const id of ids) loaded.push(await loadDataset(id));
  return {
    inputs: loaded.map((d) => ({
      table: d.table,
      name: d.summary.name,
      report: { fileName: d.report.fileName, downloadDate: d.report.downloadDate }
    })),
    datasets: loaded.map((d) => ({
      id: d.summary.id,
      name: d.summary.name,
      kind: d.summary.kind,
      fingerprint: d.summary.fingerprint,
      downloadDate: d.summary.downloadDate
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
