/**
 * Names what a non-model file looks like, so "not a model" errors can say "this is a PNG image"
 * or "this is a CSV table" instead of a bare "bad magic".
 */

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));

const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [ascii('GIF8'), 'a GIF image'],
  [ascii('PK'), 'a ZIP archive (or an office document)'],
  [ascii('%PDF'), 'a PDF document'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a Zstandard-compressed file'],
  [ascii('BZh'), 'a bzip2-compressed file'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz-compressed file'],
  [ascii('SQLite format'), 'an SQLite database'],
  [ascii('EXOF'), 'an uncompressed Exoforest payload (model files are gzip-compressed)']
];

/** A short phrase such as 'a PNG image', 'text (it looks like a CSV table)' or 'unrecognised binary data'. */
export function describeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  for (const [sig, what] of SIGNATURES) if (startsWith(bytes, sig)) return what;
  const head = bytes.subarray(0, 512);
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
  if (printable < head.length * 0.95) return 'unrecognised binary data';
  const text = Array.from(head.subarray(0, 200), (b) => String.fromCharCode(b))
    .join('')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'text (it looks like JSON)';
  if (first === '<') return 'text (it looks like HTML or XML)';
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  if (text.startsWith('#') || firstLine.includes(',')) return 'text (it looks like a CSV table)';
  return 'a text file';
}
