/**
 * Classify worker: a thin Comlink adapter over core/model and core/classify. It holds one model
 * (read from its file bytes once) and the files classified with it, so a row can be explained
 * and the results CSV built without sending the table back and forth. Row columns go to the
 * caller by transferring their buffers. Bad input (a corrupt model, a PNG named .csv) comes
 * back as { ok: false, error } with the reader's own message.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import {
  classifyTable,
  classifyToCsv,
  explainRow,
  missingFeatureSummary,
  parseCsvBlobWithRaw,
  parseCsvTextWithRaw,
  type ClassifyResult,
  type LoadResultWithRaw,
  type MissingFeatureSummary,
  type RowExplanation
} from '../core/classify/index.ts';
import { toOutcome, type LoadReport, type LoadErrorCode } from '../core/missions/index.ts';
import {
  describeModel,
  modelFingerprint,
  ModelFileError,
  readModel,
  type ModelErrorCode,
  type ModelFile,
  type ModelMeta
} from '../core/model/index.ts';
import { rankRows } from '../core/pipeline/ranking.ts';

/** Features shown beside each row (and in the period-radius chart). */
export const KEY_FEATURES = [
  'period_days',
  'planet_radius_re',
  'depth_ppm',
  'duration_hours',
  'teq_k'
] as const;
export type KeyFeature = (typeof KEY_FEATURES)[number];

/** What the UI shows about a model: its metadata, sizes, fingerprint and the CLI's text card. */
export interface ModelOverview {
  meta: ModelMeta;
  nTrees: number;
  nNodes: number;
  fingerprint: string;
  treeWeights: { per: 'stage' | 'tree'; byMission: Record<string, number[]> } | null;
  /** Exactly what `exoforest inspect` prints. */
  text: string;
}

export type ModelOutcome =
  | { ok: true; overview: ModelOverview }
  | { ok: false; error: { code: ModelErrorCode; message: string } };

/** Every input row of one classified file, column by column (typed arrays are transferred). */
export interface RowColumns {
  n: number;
  /** 1-based source line. */
  line: Int32Array;
  /** Row of the loaded table, -1 for a row the loader set aside. */
  tableIndex: Int32Array;
  objectId: string[];
  mission: string[];
  /** Predicted class index, -1 when the row was not scored. */
  label: Int8Array;
  /** n x classes probabilities, row-major; NaN when the row was not scored. */
  proba: Float64Array;
  /** The archive's own label cell ('CANDIDATE', 'PC', 'FALSE POSITIVE', ...). */
  archiveLabel: string[];
  /** Rank by P(positive class) among unresolved scored rows (1 = most likely); 0 = not ranked. */
  candidateRank: Int32Array;
  /** Values outside the training range, per row. */
  outOfRange: Uint8Array;
  notes: string[];
  features: Record<KeyFeature, Float32Array>;
}

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

function overviewOf(file: ModelFile, fingerprint: string): ModelOverview {
  const { forest, treeWeights } = file;
  const nTrees = forest.treeStart.length - 1;
  return {
    meta: file.meta,
    nTrees,
    nNodes: forest.treeStart[nTrees],
    fingerprint,
    treeWeights: treeWeights && {
      per: treeWeights.per,
      byMission: Object.fromEntries(
        Object.entries(treeWeights.byMission).map(([m, w]) => [m, Array.from(w)])
      )
    },
    text: describeModel(file)
  };
}

function readOutcome(bytes: Uint8Array): { file: ModelFile; outcome: ModelOutcome } | ModelOutcome {
  try {
    const file = readModel(bytes);
    const fingerprint = modelFingerprint(file);
    return { file, outcome: { ok: true, overview: overviewOf(file, fingerprint) } };
  } catch (e) {
    if (e instanceof ModelFileError) {
      return { ok: false, error: { code: e.code, message: e.message } };
    }
    throw e;
  }
}

/** Fire-and-forget progress; a caller that went away must not fail the job. */
function progressSink(onProgress?: Progress): Progress {
  return (phase, done, total) => {
    try {
      const sent = onProgress?.(phase, done, total) as unknown;
      if (sent instanceof Promise) sent.catch(() => {});
    } catch {
      // released or closed callback: ignore
    }
  };
}

function release(onProgress?: Progress): void {
  const r = (onProgress as unknown as Record<symbol, unknown> | undefined)?.[releaseProxy];
  if (typeof r === 'function') r.call(onProgress);
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

/** The row columns of a classified file. */
function rowColumns(result: ClassifyResult, load: LoadResultWithRaw): RowColumns {
  const { table } = load;
  const K = result.classes.length;
  const n = result.rows.length;
  const line = new Int32Array(n);
  const tableIndex = new Int32Array(n);
  const label = new Int8Array(n);
  const proba = new Float64Array(n * K).fill(NaN);
  const outOfRange = new Uint8Array(n);
  const candidateRank = new Int32Array(n);
  const features = Object.fromEntries(
    KEY_FEATURES.map((f) => [f, new Float32Array(n).fill(NaN)])
  ) as Record<KeyFeature, Float32Array>;
  const columns = KEY_FEATURES.map((f) => table.columns[table.features.indexOf(f)]);
  const toRow = new Int32Array(table.objectId.length);
  result.rows.forEach((r, k) => {
    line[k] = r.line;
    tableIndex[k] = r.tableIndex;
    label[k] = r.label === null ? -1 : result.classes.indexOf(r.label);
    if (r.probabilities) proba.set(r.probabilities, k * K);
    outOfRange[k] = Math.min(255, r.outOfRange.length);
    if (r.tableIndex >= 0) {
      toRow[r.tableIndex] = k;
      KEY_FEATURES.forEach((f, j) => {
        if (columns[j]) features[f][k] = columns[j][r.tableIndex];
      });
    }
  });
  const positive = result.prediction.positiveClass;
  if (positive >= 0) {
    // The pipeline's own ranking, over unresolved rows that were scored.
    const rows: number[] = [];
    result.rows.forEach((r) => {
      if (r.tableIndex >= 0 && r.probabilities && table.labelVetting[r.tableIndex] === null) {
        rows.push(r.tableIndex);
      }
    });
    const p = new Float64Array(rows.length * K);
    rows.forEach((i, k) => p.set(result.prediction.proba.subarray(i * K, (i + 1) * K), k * K));
    for (const c of rankRows(table, rows, p, K, positive)) candidateRank[toRow[c.row]] = c.rank;
  }
  return {
    n,
    line,
    tableIndex,
    objectId: result.rows.map((r) => r.objectId),
    mission: result.rows.map((r) => r.mission ?? ''),
    label,
    proba,
    archiveLabel: result.rows.map((r) => (r.tableIndex >= 0 ? table.rawLabel[r.tableIndex] : '')),
    candidateRank,
    outOfRange,
    notes: result.rows.map((r) => r.notes),
    features
  };
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
    const progress = progressSink(onProgress);
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

// Expose only inside a real worker; tests expose `api` on their own MessageChannel.
const scope = globalThis as unknown as { WorkerGlobalScope?: abstract new () => unknown };
if (
  typeof scope.WorkerGlobalScope === 'function' &&
  globalThis instanceof scope.WorkerGlobalScope
) {
  expose(api);
}
