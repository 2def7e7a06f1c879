/**
 * Classification of a loaded table with a model: per input row the class probabilities (from
 * the pipeline's predictWithModel, so the numbers are identical to training-time evaluation and
 * to the app), the predicted label, the mission whose tree weights scored it, and notes on what
 * the model had to work with (missing features, values outside the training range, rows that
 * could not be scored and why).
 */
import {
  MISSION_ADAPTERS,
  repeatReferenceDetail,
  type CanonicalTable,
  type RowMission,
  type SetAsideRow
} from '../missions/index.ts';
import type { ModelFile, Task } from '../model/index.ts';
import { predictWithModel, type ModelPrediction } from '../pipeline/index.ts';
import type { Matrix } from '../forest/index.ts';
import {
  hasMeasuredValue,
  missingFeaturesOf,
  modelMatrix,
  rangeWarningsOf,
  usedFeatures,
  type RangeWarning
} from './ranges.ts';
import type { RawRows } from './raw.ts';

/** The verdict for one input row. */
export interface ClassifiedRow {
  /** 1-based source line of the row (the loader's rowNumber). */
  line: number;
  /** Index into the CanonicalTable, or -1 for a row the loader set aside. */
  tableIndex: number;
  /** Object id as the loader built it ('' for a set-aside row). */
  objectId: string;
  /** Mission of the row (its tree weights scored it); null when unknown (set-aside canonical row). */
  mission: RowMission | null;
  /** Probabilities in `ClassifyResult.classes` order; null when the row was not scored. */
  probabilities: number[] | null;
  /** Most probable class (ties go to the earlier class); null when not scored. */
  label: string | null;
  /** Features the model uses that a row of this mission could have but this one lacks. */
  missing: string[];
  /** The missing values were filled with draws from training values (hidden missingness). */
  missingFilled?: boolean;
  /** Values outside the model's training range. */
  outOfRange: RangeWarning[];
  /** Why the row has no probabilities; null when it was scored. */
  notScored: { reason: 'set-aside' | 'no-values'; detail: string } | null;
  /** Human-readable summary of the above ('' when there is nothing to say); the CSV's pred_notes. */
  notes: string;
}

export interface ClassifyResult {
  modelName: string;
  task: Task;
  classes: string[];
  positiveClass: string | null;
  /** Kind of the input table ('koi', 'k2', 'toi', 'canonical', 'mixed'). */
  tableKind: CanonicalTable['kind'];
  /** Every input row in input order (set-aside rows included when raw rows were given). */
  rows: ClassifiedRow[];
  counts: {
    /** Input rows (every data row when raw rows were given, else the table's rows). */
    rows: number;
    scored: number;
    /** Rows the loader set aside (K2 default_flag 0, ragged rows). */
    setAside: number;
    /** Rows kept by the loader but with no value for any measured model feature. */
    noValues: number;
    /** Scored rows with at least one value outside the training range. */
    outOfRange: number;
  };
  /** The pipeline's prediction over the table's rows (missions weighting, table-level warnings). */
  prediction: ModelPrediction;
}

export interface ClassifyOptions {
  /** The loader's set-aside list (LoadReport.setAside.rows), for the exact reason of each row. */
  setAside?: readonly SetAsideRow[];
}

/** Compact number for notes: 4 significant digits. */
export function noteNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** How many names a note lists before "and N more": a crafted model may have thousands of features. */
export const NOTE_MAX_LISTED = 8;

/** The first NOTE_MAX_LISTED items, then "and N more". */
function capped(items: readonly string[]): string {
  if (items.length <= NOTE_MAX_LISTED) return items.join(' ');
  return `${items.slice(0, NOTE_MAX_LISTED).join(' ')} and ${items.length - NOTE_MAX_LISTED} more`;
}

function notesText(row: Omit<ClassifiedRow, 'notes'>): string {
  const parts: string[] = [];
  if (row.notScored) parts.push(`not scored: ${row.notScored.detail}`);
  if (row.missing.length > 0) {
    parts.push(
      `missing${row.missingFilled ? ' (filled with draws from training values)' : ''}: ${capped(row.missing)}`
    );
  }
  if (row.outOfRange.length > 0) {
    const shown = row.outOfRange
      .slice(0, NOTE_MAX_LISTED + 1)
      .map(
        (w) =>
          `${w.feature} ${noteNumber(w.value)} (${w.side === 'below' ? 'min' : 'max'} ${noteNumber(
            w.side === 'below' ? w.min : w.max
          )})`
      );
    const text =
      row.outOfRange.length <= NOTE_MAX_LISTED
        ? shown.join(' ')
        : `${shown.slice(0, NOTE_MAX_LISTED).join(' ')} and ${row.outOfRange.length - NOTE_MAX_LISTED} more`;
    parts.push(`outside training range: ${text}`);
  }
  return parts.join('; ');
}

