/**
 * Text chunks -> rows for a TableReader. Handles the archive's '#' preamble (kept out of the
 * CSV tokenizer, so quotes or commas in comments cannot confuse it), a UTF-8 BOM, LF / CRLF / CR
 * line ends, the delimiter (comma, tab, semicolon or pipe, guessed from the header line), and
 * rows split across chunks: papaparse's core Parser is run with ignoreLastRow on each chunk and
 * reports where the last complete row ends (meta.cursor); the rest is carried to the next chunk
 * (the same mechanism papaparse's own streamers use). Never papaparse's `worker: true`.
 */
import Papa from 'papaparse';
import { LoadError } from './errors.ts';
import type { TableReader } from './reader.ts';
import type { LoadResult } from './types.ts';

export interface CsvStream {
  write(text: string): void;
  end(): LoadResult;
}

const DELIMITERS = [',', '\t', ';', '|'];

/**
 * A carried partial row longer than this is not a real row but an unterminated quote eating
 * the file; re-parsing it for every chunk would be quadratic, so stop with a clear error.
 */
export const MAX_ROW_CHARS = 8 * 1024 * 1024;

/** The delimiter occurring most often outside quotes in the header line (comma on ties). */
export function guessDelimiter(headerLine: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS)
    if ((counts.get(d) as number) > (counts.get(best) as number)) best = d;
  return best;
}

export function createCsvStream(reader: TableReader, maxRowChars = MAX_ROW_CHARS): CsvStream {
  let started = false;
  let preamble = '';
  let partial = '';
  let parser: Papa.Parser | null = null;
  let replacementChars = 0;

  function startParser(headerLine: string, newline: '\n' | '\r\n' | '\r'): void {
    const delimiter = guessDelimiter(headerLine);
    reader.setDelimiter(delimiter);
    parser = new Papa.Parser({
      delimiter,
      newline,
      quoteChar: '"',
      header: false,
      skipEmptyLines: false
    });
  }

  function feed(text: string, final: boolean): void {
    const input = partial + text;
    const res = (parser as Papa.Parser).parse(input, 0, !final) as Papa.ParseResult<string[]>;
    partial = final ? '' : input.slice(res.meta.cursor);
    if (partial.length > maxRowChars) {
      throw new LoadError(
        'malformed',
        `A row longer than ${maxRowChars >= 1 << 20 ? `${Math.round(maxRowChars / (1 << 20))} MB` : `${maxRowChars} characters`} starts with ${JSON.stringify(partial.slice(0, 60))}: a quote (") is probably never closed. Fix the quoting in that row, or remove stray quote characters.`
      );
    }
    const errors = res.errors.map((e) => ({ row: e.row, message: e.message }));
    reader.pushRows(res.data, errors, input.includes('"'));
  }

  /** Reads whole '#' lines and blank lines until the header line is complete, then starts the parser. */
  function consumePreamble(final: boolean): void {
    let pos = 0;
    for (;;) {
      const lf = preamble.indexOf('\n', pos);
      const cr = preamble.indexOf('\r', pos);
      const nl = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (nl < 0 || (!final && preamble[nl] === '\r' && nl === preamble.length - 1)) break;
      const crlf = preamble[nl] === '\r' && preamble[nl + 1] === '\n';
      const line = preamble.slice(pos, nl);
      if (line.trimStart().startsWith('#')) reader.pushComment(line);
      else if (line.trim() === '') reader.pushRows([['']]);
      else {
        startParser(line, crlf ? '\r\n' : preamble[nl] === '\r' ? '\r' : '\n');
        const rest = preamble.slice(pos);
        preamble = '';
        feed(rest, final);
        return;
      }
      pos = nl + (crlf ? 2 : 1);
    }
    preamble = preamble.slice(pos);
    if (final && preamble.trim() !== '') {
      // Last line without a line end: a comment, or a header with no rows.
      if (preamble.trimStart().startsWith('#')) reader.pushComment(preamble);
      else {
        startParser(preamble, '\n');
        feed(preamble, true);
      }
      preamble = '';
    }
  }

  return {
    write(text) {
      if (text.length === 0) return;
      if (!started) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1))
        replacementChars++;
      if (parser === null) {
        preamble += text;
        consumePreamble(false);
      } else feed(text, false);
    },
    end() {
      if (parser === null) consumePreamble(true);
      else feed('', true);
      if (replacementChars > 0) {
        reader.addWarning({
          code: 'not-utf8',
          message: `${replacementChars} byte sequence${replacementChars === 1 ? ' was' : 's were'} not valid UTF-8 and became "\uFFFD". Save the file as UTF-8 (names with accents may otherwise be garbled).`
        });
      }
      return reader.finish();
    }
  };
}
