/**
 * Canonical table -> CSV text that loads back as a canonical CSV. Text cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading apostrophe;
 * numbers are written as numbers.
 */
import type { CanonicalTable } from './types.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises spreadsheet-formula text: "=1+2" -> "'=1+2". Use on every text cell written to CSV. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180). */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest decimal that reads back as the same float32; '' for NaN (missing). */
export function formatFloat32(v: number): string {
  if (v !== v) return '';
  if (!Number.isFinite(v)) return '';
  for (let p = 6; p < 9; p++) {
    const s = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(s)) === Math.fround(v)) return s;
  }
  return String(Number(v.toPrecision(9)));
}

/** One CSV line from cells: strings are neutralised and quoted, numbers formatted, null empty. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return cells
    .map((c) =>
      c === null ? '' : typeof c === 'number' ? formatFloat32(c) : quoteCsvField(neutraliseCell(c))
    )
    .join(',');
}

export interface ExportOptions {
  /** Features to write (default: all the table's features). */
  features?: readonly string[];
}

/**
 * Columns: object_id, host_id, mission, label, then features. `label` is the disposition
 * (CONFIRMED / CANDIDATE / FALSE_POSITIVE), or the raw cell when it was not recognised.
 */
export function tableToCsv(table: CanonicalTable, opts: ExportOptions = {}): string {
  const features = opts.features ?? table.features;
  const cols = features.map((f) => {
    const j = table.features.indexOf(f);
    if (j < 0) throw new Error(`tableToCsv: the table has no feature "${f}".`);
    return table.columns[j];
  });
  const lines = [csvLine(['object_id', 'host_id', 'mission', 'label', ...features])];
  for (let i = 0; i < table.objectId.length; i++) {
    lines.push(
      csvLine([
        table.objectId[i],
        table.hostId[i],
        table.mission[i],
        table.labelDisposition[i] ?? table.rawLabel[i],
        ...cols.map((c) => c[i])
      ])
    );
  }
  return lines.join('\n') + '\n';
}
