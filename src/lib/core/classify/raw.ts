/**
 * Raw-row capture for classification output. The missions loader keeps only canonical columns,
 * but a classified CSV must repeat every input row with all its original cells. Rather than
 * parse twice, a "tee" reader (installed through the loader's `wrapReader` option) receives exactly the rows the loader's CSV stream produces (same
 * tokenizer, delimiter, BOM and preamble handling) and records each one with the same 1-based
 * source line number the loader stores in `CanonicalTable.rowNumber`, so the two join exactly.
 */
import {
  parseCsvBlob,
  parseCsvText,
  type LoadOptions,
  type LoadResult,
  type TableReader
} from '../missions/index.ts';

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

/** Receives the raw rows of a file as a CSV stream produces them. */
export interface RawRowHandlers {
  /** The header cells as written (BOM removed). */
  header(cells: string[]): void;
  /** One data row with the 1-based source line it starts on. */
  row(cells: string[], line: number): void;
}

/**
 * A TableReader that hands every raw row to `handlers` and forwards everything to `inner` (when
 * given). Line numbers are counted with the loader's own rule (comment lines, blank lines and
 * line breaks inside quoted fields all count), so a row's line equals the loader's `rowNumber`.
 * Without `inner`, finish() returns nothing: the reader only replays rows (a second pass).
 */
export function rawRowReader(handlers: RawRowHandlers, inner?: TableReader): TableReader {
  let lineNo = 0;
  let haveHeader = false;
  return {
    pushComment(line) {
      lineNo++;
      inner?.pushComment(line);
    },
    setDelimiter(d) {
      inner?.setDelimiter(d);
    },
    addWarning(w) {
      inner?.addWarning(w);
    },
    pushRows(rows, errors, quoted = true) {
      for (const row of rows) {
        const at = lineNo + 1;
        // Without a quote in the chunk no field can hold a line break (the loader's own shortcut).
        lineNo += quoted ? 1 + countNewlines(row) : 1;
        if (row.length === 1 && row[0].trim() === '') continue;
        if (row[0].trimStart().startsWith('#')) continue;
        if (!haveHeader) {
          handlers.header(row.map((c) => c.replace(/^\uFEFF/, '')));
          haveHeader = true;
        } else handlers.row(row, at);
      }
      inner?.pushRows(rows, errors, quoted);
    },
    finish() {
      return inner ? inner.finish() : (undefined as never);
    }
  };
}

/** A TableReader that forwards everything to `inner` and records the raw rows. */
export function teeRawRows(inner: TableReader): { reader: TableReader; raw: RawRows } {
  const raw: RawRows = { header: [], rows: [], lineNumbers: [], delimiter: ',' };
  const reader = rawRowReader(
    {
      header(cells) {
        raw.header = cells;
      },
      row(cells, line) {
        raw.rows.push(cells);
        raw.lineNumbers.push(line);
      }
    },
    inner
  );
  const setDelimiter = reader.setDelimiter;
  reader.setDelimiter = (d) => {
    raw.delimiter = d;
    setDelimiter(d);
  };
  return { reader, raw };
}

/** Runs a missions parser with a tee on its reader, returning the result plus the raw rows. */
function withRaw<R extends LoadResult | Promise<LoadResult>>(
  parse: (opts: LoadOptions) => R,
  opts: LoadOptions
): R extends Promise<LoadResult> ? Promise<LoadResultWithRaw> : LoadResultWithRaw {
  let raw: RawRows | undefined;
  const wrapReader = (inner: TableReader) => {
    const tee = teeRawRows(inner);
    raw = tee.raw;
    return opts.wrapReader ? opts.wrapReader(tee.reader) : tee.reader;
  };
  const result = parse({ ...opts, wrapReader });
  const join = (r: LoadResult): LoadResultWithRaw => ({ ...r, raw: raw as RawRows });
  return (result instanceof Promise ? result.then(join) : join(result)) as never;
}

/** Like missions' parseCsvText, and also returns the raw rows (for classifyToCsv). */
export function parseCsvTextWithRaw(text: string, opts: LoadOptions = {}): LoadResultWithRaw {
  return withRaw((o) => parseCsvText(text, o), opts);
}

/** Like missions' parseCsvBlob (streamed, UTF-8), and also returns the raw rows. */
export function parseCsvBlobWithRaw(
  blob: Blob,
  opts: LoadOptions = {}
): Promise<LoadResultWithRaw> {
  return withRaw((o) => parseCsvBlob(blob, o), opts);
}
