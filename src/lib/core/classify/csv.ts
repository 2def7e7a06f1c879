/**
 * Classified rows -> CSV: every input row in input order with all its original columns, then
 * pred_label, pred_prob_<CLASS> per class, pred_mission and pred_notes. Numeric cells are
 * written as they were (numbers stay numbers); text cells that a spreadsheet would run as a
 * formula are neutralised (missions' neutraliseCell); probabilities are printed with full
 * round-trip precision (String(x) of a double reads back as the same double).
 */
import { neutraliseCell, quoteCsvField } from '../missions/index.ts';
import { columnKey, type ClassifyResult } from './classify.ts';
import type { RawRows } from './raw.ts';

/** Names of the columns classification appends, for a model's classes. */
export function predictionColumns(classes: readonly string[]): string[] {
  return ['pred_label', ...classes.map((c) => `pred_prob_${c}`), 'pred_mission', 'pred_notes'];
}

/** One text cell, safe for spreadsheets and CSV. */
function textCell(s: string): string {
  return quoteCsvField(neutraliseCell(s));
}

/** A plain decimal number (optional sign, digits, point, exponent), as archive files write them. */
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** An original cell: numbers exactly as written, text neutralised and quoted as needed. */
function originalCell(s: string | undefined): string {
  if (s === undefined) return '';
  return NUMBER.test(s) ? s : textCell(s);
}

export interface ClassifyCsvOptions {
  /** Line end (default '\n'). */
  newline?: string;
}

/**
 * The classified CSV. With `raw` (the same RawRows given to classifyTable), the original
 * columns come first; columns of an earlier classification (pred_*) are dropped so they are
 * not repeated. Without `raw`, the rows are identified by object_id.
 */
export function classifyToCsv(
  result: ClassifyResult,
  raw?: RawRows,
  options: ClassifyCsvOptions = {}
): string {
  const nl = options.newline ?? '\n';
  const added = predictionColumns(result.classes);
  const lines: string[] = [];
  let keep: number[] = [];
  if (raw) {
    if (raw.rows.length !== result.rows.length) {
      throw new Error(
        `classifyToCsv: ${raw.rows.length} raw rows but ${result.rows.length} classified rows; give classifyTable the same raw rows`
      );
    }
    const ours = new Set(added.map(columnKey));
    keep = raw.header.map((_, j) => j).filter((j) => !ours.has(columnKey(raw.header[j])));
    lines.push([...keep.map((j) => textCell(raw.header[j])), ...added.map(textCell)].join(','));
  } else {
    lines.push(['object_id', ...added].map(textCell).join(','));
  }
  result.rows.forEach((r, k) => {
    const cells: string[] = raw
      ? keep.map((j) => originalCell(raw.rows[k][j]))
      : [textCell(r.objectId)];
    cells.push(r.label === null ? '' : textCell(r.label));
    for (let c = 0; c < result.classes.length; c++) {
      cells.push(r.probabilities === null ? '' : String(r.probabilities[c]));
    }
    cells.push(r.mission === null ? '' : textCell(r.mission));
    cells.push(textCell(r.notes));
    lines.push(cells.join(','));
  });
  return lines.join(nl) + nl;
}
