/**
 * Classify worker: a thin Comlink adapter over core/model and core/classify. It holds one model
 * (read from its file bytes once) and the files classified with it, so a row can be explained
 * and the results CSV built without sending the table back and forth. Row columns go to the
 * caller by transferring their buffers. Bad input (a corrupt model, a PNG named .csv) comes
 * back as { ok: false, error } with the reader's own message.
 */
import { transfer } from 'comlink';
import { exposeInWorker, release, sink } from './expose.ts';
import {
  classifyTable,
  classifyToCsv,
  explainRow,
  missingFeatureSummary,
  parseCsvBlobWithRaw,
  parseCsvTextWithRaw,
  modelOverview,
  rowColumns,
  type ClassifyResult,
  type ModelOverview,
  type RowColumns,
  type LoadResultWithRaw,
  type MissingFeatureSummary,
  type RowExplanation
} from '../core/classify/index.ts';
import { toOutcome, type LoadReport, type LoadErrorCode } from '../core/missions/index.ts';
import {
  modelFingerprint,
  ModelFileError,
  readModel,
  type ModelErrorCode,
  type ModelFile
} from '../core/model/index.ts';

export type { KeyFeature, ModelOverview, RowColumns } from '../core/classify/index.ts';

export type ModelOutcome =
  | { ok: true; overview: ModelOverview }
  | { ok: false; error: { code: ModelErrorCode; message: string } };

export interface ClassifiedFile {
  id: number;
  name: string;
  report: LoadReport;
  modelName: string;
  modelFingerprint: string;
  classes: string[];
  /** Index of the class candidates are ranked by, -1 when the model has none. */
  positiveClass: number;
  counts: ClassifyResult['counts'];
  missions: ClassifyResult['prediction']['missions'];
  missingFeatures: string[];
  /** Per mission: the model's used features no row of the table has, with importance shares. */
  missingSummary: MissingFeatureSummary[];
  rows: RowColumns;
}

export type ClassifyOutcome =
  | { ok: true; file: ClassifiedFile }
  | { ok: false; error: { code: LoadErrorCode; message: string } };

/** Phases of a classification job, for the caller's progress bar. */
export type Progress = (phase: 'reading' | 'classifying', done: number, total: number) => void;

interface Loaded {
  name: string;
  load: LoadResultWithRaw;
  result: ClassifyResult | null;
}

let model: { file: ModelFile; fingerprint: string } | null = null;
const files = new Map<number, Loaded>();

function readOutcome(bytes: Uint8Array): { file: ModelFile; outcome: ModelOutcome } | ModelOutcome {
  try {
    const file = readModel(bytes);
    const fingerprint = modelFingerprint(file);
    return { file, outcome: { ok: true, overview: modelOverview(file, fingerprint) } };
  } catch (e) {
    if (e instanceof ModelFileError) {
      return { ok: false, error: { code: e.code, message: e.message } };
    }
    throw e;
  }
}

function requireModel(): { file: ModelFile; fingerprint: string } {
  if (!model) throw new Error('classify worker: no model loaded; call setModel(bytes) first');
  return model;
}

function requireFile(id: number): Loaded {
  const f = files.get(id);
  if (!f)
    throw new Error(`classify worker: no file with id ${id} (it was forgotten or never loaded)`);
  return f;
}

function classifiedFile(id: number, f: Loaded): ClassifyOutcome {
  const m = requireModel();
  const result = classifyTable(m.file, f.load.table, f.load.raw, {
    setAside: f.load.report.setAside.rows
  });
  f.result = result;
  const rows = rowColumns(result, f.load);
  const file: ClassifiedFile = {
    id,
    name: f.name,
    report: f.load.report,
    modelName: result.modelName,
    modelFingerprint: m.fingerprint,
    classes: result.classes,
    positiveClass: result.prediction.positiveClass,
    counts: result.counts,
    missions: result.prediction.missions,
    missingFeatures: result.prediction.missingFeatures,
    missingSummary: missingFeatureSummary(m.file, f.load.table),
    rows
  };
  const buffers = [
    rows.line,
    rows.tableIndex,
    rows.label,
    rows.proba,
    rows.candidateRank,
    rows.outOfRange,
    ...Object.values(rows.features)
  ].map((a) => a.buffer as ArrayBuffer);
  return transfer({ ok: true, file }, buffers);
}

export const api = {
  /** Reads and validates a model file and makes it the one classify() uses. */
  setModel(bytes: Uint8Array): ModelOutcome {
    const read = readOutcome(bytes);
    if (!('file' in read)) return read;
    if (read.outcome.ok)
      model = { file: read.file, fingerprint: read.outcome.overview.fingerprint };
    for (const f of files.values()) f.result = null; // scored with the previous model
    return read.outcome;
  },

  /** Reads and validates a model file without using it (model cards, imports). */
  inspect(bytes: Uint8Array): ModelOutcome {
    const read = readOutcome(bytes);
    return 'file' in read ? read.outcome : read;
  },

  /** Fingerprint of the model in use, or null. */
  modelFingerprint(): string | null {
    return model?.fingerprint ?? null;
  },

  /** Reads a CSV (a File/Blob, streamed, or text) and classifies every row with the model. */
  async classify(
    id: number,
    source: Blob | string,
    name: string,
    onProgress?: Progress
  ): Promise<ClassifyOutcome> {
    const progress: Progress = sink(onProgress) ?? (() => {});
    try {
      requireModel();
      const reading = (done: number, total: number) => progress('reading', done, total);
      const loaded = await toOutcome(async () =>
        typeof source === 'string'
          ? parseCsvTextWithRaw(source, { name, onProgress: reading })
          : parseCsvBlobWithRaw(source, { name, onProgress: reading })
      );
      if (!loaded.ok) return loaded;
      const { ok: _ok, ...load } = loaded;
      const f: Loaded = { name, load, result: null };
      files.set(id, f);
      progress('classifying', 0, load.table.objectId.length);
      const out = classifiedFile(id, f);
      progress('classifying', load.table.objectId.length, load.table.objectId.length);
      return out;
    } finally {
      release(onProgress);
    }
  },

  /** Whether a file is still held here (a restarted worker has none). */
  has(id: number): boolean {
    return files.has(id);
  },

  /** Classifies an already loaded file again, with the model now in use. */
  rescore(id: number): ClassifyOutcome {
    return classifiedFile(id, requireFile(id));
  },

  /** Per-feature contributions to one row's probabilities, with its range warnings. */
  explain(id: number, tableIndex: number): RowExplanation {
    return explainRow(requireModel().file, requireFile(id).load.table, tableIndex);
  },

  /** The results file, exactly as `exoforest classify FILE` writes it. */
  csv(id: number): Blob {
    const f = requireFile(id);
    const result =
      f.result ??
      classifyTable(requireModel().file, f.load.table, f.load.raw, {
        setAside: f.load.report.setAside.rows
      });
    f.result = result;
    return new Blob([classifyToCsv(result, f.load.raw)], { type: 'text/csv' });
  },

  forget(id: number): void {
    files.delete(id);
  }
};

export type ClassifyWorkerApi = typeof api;

exposeInWorker(api);