/** Header cell -> lookup name, as the loader matches columns: trimmed, lower-case, no BOM. */
export function columnKey(cell: string): string {
  return cell
    .replace(/[\uFEFF\u200B]/g, '')
    .trim()
    .toLowerCase();
}

/** Mission of an archive table kind, or null for canonical / mixed tables. */
function kindMission(kind: CanonicalTable['kind']): RowMission | null {
  return MISSION_ADAPTERS.some((a) => a.kind === kind) ? (kind as RowMission) : null;
}

/** Why the loader set a raw row aside, when its own list does not say (it is capped). */
function setAsideDetail(
  header: readonly string[],
  row: readonly string[],
  kind: CanonicalTable['kind']
): string {
  const n = header.length;
  if (row.length !== n && !(row.length > n && row.slice(n).every((c) => c.trim() === ''))) {
    return `the row has ${row.length} field${row.length === 1 ? '' : 's'}, the header has ${n}`;
  }
  const filter = MISSION_ADAPTERS.find((a) => a.kind === kind)?.rowFilter;
  if (filter) {
    const j = header.findIndex((h) => columnKey(h) === filter.column);
    const verdict = j >= 0 ? filter.decide(row[j] ?? '') : null;
    if (verdict) return verdict.detail;
  }
  return 'set aside by the loader (see the load report)';
}

/** Rows whose feature matrix is built at a time (bounds the memory classification adds). */
const MATRIX_BATCH = 4096;

/** Classifies rows of one table one at a time (the feature matrix is built in batches). */
export interface RowClassifier {
  prediction: ModelPrediction;
  /** The verdict for table row i. */
  scored(i: number): ClassifiedRow;
}

/** Per-row classification of `table` with `model`; predictWithModel runs once for every row. */
export function createRowClassifier(model: ModelFile, table: CanonicalTable): RowClassifier {
  const prediction = predictWithModel(model, table);
  const K = prediction.classes.length;
  const n = table.objectId.length;
  let batchStart = -1;
  let X: Matrix | null = null;
  const matrixFor = (i: number): Matrix => {
    const start = i - (i % MATRIX_BATCH);
    if (start !== batchStart || X === null) {
      const end = Math.min(n, start + MATRIX_BATCH);
      const rows = new Int32Array(end - start);
      for (let k = 0; k < rows.length; k++) rows[k] = start + k;
      X = modelMatrix(model, table, rows);
      batchStart = start;
    }
    return X;
  };
  const used = usedFeatures(model);
  const filledMissions = new Set(Object.keys(model.meta.missingFill ?? {}));
  const noValuesDetail = `no value for any of the model's measured features (${model.meta.features
    .map((f) => f.name)
    .filter((f) => f !== 'host_multiplicity')
    .slice(0, 4)
    .join(', ')}, ...)`;
  return {
    prediction,
    scored(i) {
      const Xb = matrixFor(i);
      const local = i - batchStart;
      const mission = table.mission[i];
      const measured = hasMeasuredValue(model, Xb, local);
      const missing = measured ? missingFeaturesOf(model, Xb, local, mission, used) : [];
      const outOfRange = measured ? rangeWarningsOf(model, Xb, local) : [];
      const probabilities = measured
        ? Array.from(prediction.proba.subarray(i * K, (i + 1) * K))
        : null;
      const base: Omit<ClassifiedRow, 'notes'> = {
        line: table.rowNumber[i],
        tableIndex: i,
        objectId: table.objectId[i],
        mission,
        probabilities,
        label: probabilities ? prediction.classes[prediction.predicted[i]] : null,
        missing,
        ...(missing.length > 0 && filledMissions.has(mission) ? { missingFilled: true } : {}),
        outOfRange,
        notScored: measured ? null : { reason: 'no-values', detail: noValuesDetail }
      };
      return { ...base, notes: notesText(base) };
    }
  };
}

/** Running totals of classified rows. */
export type ClassifyCounts = ClassifyResult['counts'];

