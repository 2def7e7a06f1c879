/**
 * Models as the app sees them: the shipped default (a file in the app bundle, precached for
 * offline use) plus the models stored in IndexedDB. Which one is active, import (validated by
 * the model reader before anything is stored), export and share.
 */
import defaultModelUrl from '../../../models/default.exoforest?url';
import { inspectModel, type ModelChoice, type ModelOutcome } from './classifier.ts';
import { store, storeMessage } from './db.ts';
import { metricsSummary } from './model-card.ts';
import {
  addModel,
  deleteModel,
  getActiveModel,
  getModel,
  listModels,
  renameModel,
  restoreModel,
  setActiveModel,
  type ModelSummary,
  type RemovedModel
} from './store/index.ts';

export type { RemovedModel } from './store/index.ts';

/** Id of the shipped default model (never stored in IndexedDB). */
export const DEFAULT_MODEL_ID = 'default';
/** A model file larger than this is refused before it is read into memory. */
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

/** One line of the Models page. */
export interface ModelEntry {
  id: string;
  name: string;
  task: string;
  classes: string[];
  stages: string[];
  createdAt: string;
  sizeBytes: number;
  metrics: Record<string, number | null>;
  source: 'shipped' | 'trained' | 'imported';
  active: boolean;
}

let defaultBytes: Promise<Uint8Array> | undefined;
let defaultOverview: Promise<ModelOutcome> | undefined;

/** The shipped model's file (fetched once; the service worker serves it offline). */
export function defaultModelBytes(): Promise<Uint8Array> {
  defaultBytes ??= fetch(defaultModelUrl).then(async (res) => {
    if (!res.ok) throw new Error(`The shipped model could not be loaded (HTTP ${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  });
  defaultBytes.catch(() => (defaultBytes = undefined));
  return defaultBytes;
}

function defaultModelOverview(): Promise<ModelOutcome> {
  defaultOverview ??= defaultModelBytes().then((b) => inspectModel(b));
  defaultOverview.catch(() => (defaultOverview = undefined));
  return defaultOverview;
}

async function defaultEntry(active: boolean): Promise<ModelEntry> {
  const [bytes, out] = await Promise.all([defaultModelBytes(), defaultModelOverview()]);
  if (!out.ok) throw new Error(`The shipped model is unreadable: ${out.error.message}`);
  const { meta } = out.overview;
  return {
    id: DEFAULT_MODEL_ID,
    name: meta.name,
    task: meta.task,
    classes: meta.classes,
    stages: meta.stages.map((s) => s.mission),
    createdAt: meta.createdAt,
    sizeBytes: bytes.byteLength,
    metrics: metricsSummary(meta.metrics),
    source: 'shipped',
    active
  };
}

function storedEntry(s: ModelSummary, active: boolean): ModelEntry {
  return { ...s, active };
}

/** The shipped model first, then stored models newest first; `storeError` when IndexedDB failed. */
export async function allModels(): Promise<{ entries: ModelEntry[]; storeError: string | null }> {
  let stored: ModelSummary[] = [];
  let activeId: string | null = null;
  let storeError: string | null = null;
  try {
    const db = await store();
    [stored, activeId] = await Promise.all([
      listModels(db),
      getActiveModel(db).then((m) => m?.id ?? null)
    ]);
  } catch (e) {
    storeError = storeMessage(e);
  }
  const entries = [
    await defaultEntry(activeId === null),
    ...stored.map((s) => storedEntry(s, s.id === activeId))
  ];
  return { entries, storeError };
}

/** The file bytes of a model (shipped or stored). */
export async function modelBytes(id: string): Promise<Uint8Array> {
  if (id === DEFAULT_MODEL_ID) return defaultModelBytes();
  return (await getModel(await store(), id)).bytes;
}

/** The model classification should use: the stored active one, else the shipped default. */
export async function activeModel(): Promise<ModelChoice & { warning: string | null }> {
  let id: string | null = null;
  let warning: string | null = null;
  try {
    id = (await getActiveModel(await store()))?.id ?? null;
  } catch (e) {
    warning = `Saved models are unavailable (${storeMessage(e)}); using the shipped model.`;
  }
  const key = id ?? DEFAULT_MODEL_ID;
  return { key, bytes: () => modelBytes(key), warning };
}

export async function setActive(id: string): Promise<void> {
  await setActiveModel(await store(), id === DEFAULT_MODEL_ID ? null : id);
}

export async function rename(id: string, name: string): Promise<void> {
  await renameModel(await store(), id, name);
}

export async function remove(id: string): Promise<RemovedModel> {
  return deleteModel(await store(), id);
}

export async function undoRemove(removed: RemovedModel): Promise<void> {
  await restoreModel(await store(), removed);
}

export type ImportOutcome = { ok: true; entry: ModelEntry } | { ok: false; message: string };

function baseName(fileName: string): string {
  return fileName.replace(/\.exoforest$/i, '').trim() || 'Imported model';
}

/**
 * Imports a model file: read and validated by the model reader first, so a bad file is refused
 * with the reader's message and nothing stored changes.
 */
export async function importModel(file: Blob, fileName: string): Promise<ImportOutcome> {
  if (file.size === 0) return { ok: false, message: `"${fileName}" is empty (0 bytes).` };
  if (file.size > MAX_MODEL_FILE_BYTES) {
    return {
      ok: false,
      message: `"${fileName}" is ${Math.round(file.size / 1e6)} MB, larger than any Exoforest model (at most ${MAX_MODEL_FILE_BYTES / 1e6} MB).`
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const out = await inspectModel(bytes);
  if (!out.ok)
    return { ok: false, message: `"${fileName}" was not imported: ${out.error.message}` };
  const { meta } = out.overview;
  const twin = await modelWithFingerprint(out.overview.fingerprint);
  if (twin) {
    return {
      ok: false,
      message: `"${fileName}" is already here as "${twin}" (same model fingerprint ${out.overview.fingerprint.slice(0, 12)}…): nothing was imported.`
    };
  }
  const createdAt = Number.isNaN(Date.parse(meta.createdAt)) ? undefined : meta.createdAt;
  try {
    const summary = await addModel(await store(), {
      name: meta.name.trim() || baseName(fileName),
      task: meta.task,
      classes: [...meta.classes],
      stages: meta.stages.map((s) => s.mission),
      createdAt,
      metrics: metricsSummary(meta.metrics),
      source: 'imported',
      bytes
    });
    return { ok: true, entry: storedEntry(summary, false) };
  } catch (e) {
    return { ok: false, message: storeMessage(e, bytes.byteLength) };
  }
}

/**
 * The name of the shipped or stored model with this fingerprint, or null. Stored models keep no
 * fingerprint of their own, so each is read again: imports are rare and models few.
 */
async function modelWithFingerprint(fingerprint: string): Promise<string | null> {
  const shipped = await defaultModelOverview();
  if (shipped.ok && shipped.overview.fingerprint === fingerprint) return shipped.overview.meta.name;
  const db = await store();
  for (const s of await listModels(db)) {
    const out = await inspectModel((await getModel(db, s.id)).bytes);
    if (out.ok && out.overview.fingerprint === fingerprint) return s.name;
  }
  return null;
}

/** A file name for a model: its name made safe, with the .exoforest extension. */
export function modelFileName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${safe || 'model'}.exoforest`;
}

/** The model as a file to download or share. */
export async function modelFile(id: string, name: string): Promise<File> {
  const bytes = await modelBytes(id);
  return new File([bytes as BlobPart], modelFileName(name), { type: 'application/octet-stream' });
}
