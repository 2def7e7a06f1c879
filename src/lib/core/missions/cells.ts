/**
 * Reading one numeric cell. The hot path (cellNumber) allocates nothing: it returns the value,
 * or NaN for anything that is not a plain decimal number; classifyNonNumber then tells an empty
 * cell or a missing-value token (NaN, no complaint) from text (reported per row).
 */
import { FLOAT32_MAX } from './column-builder.ts';

/** Spellings of "missing" that other tools write; read as NaN without a per-row complaint. */
const MISSING_TOKENS = new Set(['na', 'n/a', 'nan', 'null', 'none', 'nil', '--']);

/** Number() also accepts 0x/0o/0b prefixes and Infinity: any letter but an exponent is refused. */
const LETTERS_BUT_EXPONENT = /[a-df-zA-DF-Z]/;

/** Strict decimal parse within the float32 range; NaN otherwise (empty, token, text). */
export function cellNumber(cell: string | undefined): number {
  if (cell === undefined || cell.length === 0) return NaN;
  const v = Number(cell);
  if (v !== v || Math.abs(v) > FLOAT32_MAX) return NaN; // NaN, Infinity, beyond float32
  if (v === 0 && cell.trim() === '') return NaN; // Number('  ') is 0
  // Prefixed forms (0x1A) parse to integers; decimals with an exponent are fine.
  if (Number.isInteger(v) && LETTERS_BUT_EXPONENT.test(cell)) return NaN;
  return v;
}

/** A number written with a decimal comma ("0,085", "-1,5e3"): one comma, no point. */
const DECIMAL_COMMA = /^\s*[-+]?\d+,\d+([eE][-+]?\d+)?\s*$/;

/**
 * A cell written with a decimal comma, read as a number; NaN for anything else. Only for files
 * whose delimiter is not the comma (spreadsheets in decimal-comma locales export with ';').
 */
export function decimalCommaNumber(cell: string): number {
  if (!DECIMAL_COMMA.test(cell)) return NaN;
  return cellNumber(cell.replace(',', '.'));
}

/** For a cell cellNumber rejected: 'empty', a missing-value token, or 'text' (a problem to report). */
export function classifyNonNumber(cell: string | undefined): 'empty' | 'token' | 'text' {
  if (cell === undefined) return 'empty';
  const s = cell.trim();
  if (s === '') return 'empty';
  return MISSING_TOKENS.has(s.toLowerCase()) ? 'token' : 'text';
}

/** A hint appended to the non-numeric message when the cell looks like a known mistake. */
export function textHint(value: string): string {
  const s = value.trim();
  if (/^[-+]?\d+,\d+$/.test(s)) return ' (a decimal comma? write 1.5, not 1,5)';
  if (/^[=+@]/.test(s)) return ' (a spreadsheet formula?)';
  if (/^'/.test(s)) return ' (a leading apostrophe from a spreadsheet export?)';
  if (Math.abs(Number(s)) > FLOAT32_MAX) return ' (beyond the float32 range of +-3.4e38)';
  return '';
}
