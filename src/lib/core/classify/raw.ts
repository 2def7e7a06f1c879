/**
 * Raw-row capture for classification output. The missions loader keeps only canonical columns,
 * but a classified CSV must repeat every input row with all its original cells. Rather than
 * parse twice, a "tee" reader receives exactly the rows the loader's CSV stream produces (same
 * tokenizer, delimiter, BOM and preamble handling) and records each one with the same 1-based
 * source line number the loader stores in `CanonicalTable.rowNumber`, so the two join exactly.
 */
import {
  CHUNK_BYTES,
  createCsvStream,
  createTableReader,
  LoadError,
  MAX_INPUT_BYTES,
  type LoadOptions,
  type LoadResult,
  type TableReader
} from '../missions/index.ts';
// Not in the missions index: the same size and binary-content checks its parse functions run.
import { assertSize, assertTextBytes, assertTextString, SNIFF_BYTES } from '../missions/sniff.ts';

/** Every data row of a file as written, with its header and source line numbers. */
export interface RawRows {
  /** Header cells as written (not normalised). */
  header: string[];
  /** Data rows in file order (blank lines and '#' comment lines excluded). */
  rows: string[][];
  /** 1-based source line where each row starts; aligned with `rows`. */
  lineNumbers: number[];
  /** Field delimiter of the input. */
  delimiter: string;
}

/** Result of a load that also captured the raw rows. */
export interface LoadResultWithRaw extends LoadResult {
  raw: RawRows;
}

function countNewlines(row: string[]): number {
  let n = 0;
  for (const f of row) {
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/**
 * A TableReader that forwards everything to `inner` and records the raw rows. Line numbers
 * are counted with the loader's own rule (comment lines, blank lines and line breaks inside
 * quoted fields all count), so `lineNumbers[k]` equals the loader's `rowNumber` of that row.
 */
export function teeRawRows(inner: TableReader): { reader: TableReader; raw: RawRows } {
  const raw: RawRows = { header: [], rows: [], lineNumbers: [], delimiter: ',' };
  let lineNo = 0;
  let haveHeader = false;
  const reader: TableReader = {
    pushComment(line) {
      lineNo++;
      inner.pushComment(line);
    },
    setDelimiter(d) {
      raw.delimiter = d;
      inner.setDelimiter(d);
    },
    addWarning(w) {
      inner.addWarning(w);
    },
    pushRows(rows, errors, quoted = true) {
      for (const row of rows) {
        const at = lineNo + 1;
        // Without a quote in the chunk no field can hold a line break (the loader's own shortcut).
        lineNo += quoted ? 1 + countNewlines(row) : 1;
        if (row.length === 1 && row[0].trim() === '') continue;
        if (row[0].trimStart().startsWith('#')) continue;
        if (!haveHeader) {
          raw.header = row.map((c) => c.replace(/^\uFEFF/, ''));
          haveHeader = true;
        } else {
          raw.rows.push(row);
          raw.lineNumbers.push(at);
        }
      }
      inner.pushRows(rows, errors, quoted);
    },
    finish() {
      return inner.finish();
    }
  };
  return { reader, raw };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoadError('aborted', 'Loading was cancelled.');
}

/** Like missions' parseCsvText, and also returns the raw rows (for classifyToCsv). */
export function parseCsvTextWithRaw(text: string, opts: LoadOptions = {}): LoadResultWithRaw {
  const name = opts.name ?? 'input';
  assertSize(text.length, opts.maxBytes ?? MAX_INPUT_BYTES, name);
  if (text.length === 0) {
    throw new LoadError(
      'empty',
      `"${name}" is empty (0 bytes). Choose a CSV file downloaded from the NASA Exoplanet Archive.`
    );
  }
  assertTextString(text, name);
  const { reader, raw } = teeRawRows(
    createTableReader({ name, bytes: text.length, maxListed: opts.maxListed })
  );
  const stream = createCsvStream(reader);
  const chunk = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES);
  for (let i = 0; i < text.length; i += chunk) {
    throwIfAborted(opts.signal);
    stream.write(text.slice(i, i + chunk));
    opts.onProgress?.(Math.min(i + chunk, text.length), text.length);
  }
  return { ...stream.end(), raw };
}

/** Like missions' parseCsvBlob (streamed, UTF-8), and also returns the raw rows. */
export async function parseCsvBlobWithRaw(
  blob: Blob,
  opts: LoadOptions = {}
): Promise<LoadResultWithRaw> {
  const name = opts.name ?? ((blob as { name?: string }).name || 'input');
  const size = blob.size;
  assertSize(size, opts.maxBytes ?? MAX_INPUT_BYTES, name);
  if (size === 0) {
    throw new LoadError(
      'empty',
      `"${name}" is empty (0 bytes). Choose a CSV file downloaded from the NASA Exoplanet Archive.`
    );
  }
  assertTextBytes(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()), name);
  const decoder = new TextDecoder('utf-8');
  const { reader, raw } = teeRawRows(
    createTableReader({ name, bytes: size, maxListed: opts.maxListed })
  );
  const stream = createCsvStream(reader);
  const chunk = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES);
  for (let offset = 0; offset < size; offset += chunk) {
    throwIfAborted(opts.signal);
    const bytes = new Uint8Array(await blob.slice(offset, offset + chunk).arrayBuffer());
    stream.write(decoder.decode(bytes, { stream: true }));
    opts.onProgress?.(Math.min(offset + chunk, size), size);
  }
  stream.write(decoder.decode());
  return { ...stream.end(), raw };
}
