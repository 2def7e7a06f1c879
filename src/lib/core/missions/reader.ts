/**
 * The incremental row consumer: fed rows (string[][]) by any CSV tokenizer, keeps only the
 * canonical columns (never the raw rows), and turns them into a CanonicalTable + LoadReport.
 * Pure: no I/O, no papaparse; csv-stream.ts feeds it.
 */
import { canonicalMission } from './adapters/canonical.ts';
import { cellNumber, classifyNonNumber, decimalCommaNumber, textHint } from './cells.ts';
import { IntColumnBuilder } from './column-builder.ts';
import { fillDerived, symmetricSigma } from './derived.ts';
import { dateFromComment } from './download-date.ts';
import { LoadError } from './errors.ts';
import { COMPUTED_FEATURES, featureInfo } from './features.ts';
import { labelKey, type DispositionLabel, type VettingLabel } from './labels.ts';
import { pickOneRowPerObject, pickRows, repeatReferenceDetail } from './one-row-per-object.ts';
import { makePlan, type Plan } from './plan.ts';
import { buildReport, type ReaderState } from './report.ts';
import type { LoadResult, ReportWarning, RowMission, SetAsideRow } from './types.ts';

/** Set-aside reason codes in words, for messages. */
const REASON_TEXT: Record<string, string> = {
  'not-default': 'with default_flag = 0',
  'bad-default-flag': 'with an invalid default_flag',
  'repeat-reference': "repeating another reference's row of a planet",
  ragged: 'with the wrong number of fields'
};

export interface ReaderOptions {
  /** File name, for messages and the download-date fallback. */
  name?: string;
  /** Input size in bytes, for the report. */
  bytes?: number;
  /** How many rows each problem list keeps (default 100). */
  maxListed?: number;
}

/** A parse error from the tokenizer, indexed into the rows of the same pushRows call. */
export interface RowParseError {
  row?: number;
  message: string;
}

export interface TableReader {
  /** A '#' comment line before the header (the archive's preamble). */
  pushComment(line: string): void;
  /**
   * Rows in file order; the first non-blank, non-comment row is the header. `quoted: false`
   * promises no cell holds a line break (the text had no quote), which skips counting them.
   */
  pushRows(rows: string[][], errors?: readonly RowParseError[], quoted?: boolean): void;
  /** Report the field delimiter the tokenizer used. */
  setDelimiter(delimiter: string): void;
  /** A warning found by the layer below (text decoding). */
  addWarning(w: ReportWarning): void;
  finish(): LoadResult;
}

