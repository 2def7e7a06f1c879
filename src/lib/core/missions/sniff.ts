/** Refuse what is not CSV text before parsing: binary files by magic bytes / NUL bytes, and oversize input. */
import { LoadError } from './errors.ts';

/**
 * Memory bound: streaming keeps only the canonical columns (about 30 float32 values and four
 * short strings per kept row), never the raw rows, so memory grows with kept rows, not with
 * file size. Inputs above this many bytes are refused outright; the archive's full tables
 * are under 20 MB.
 */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

/** Bytes looked at to decide whether a file is text. */
export const SNIFF_BYTES = 1024;

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an .xlsx spreadsheet is one too)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive' },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data (decompress it first)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an Excel .xls workbook' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7z archive' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text (save it as UTF-8)' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text (save it as UTF-8)' }
];

const ADVICE =
  'Choose a CSV file: on the NASA Exoplanet Archive use Download Table > CSV format; from a spreadsheet, export as CSV (UTF-8).';

function binaryError(name: string, what: string): LoadError {
  return new LoadError('binary', `"${name}" is ${what}, not a CSV text file. ${ADVICE}`);
}

/** Throws LoadError('binary') when the first bytes are a known binary format or hold NUL bytes. */
export function assertTextBytes(head: ArrayLike<number>, name: string): void {
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => head[i] === b)) throw binaryError(name, sig.what);
  }
  const n = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) throw binaryError(name, 'binary data (it contains NUL bytes)');
  }
}

/**
 * Same check on already-decoded text: bytes >= 0x80 that were not valid UTF-8 became U+FFFD,
 * so a PNG read as text starts "\uFFFDPNG"; NUL characters mean binary or UTF-16.
 */
export function assertTextString(text: string, name: string): void {
  const head = text.slice(0, SNIFF_BYTES);
  if (/^\uFFFDPNG/.test(head)) throw binaryError(name, 'a PNG image');
  // Latin-1 view of the first characters (-1 for anything wider) for the magic-number table.
  const bytes = Array.from(head.slice(0, 8), (c) =>
    c.charCodeAt(0) < 0x100 ? c.charCodeAt(0) : -1
  );
  assertTextBytes(bytes, name);
  if (head.includes('\u0000')) throw binaryError(name, 'binary data (it contains NUL characters)');
}

export function assertSize(bytes: number, max: number, name: string): void {
  if (bytes > max) {
    const mb = (b: number) => `${Math.round(b / (1024 * 1024))} MB`;
    throw new LoadError(
      'too-large',
      `"${name}" is ${mb(bytes)}; the limit is ${mb(max)}. The archive's complete tables are far smaller: download only the rows and columns you need, or split the file.`
    );
  }
}
