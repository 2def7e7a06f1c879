/**
 * Datasets as the app sees them: archive CSVs read by the parse worker into a CanonicalTable
 * and stored with their load report (mission, row and label counts, fingerprint, download
 * date). Rename, delete with undo, export as canonical CSV, and the tables a training run needs.
 */
import type { CanonicalTable, LoadReport } from '../../core/missions/index.ts';
import { store, storeMessage } from '../db.ts';
import { parseFile } from '../parser.ts';
import {
  addDataset,
  deleteDataset,
  getDataset,
  listDatasets,
  renameDataset,
  restoreDataset,
  type DatasetSummary,
  type Json,
  type RemovedDataset
} from '../store/index.ts';
import {
  canonicalCsv,
  canonicalCsvName,
  datasetCounts,
  fingerprintHex,
  sameFileAs
} from './summary.ts';

export type { DatasetSummary, RemovedDataset } from '../store/index.ts';

export type ImportOutcome =
  | {
      ok: true;
      dataset: DatasetSummary;
      /** Names of already stored datasets with the same file fingerprint. */
      duplicates: string[];
    }
  | { ok: false; fileName: string; message: string };

export type ImportProgress = (fileName: string, done: number, total: number) => void;

/** Reads one archive CSV in the parse worker and stores it; nothing is stored if any step fails. */
export async function importDatasetFile(
  file: File,
  onProgress: ImportProgress = () => {}
): Promise<ImportOutcome> {
  const fileName = file.name || 'table.csv';
  let outcome;
  try {
    outcome = await parseFile(file, fileName, (done, total) => onProgress(fileName, done, total));
  } catch (e) {
    return {
      ok: false,
      fileName,
      message: `"${fileName}" could not be read: ${(e as Error).message}`
    };
  }
  if (!outcome.ok) {
    return {
      ok: false,
      fileName,
      message: `"${fileName}" was not added: ${outcome.error.message}`
    };
  }
  const { table, report } = outcome;
  try {
    const fingerprint = await fingerprintHex(new Uint8Array(await file.arrayBuffer()));
    const db = await store();
    const existing = await listDatasets(db);
    const counts = datasetCounts(report);
    const dataset = await addDataset<CanonicalTable>(db, {
      name: fileName,
      kind: report.kind,
      downloadDate: report.downloadDate,
      fingerprint,
      rowCount: counts.rows,
      labelCounts: counts.labels,
      report: report as unknown as Json,
      table
    });
    return { ok: true, dataset, duplicates: sameFileAs(existing, fingerprint) };
  } catch (e) {
    return { ok: false, fileName, message: `"${fileName}" was not stored: ${storeMessage(e)}` };
  }
}

/** Stored datasets, newest first. */
export async function storedDatasets(): Promise<DatasetSummary[]> {
  return listDatasets(await store());
}

export async function renameStoredDataset(id: string, name: string): Promise<DatasetSummary> {
  return renameDataset(await store(), id, name);
}

export async function removeDataset(id: string): Promise<RemovedDataset> {
  return deleteDataset(await store(), id);
}

export async function undoRemoveDataset(removed: RemovedDataset): Promise<DatasetSummary> {
  return restoreDataset(await store(), removed);
}

/** One stored dataset with its table, as a training input. */
export interface LoadedDataset {
  summary: DatasetSummary;
  table: CanonicalTable;
  report: LoadReport;
}

export async function loadDataset(id: string): Promise<LoadedDataset> {
  const record = await getDataset<CanonicalTable>(await store(), id);
  const { table, ...summary } = record;
  return { summary, table, report: record.report as unknown as LoadReport };
}

/** The dataset's canonical table as a CSV file to download. */
export async function datasetCsvFile(id: string): Promise<{ blob: Blob; name: string }> {
  const { summary, table } = await loadDataset(id);
  return { blob: canonicalCsv(table), name: canonicalCsvName(summary.name) };
}
