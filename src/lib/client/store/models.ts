// Models: the summary (listed by the Models page) and the file bytes live in two stores keyed by
// the same id, always written together in one transaction.

import type { StoreDB } from './db.ts';
import { StoreError } from './errors.ts';
import { approxBytes, jsonNumbers } from './plain.ts';
import { read, write, type ReadTx, type WriteTx } from './tx.ts';
import type { ModelRecord, ModelSummary, NewModel } from './types.ts';
import { isoTime, newId, notFound, requireId, requireName } from './validate.ts';

/** What deleteModel removed, for restoreModel (undo). */
export interface RemovedModel {
  model: ModelRecord;
  wasActive: boolean;
}

function strings(v: unknown, field: string, allowEmpty: boolean): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || !s)) {
    throw new StoreError('invalid', `A model's ${field} must be a list of non-empty names.`);
  }
  if (!allowEmpty && v.length === 0) {
    throw new StoreError('invalid', `A model's ${field} cannot be empty.`);
  }
  return [...v]; // a copy: also drops a $state proxy around the array
}

/** Checks an input and builds the record to store (fresh plain objects, own copy of the bytes). */
export function prepareModel(input: NewModel): ModelRecord {
  const name = requireName(input.name, 'model');
  if (typeof input.task !== 'string' || !input.task) {
    throw new StoreError('invalid', `Model "${name}" has no task.`);
  }
  if (input.source !== 'trained' && input.source !== 'imported') {
    throw new StoreError('invalid', `Model "${name}": source must be 'trained' or 'imported'.`);
  }
  if (!(input.bytes instanceof Uint8Array) || input.bytes.byteLength === 0) {
    throw new StoreError('invalid', `Model "${name}" has no file bytes (expected a Uint8Array).`);
  }
  // A view into a bigger buffer would store the whole buffer: keep just this file's bytes.
  const b = input.bytes;
  const bytes = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
  return {
    id: input.id === undefined ? newId() : requireId(input.id, 'model'),
    name,
    task: input.task,
    classes: strings(input.classes, 'classes', false),
    stages: strings(input.stages, 'stages', true),
    createdAt: isoTime(input.createdAt, 'createdAt'),
    sizeBytes: bytes.byteLength,
    metrics: jsonNumbers(input.metrics ?? {}, `Model "${name}" metrics`),
    source: input.source,
    bytes
  };
}

function summaryOf(record: ModelRecord): ModelSummary {
  const { bytes: _bytes, ...summary } = record;
  return summary;
}

/** Writes a new model's two halves inside the caller's transaction. */
export async function putNewModel(tx: WriteTx, record: ModelRecord): Promise<void> {
  if ((await tx.objectStore('models').getKey(record.id)) !== undefined) {
    throw new StoreError('exists', `A model with id "${record.id}" is already stored.`);
  }
  await tx.objectStore('models').put(summaryOf(record));
  await tx.objectStore('modelBlobs').put({ id: record.id, bytes: record.bytes });
}

async function requireSummary(tx: ReadTx | WriteTx, id: string): Promise<ModelSummary> {
  const summary = await tx.objectStore('models').get(id);
  if (!summary) throw notFound('model', id);
  return summary;
}

/** Stores a model (and makes it the active one with `activate`) in one transaction. */
export async function addModel(
  db: StoreDB,
  input: NewModel,
  opts: { activate?: boolean } = {}
): Promise<ModelSummary> {
  const record = prepareModel(input);
  await write(db, ['models', 'modelBlobs', 'settings'], approxBytes(record), async (tx) => {
    await putNewModel(tx, record);
    if (opts.activate) {
      await tx.objectStore('settings').put({ key: 'activeModelId', value: record.id });
    }
  });
  return summaryOf(record);
}

/** Newest first, without the file bytes. */
export async function listModels(db: StoreDB): Promise<ModelSummary[]> {
  const all = await read(db, ['models'], (tx) =>
    tx.objectStore('models').index('createdAt').getAll()
  );
  return all.reverse();
}

export async function getModelSummary(db: StoreDB, id: string): Promise<ModelSummary> {
  requireId(id, 'model');
  return read(db, ['models'], (tx) => requireSummary(tx, id));
}

/** The model with its file bytes. */
export async function getModel(db: StoreDB, id: string): Promise<ModelRecord> {
  requireId(id, 'model');
  return read(db, ['models', 'modelBlobs'], async (tx) => {
    const summary = await requireSummary(tx, id);
    const blob = await tx.objectStore('modelBlobs').get(id);
    if (!blob) {
      throw new StoreError('not-found', `Model "${summary.name}" (id "${id}") has lost its file.`);
    }
    return { ...summary, bytes: blob.bytes };
  });
}

export async function renameModel(db: StoreDB, id: string, name: string): Promise<ModelSummary> {
  requireId(id, 'model');
  const newName = requireName(name, 'model');
  return write(db, ['models'], 1024, async (tx) => {
    const renamed = { ...(await requireSummary(tx, id)), name: newName };
    await tx.objectStore('models').put(renamed);
    return renamed;
  });
}

/**
 * Deletes a model and its file; if it was the active model, clears that setting in the same
 * transaction. Returns what was removed so restoreModel can undo it. Runs keep their modelId.
 */
export async function deleteModel(db: StoreDB, id: string): Promise<RemovedModel> {
  requireId(id, 'model');
  return write(db, ['models', 'modelBlobs', 'settings'], 0, async (tx) => {
    const summary = await requireSummary(tx, id);
    const blob = await tx.objectStore('modelBlobs').get(id);
    const active = await tx.objectStore('settings').get('activeModelId');
    const wasActive = active?.value === id;
    await tx.objectStore('models').delete(id);
    await tx.objectStore('modelBlobs').delete(id);
    if (wasActive) await tx.objectStore('settings').delete('activeModelId');
    return { model: { ...summary, bytes: blob?.bytes ?? new Uint8Array(0) }, wasActive };
  });
}

/**
 * Undo for deleteModel: puts the model and its file back in one transaction, and makes it
 * active again if it was and no other model has been made active since.
 */
export async function restoreModel(db: StoreDB, removed: RemovedModel): Promise<ModelSummary> {
  const record = prepareModel(removed.model);
  await write(db, ['models', 'modelBlobs', 'settings'], approxBytes(record), async (tx) => {
    await putNewModel(tx, record);
    const settings = tx.objectStore('settings');
    if (removed.wasActive && !(await settings.get('activeModelId'))) {
      await settings.put({ key: 'activeModelId', value: record.id });
    }
  });
  return summaryOf(record);
}

/** Makes a stored model the active one (null clears it); fails if the id is unknown. */
export async function setActiveModel(db: StoreDB, id: string | null): Promise<void> {
  if (id !== null) requireId(id, 'model');
  return write(db, ['models', 'settings'], 64, async (tx) => {
    if (id === null) return tx.objectStore('settings').delete('activeModelId');
    await requireSummary(tx, id);
    await tx.objectStore('settings').put({ key: 'activeModelId', value: id });
  });
}

/** The active model's summary, or null when none is set (or it no longer exists). */
export async function getActiveModel(db: StoreDB): Promise<ModelSummary | null> {
  return read(db, ['models', 'settings'], async (tx) => {
    const setting = await tx.objectStore('settings').get('activeModelId');
    if (!setting) return null;
    return (await tx.objectStore('models').get(setting.value)) ?? null;
  });
}