export function createTableReader(opts: ReaderOptions = {}): TableReader {
  const maxListed = opts.maxListed ?? 100;
  const s: ReaderState = {
    name: opts.name ?? 'input',
    bytes: opts.bytes ?? 0,
    delimiter: ',',
    maxListed,
    downloadDate: null,
    commentLines: 0,
    rowsRead: 0,
    rawLabelsRead: new Map(),
    setAside: { total: 0, byReason: {}, rows: [] },
    nonNumeric: { total: 0, byColumn: {}, cells: [] },
    missingTokens: new Map(),
    unknownLabels: new Map(),
    missingLabels: 0,
    duplicates: new Map(),
    trailingFieldRows: [],
    trailingFieldTotal: 0,
    missingObjectIds: 0,
    missingHostIds: 0,
    unknownMissions: 0,
    csvErrors: [],
    csvErrorTotal: 0,
    extraWarnings: [],
    notes: []
  };
  let lineNo = 0;
  let plan: Plan | null = null;

  const mission: RowMission[] = [];
  const objectId: string[] = [];
  const hostId: string[] = [];
  const hostKnown: (string | null)[] = [];
  const labelVetting: (VettingLabel | null)[] = [];
  const labelDisposition: (DispositionLabel | null)[] = [];
  const rawLabel: string[] = [];
  const rowNumber = new IntColumnBuilder();
  const firstRowOfId = new Map<string, number>();
  /** Cells read with a decimal comma (only in files not delimited by commas). */
  let decimalCommas = 0;

  function setAside(row: number, reason: string, detail: string): void {
    s.setAside.total++;
    s.setAside.byReason[reason] = (s.setAside.byReason[reason] ?? 0) + 1;
    if (s.setAside.rows.length < maxListed)
      s.setAside.rows.push({ row, reason, detail } as SetAsideRow);
  }

  function readNumber(row: string[], src: number, column: string, at: number): number {
    const cell = row[src];
    const v = cellNumber(cell);
    if (v === v) return v;
    if (s.delimiter !== ',' && cell !== undefined) {
      const d = decimalCommaNumber(cell);
      if (d === d) {
        decimalCommas++;
        return d;
      }
    }
    const kind = classifyNonNumber(cell);
    if (kind === 'token') {
      const key = `${column}\u0000${cell.trim()}`;
      s.missingTokens.set(key, (s.missingTokens.get(key) ?? 0) + 1);
    } else if (kind === 'text') {
      s.nonNumeric.total++;
      s.nonNumeric.byColumn[column] = (s.nonNumeric.byColumn[column] ?? 0) + 1;
      if (s.nonNumeric.cells.length < maxListed) {
        s.nonNumeric.cells.push({ row: at, column, value: cell + textHint(cell) });
      }
    }
    return NaN;
  }

  function processRow(row: string[], at: number): void {
    const p = plan as Plan;
    s.rowsRead++;
    const expected = p.header.length;
    if (row.length !== expected) {
      const extraEmpty = row.length > expected && row.slice(expected).every((c) => c.trim() === '');
      if (!extraEmpty) {
        setAside(
          at,
          'ragged',
          `${row.length} field${row.length === 1 ? '' : 's'}, the header has ${expected}`
        );
        return;
      }
      s.trailingFieldTotal++;
      if (s.trailingFieldRows.length < maxListed) s.trailingFieldRows.push(at);
    }
    if (p.labelIdx >= 0) {
      const v = row[p.labelIdx].trim();
      if (v !== '') s.rawLabelsRead.set(v, (s.rawLabelsRead.get(v) ?? 0) + 1);
    }
    if (p.filterIdx >= 0 && p.adapter?.rowFilter) {
      const verdict = p.adapter.rowFilter.decide(row[p.filterIdx]);
      if (verdict) {
        setAside(at, verdict.reason, verdict.detail);
        return;
      }
    }

    // Ids
    const rawObject = p.objectIdx >= 0 ? row[p.objectIdx].trim() : '';
    let oid: string;
    if (rawObject !== '') oid = p.objectPrefix + rawObject;
    else {
      if (p.objectIdx >= 0) s.missingObjectIds++;
      oid = `row-${at}`;
    }
    const rawHost = p.hostIdx >= 0 ? row[p.hostIdx].trim() : '';
    if (rawHost !== '') {
      hostId.push(p.hostPrefix + rawHost);
      hostKnown.push(p.hostPrefix + rawHost);
    } else {
      if (p.hostIdx >= 0) s.missingHostIds++;
      hostId.push(`${p.hostPrefix}unknown-host-row-${at}`);
      hostKnown.push(null);
    }
    objectId.push(oid);
    const first = firstRowOfId.get(oid);
    if (first === undefined) firstRowOfId.set(oid, at);
    else {
      const rows = s.duplicates.get(oid);
      if (rows) rows.push(at);
      else s.duplicates.set(oid, [first, at]);
    }

    // Mission and label
    if (p.adapter) mission.push(p.adapter.mission);
    else {
      const m = p.missionIdx >= 0 ? canonicalMission(row[p.missionIdx]) : 'unknown';
      if (m === 'unknown' && p.missionIdx >= 0) s.unknownMissions++;
      mission.push(m);
    }
    const raw = p.labelIdx >= 0 ? row[p.labelIdx].trim() : '';
    rawLabel.push(raw);
    if (raw === '') {
      if (p.labelIdx >= 0) s.missingLabels++;
      labelVetting.push(null);
      labelDisposition.push(null);
    } else {
      const pair = p.labelMap[labelKey(raw)];
      if (pair) {
        labelVetting.push(pair.vetting);
        labelDisposition.push(pair.disposition);
      } else {
        s.unknownLabels.set(raw, (s.unknownLabels.get(raw) ?? 0) + 1);
        labelVetting.push(null);
        labelDisposition.push(null);
      }
    }

    // Numbers
    for (const op of p.values) op.builder.push(readNumber(row, op.src, op.column, at) * op.scale);
    for (const op of p.sigmas) {
      const a = op.e1 >= 0 ? readNumber(row, op.e1, op.columns[0], at) : NaN;
      const b = op.e2 >= 0 ? readNumber(row, op.e2, op.columns[1], at) : NaN;
      op.builder.push(symmetricSigma(a, b) * op.scale);
    }
    rowNumber.push(at);
  }

  function countNewlines(row: string[]): number {
    let n = 0;
    for (const f of row) {
      let i = f.indexOf('\n');
      while (i !== -1) {
        n++;
        i = f.indexOf('\n', i + 1);
      }
    }
    return n;
  }

  return {
    pushComment(line) {
      lineNo++;
      s.commentLines++;
      if (s.downloadDate === null && s.commentLines <= 10) s.downloadDate = dateFromComment(line);
    },
    setDelimiter(d) {
      s.delimiter = d;
    },
    addWarning(w) {
      s.extraWarnings.push(w);
    },
    pushRows(rows, errors, quoted = true) {
      const errorRows = errors?.length ? new Map<number, string>() : null;
      if (errors && errorRows) for (const e of errors) errorRows.set(e.row ?? -1, e.message);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const at = lineNo + 1;
        lineNo += quoted ? 1 + countNewlines(row) : 1;
        if (errorRows?.has(r)) {
          s.csvErrorTotal++;
          if (s.csvErrors.length < maxListed)
            s.csvErrors.push({ row: at, message: errorRows.get(r) as string });
        }
        if (row.length === 1 && row[0].trim() === '') continue; // blank line
        if (row[0].trimStart().startsWith('#')) {
          if (plan === null) {
            s.commentLines++;
            if (s.downloadDate === null) s.downloadDate = dateFromComment(row.join(s.delimiter));
          }
          continue;
        }
        if (plan === null) plan = makePlan(row, s);
        else processRow(row, at);
      }
    },
    finish() {
      if (plan === null) {
        if (s.commentLines > 0) {
          throw new LoadError(
            'no-header',
            `"${s.name}" has only comment lines (starting with #) and no column header. Download the table again from the NASA Exoplanet Archive as CSV.`
          );
        }
        throw new LoadError(
          'empty',
          `"${s.name}" is empty (no text, only blank lines). Choose a CSV file downloaded from the NASA Exoplanet Archive, or your own CSV with canonical column names.`
        );
      }
      if (s.rowsRead === 0) {
        throw new LoadError(
          'no-rows',
          `"${s.name}" has a header (${plan.header.length} columns, ${plan.title}) but no data rows. Download the table again with its rows, or add rows below the header.`
        );
      }
      if (objectId.length === 0) {
        const firstRow = s.setAside.rows[0];
        const byReason = Object.entries(s.setAside.byReason)
          .map(([reason, count]) => `${count} ${REASON_TEXT[reason] ?? reason}`)
          .join(', ');
        throw new LoadError(
          'no-kept-rows',
          `"${s.name}": none of its ${s.rowsRead} rows could be kept (${byReason}; first: row ${firstRow.row}, ${firstRow.detail}). Check that the file is an unmodified archive download.`
        );
      }
      if (decimalCommas > 0) {
        s.notes.push(
          `${decimalCommas} number${decimalCommas === 1 ? ' was' : 's were'} written with a decimal comma (e.g. 0,085) and read as decimal numbers (0.085); the file's delimiter is "${s.delimiter === '\t' ? 'tab' : s.delimiter}".`
        );
      }
      const built = new Map<string, Float32Array>();
      for (const [f, b] of plan.builders) built.set(f, b.finish());
      let rows = {
        mission,
        objectId,
        hostId,
        hostKnown,
        labelVetting,
        labelDisposition,
        rawLabel,
        rowNumber: rowNumber.finish()
      };
      if (plan.adapter?.rowFilter && plan.filterIdx < 0 && s.duplicates.size > 0) {
        // No default_flag: one row per planet per reference. Score each planet once.
        const { keep, usedRowOf } = pickOneRowPerObject(objectId, [...built.values()]);
        const kept = new Set(keep);
        for (let i = 0; i < objectId.length; i++) {
          if (kept.has(i)) continue;
          const used = rows.rowNumber[usedRowOf.get(objectId[i]) as number];
          setAside(rows.rowNumber[i], 'repeat-reference', repeatReferenceDetail(objectId[i], used));
        }
        s.duplicates.clear();
        const all = rows;
        rows = {
          mission: pickRows(all.mission, keep),
          objectId: pickRows(all.objectId, keep),
          hostId: pickRows(all.hostId, keep),
          hostKnown: pickRows(all.hostKnown, keep),
          labelVetting: pickRows(all.labelVetting, keep),
          labelDisposition: pickRows(all.labelDisposition, keep),
          rawLabel: pickRows(all.rawLabel, keep),
          rowNumber: Int32Array.from(keep, (i) => all.rowNumber[i])
        };
        for (const [f, c] of built)
          built.set(
            f,
            Float32Array.from(keep, (i) => c[i])
          );
      }
      const n = rows.objectId.length;
      const columns = new Map<string, Float32Array>();
      for (const f of plan.features) {
        const b = built.get(f);
        if (b) columns.set(f, b);
        else if (!COMPUTED_FEATURES.includes(f)) columns.set(f, new Float32Array(n).fill(NaN));
      }
      const hostIdsKnown = plan.hostIdx >= 0 ? rows.hostKnown : null;
      fillDerived(columns, n, hostIdsKnown, plan.providedDerived, rows.objectId);
      const table = {
        kind: plan.kind,
        mission: rows.mission,
        objectId: rows.objectId,
        hostId: rows.hostId,
        labelVetting: rows.labelVetting,
        labelDisposition: rows.labelDisposition,
        rawLabel: rows.rawLabel,
        rowNumber: rows.rowNumber,
        features: plan.features.slice(),
        columns: plan.features.map((f) => columns.get(f) as Float32Array),
        units: plan.features.map((f) => featureInfo(f)?.unit ?? '')
      };
      return { table, report: buildReport(s, plan, table) };
    }
  };
}
