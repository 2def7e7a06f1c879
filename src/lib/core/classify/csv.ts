/**
 * Classified rows -> CSV: every input row in input order with all its original columns, then
 * pred_label, pred_prob_<CLASS> per class, pred_mission and pred_notes. Numeric cells are
 * written as they were (numbers stay numbers); text cells that a spreadsheet would run as a
 * formula are neutralised (missions' neutraliseCell); probabilities are printed with full
 * round-trip precision (String(x) of a double reads back as the same double).
 */
import { neutraliseCell, quoteCsvField } from '../missions/index.ts';
import { columnKey, type ClassifiedRow, type ClassifyResult } from './classify.ts';
import type { RawRows } from './raw.ts';

/** Names of the columns classification appends, for a model's classes. */
export function predictionColumns(classes: readonly string[]): string[] {
  return ['pred_label', ...classes.map((c) => `pred_prob_${c}`), 'pred_mission', 'pred_notes'];
}

/** One text cell, safe for spreadsheets and CSV. */
function textCell(s: string): string {
  return quoteCsvField(neutraliseCell(s));
}

/**
 * A plain decimal number (optional sign, digits, point, exponent, surrounding spaces), as
 * archive files write them. Only spaces and tabs: a cell with a line break is never "a number".
 */
const NUMBER = /^[ \t]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[ \t]*$/;

/** An original cell: numbers exactly as written, text neutralised and quoted as needed. */
function originalCell(s: string | undefined): string {
  if (s === undefined) return '';
  return NUMBER.test(s) ? s : textCell(s);
}

export interface ClassifyCsvOptions {
  /** Line end (default '\n'). */
  newline?: string;
}

/** The classified CSV's header line and which original columns it repeats. */
export interface ClassifiedCsvLayout {
  header: string;
  /** Indexes of the original columns written (earlier pred_* columns are dropped). */
  keep: number[];
  nClasses: number;
  withRaw: boolean;
}

/**
 * The header of the classified CSV. With the raw header, the original columns come first;
 * columns of an earlier classification (pred_*) are dropped so they are not repeated.
 */
export function classifiedCsvLayout(
  classes: readonly string[],
  rawHeader?: readonly string[]
): ClassifiedCsvLayout {
  const added = predictionColumns(classes);
  if (!rawHeader) {
    return {
      header: ['object_id', ...added].map(textCell).join(','),
      keep: [],
      nClasses: classes.length,
      withRaw: false
    };
  }
  const ours = new Set(added.map(columnKey));
  const keep: number[] = [];
  for (let j = 0; j < rawHeader.length; j++) if (!ours.has(columnKey(rawHeader[j]))) keep.push(j);
  const cells = keep.map((j) => textCell(rawHeader[j]));
  for (const a of added) cells.push(textCell(a));
  return { header: cells.join(','), keep, nClasses: classes.length, withRaw: true };
}

/** One classified row as a CSV line (no line end); `rawRow` is its original cells. */
export function classifiedCsvLine(
  layout: ClassifiedCsvLayout,
  r: ClassifiedRow,
  rawRow?: readonly string[]
): string {
  const cells: string[] =
    layout.withRaw && rawRow
      ? layout.keep.map((j) => originalCell(rawRow[j]))
      : [textCell(r.objectId)];
  cells.push(r.label === null ? '' : textCell(r.label));
  for (let c = 0; c < layout.nClasses; c++) {
    cells.push(r.probabilities === null ? '' : String(r.probabilities[c]));
  }
  cells.push(r.mission === null ? '' : textCell(r.mission));
  cells.push(textCell(r.notes));
  return cells.join(',');
}

/**
 * The classified CSV. With `raw` (the same RawRows given to classifyTable), the original
 * columns come first; without it, the rows are identified by object_id.
 */
export function classifyToCsv(
  result: ClassifyResult,
  raw?: RawRows,
  options: ClassifyCsvOptions = {}
): string {
  const nl = options.newline ?? '\n';
  if (raw && raw.rows.length !== result.rows.length) {
    throw new Error(
      `classifyToCsv: ${raw.rows.length} raw rows but ${result.rows.length} classified rows; give classifyTable the same raw rows`
    );
  }
  const layout = classifiedCsvLayout(result.classes, raw?.header);
  const lines: string[] = [layout.header];
  result.rows.forEach((r, k) => lines.push(classifiedCsvLine(layout, r, raw?.rows[k])));
  return lines.join(nl) + nl;
}