/**
 * Joins raw rows (in file order, with their source lines) to the table's rows: a raw row whose
 * line is the next table row's is scored, any other was set aside by the loader. Feed every
 * raw row of the same file once, in order, then call finish().
 */
export interface RowJoiner {
  next(rawRow: readonly string[], line: number): ClassifiedRow;
  /** Throws when table rows were never matched; returns the counts. */
  finish(): ClassifyCounts;
}

export function createRowJoiner(
  classifier: RowClassifier,
  table: CanonicalTable,
  header: readonly string[],
  options: ClassifyOptions = {}
): RowJoiner {
  const listed = new Map((options.setAside ?? []).map((s) => [s.row, s.detail]));
  const n = table.objectId.length;
  const counts: ClassifyCounts = { rows: 0, scored: 0, setAside: 0, noValues: 0, outOfRange: 0 };
  // A K2 file without default_flag: a set-aside row beyond the loader's capped list repeats a
  // planet scored from another row; name that row.
  const adapter = MISSION_ADAPTERS.find((a) => a.kind === table.kind);
  const idIdx =
    adapter?.rowFilter && !header.some((h) => columnKey(h) === adapter.rowFilter!.column)
      ? header.findIndex((h) => columnKey(h) === adapter.objectId.column)
      : -1;
  let lineOf: Map<string, number> | null = null;
  const repeatDetail = (rawRow: readonly string[]): string | null => {
    if (idIdx < 0 || !adapter) return null;
    const id = adapter.objectId.prefix + (rawRow[idIdx] ?? '').trim();
    lineOf ??= new Map(table.objectId.map((o, k) => [o, table.rowNumber[k]]));
    const used = lineOf.get(id);
    return used === undefined ? null : repeatReferenceDetail(id, used);
  };
  let i = 0;
  return {
    next(rawRow, line) {
      counts.rows++;
      let row: ClassifiedRow;
      if (i < n && table.rowNumber[i] === line) {
        row = classifier.scored(i);
        i++;
        if (row.probabilities !== null) counts.scored++;
        else counts.noValues++;
        if (row.outOfRange.length > 0) counts.outOfRange++;
        return row;
      }
      counts.setAside++;
      const detail =
        listed.get(line) ?? repeatDetail(rawRow) ?? setAsideDetail(header, rawRow, table.kind);
      const base: Omit<ClassifiedRow, 'notes'> = {
        line,
        tableIndex: -1,
        objectId: '',
        mission: kindMission(table.kind),
        probabilities: null,
        label: null,
        missing: [],
        outOfRange: [],
        notScored: { reason: 'set-aside', detail: `set aside by the loader: ${detail}` }
      };
      return { ...base, notes: notesText(base) };
    },
    finish() {
      if (i !== n) {
        throw new Error(
          `classifyTable: the raw rows do not match the table (${n - i} table rows unmatched); capture them from the same file with parseCsvTextWithRaw or parseCsvBlobWithRaw`
        );
      }
      return { ...counts };
    }
  };
}

/**
 * Classifies every row of `table` with `model`. With `raw` (from parseCsvTextWithRaw /
 * parseCsvBlobWithRaw over the same file), the result covers every input row in input order,
 * including rows the loader set aside (with no probabilities and the reason); without it, the
 * table's rows.
 */
export function classifyTable(
  model: ModelFile,
  table: CanonicalTable,
  raw?: RawRows,
  options: ClassifyOptions = {}
): ClassifyResult {
  const classifier = createRowClassifier(model, table);
  const { prediction } = classifier;
  const n = table.objectId.length;
  const rows: ClassifiedRow[] = [];
  let counts: ClassifyCounts;
  if (raw) {
    const joiner = createRowJoiner(classifier, table, raw.header, options);
    for (let k = 0; k < raw.rows.length; k++)
      rows.push(joiner.next(raw.rows[k], raw.lineNumbers[k]));
    counts = joiner.finish();
  } else {
    for (let i = 0; i < n; i++) rows.push(classifier.scored(i));
    const scored = rows.filter((r) => r.probabilities !== null).length;
    counts = {
      rows: rows.length,
      scored,
      setAside: 0,
      noValues: rows.length - scored,
      outOfRange: rows.filter((r) => r.outOfRange.length > 0).length
    };
  }
  return {
    modelName: model.meta.name,
    task: model.meta.task,
    classes: prediction.classes,
    positiveClass: model.meta.positiveClass,
    tableKind: table.kind,
    rows,
    counts,
    prediction
  };
}
