// Datasets: the summary and the (large) table live in two stores keyed by the same id, always
// written together in one transaction, so listing datasets never loads a table.

import type { StoreDB } from './db.ts';
import { StoreError } from './errors.ts';
import { approxBytes, toPlain } from './plain.ts';
import { read, write, type ReadTx, type WriteTx } from './tx.ts';
import type { DatasetRecord, DatasetSummary, NewDataset } from './types.ts';
import { isoTime, newId, notFound, requireId, requireName } from './validate.ts';

/** What deleteDataset removed, for restoreDataset (undo). */
export interface RemovedDataset<T = unknown> {
  dataset: DatasetRecord<T>;
}

function count(v: unknown, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 0) {
    throw new StoreError('invalid', `A dataset's ${field} must be a whole number >= 0.`);
  }
  return v as number;
}

/**
 * Checks an input and builds the record to store. The table is checked for plain data
 * (snapshot Svelte state first), not copied: typed-array columns are cloned by IndexedDB itself.
 */
export function prepareDataset<T>(input: NewDataset<T>): DatasetRecord<T> {
  const name = requireName(input.name, 'dataset');
  if (typeof input.kind !== 'string' || !input.kind) {
    throw new StoreError('invalid', `Dataset "${name}" has no kind (mission).`);
  }
  if (typeof input.fingerprint !== 'string' || !input.fingerprint) {
    throw new StoreError('invalid', `Dataset "${name}" has no fingerprint.`);
  }
  if (input.downloadDate !== null && typeof input.downloadDate !== 'string') {
    throw new StoreError('invalid', `Dataset "${name}": downloadDate must be a string or null.`);
  }
  if (input.table === null || typeof input.table !== 'object') {
    throw new StoreError('invalid', `Dataset "${name}" has no table.`);
  }
  const labelCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(toPlain(input.labelCounts ?? {}, 'labelCounts'))) {
    labelCounts[k] = count(v, `labelCounts.${k}`);
  }
  return {
    id: input.id === undefined ? newId() : requireId(input.id, 'dataset'),
    name,
    kind: input.kind,
    createdAt: isoTime(input.createdAt, 'createdAt'),
    downloadDate: input.downloadDate,
    fingerprint: input.fingerprint,
    rowCount: count(input.rowCount, 'rowCount'),
    labelCounts,
    report: toPlain(input.report ?? null, `Dataset "${name}" report`, { json: true }),
    table: toPlain(input.table, `Dataset "${name}" table`)
  };
}

function summaryOf<T>(record: DatasetRecord<T>): DatasetSummary {
  const { table: _table, ...summary } = record;
  return summary;
}

async function putNewDataset<T>(tx: WriteTx, record: DatasetRecord<T>): Promise<void> {
  if ((await tx.objectStore('datasets').getKey(record.id)) !== undefined) {
    throw new StoreError('exists', `A dataset with id "${record.id}" is already stored.`);
  }
  await tx.objectStore('datasets').put(summaryOf(record));
  await tx.objectStore('datasetTables').put({ id: record.id, table: record.table });
}

async function requireSummary(tx: ReadTx | WriteTx, id: string): Promise<DatasetSummary> {
  const summary = await tx.objectStore('datasets').get(id);
  if (!summary) throw notFound('dataset', id);
  return summary;
}

export async function addDataset<T>(db: StoreDB, input: NewDataset<T>): Promise<DatasetSummary> {
  const record = prepareDataset(input);
  await write(db, ['datasets', 'datasetTables'], approxBytes(record), (tx) =>
    putNewDataset(tx, record)
  );
  return summaryOf(record);
}

/** Newest first, without the tables. */
export async function listDatasets(db: StoreDB): Promise<DatasetSummary[]> {
  const all = await read(db, ['datasets'], (tx) =>
    tx.objectStore('datasets').index('createdAt').getAll()
  );
  return all.reverse();
}

export async function getDatasetSummary(db: StoreDB, id: string): Promise<DatasetSummary> {
  requireId(id, 'dataset');
  return read(db, ['datasets'], (tx) => requireSummary(tx, id));
}

/** The dataset with its table. `T` is the caller's table type: the store does not check it. */
export async function getDataset<T = unknown>(db: StoreDB, id: string): Promise<DatasetRecord<T>> {
  requireId(id, 'dataset');
  return read(db, ['datasets', 'datasetTables'], async (tx) => {
    const summary = await requireSummary(tx, id);
    const stored = await tx.objectStore('datasetTables').get(id);
    if (!stored) {
      throw new StoreError(
        'not-found',
        `Dataset "${summary.name}" (id "${id}") has lost its table.`
      );
    }
    return { ...summary, table: stored.table as T };
  });
}

export async function renameDataset(
  db: StoreDB,
  id: string,
  name: string
): Promise<DatasetSummary> {
  requireId(id, 'dataset');
  const newName = requireName(name, 'dataset');
  return write(db, ['datasets'], 1024, async (tx) => {
    const renamed = { ...(await requireSummary(tx, id)), name: newName };
    await tx.objectStore('datasets').put(renamed);
    return renamed;
  });
}

/** Deletes a dataset and its table in one transaction; returns them for restoreDataset. */
export async function deleteDataset(db: StoreDB, id: string): Promise<RemovedDataset> {
  requireId(id, 'dataset');
  return write(db, ['datasets', 'datasetTables'], 0, async (tx) => {
    const summary = await requireSummary(tx, id);
    const stored = await tx.objectStore('datasetTables').get(id);
    await tx.objectStore('datasets').delete(id);
    await tx.objectStore('datasetTables').delete(id);
    return { dataset: { ...summary, table: stored?.table ?? {} } };
  });
}

/** Undo for deleteDataset: puts the dataset and its table back in one transaction. */
export async function restoreDataset<T>(
  db: StoreDB,
  removed: RemovedDataset<T>
): Promise<DatasetSummary> {
  return addDataset(db, removed.dataset);
}
