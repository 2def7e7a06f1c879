/** Streaming gives the same table whatever the chunking, and handles the text-level details. */
import { describe, expect, it } from 'vitest';
import { fixtureBlob, fixtureText } from '../../../../tests/fixtures/missions/files.ts';
import { createCsvStream, guessDelimiter } from './csv-stream.ts';
import { LoadError } from './errors.ts';
import { createTableReader } from './reader.ts';
import { parseCsvBlob } from './parse-blob.ts';
import { parseCsvText } from './parse-text.ts';
import type { LoadResult } from './types.ts';

/** Everything but the byte count, comparable with toEqual (NaN equals NaN there). */
function snapshot(r: LoadResult) {
  const { bytes: _bytes, fileName: _name, ...report } = r.report;
  return { table: { ...r.table, columns: r.table.columns.map((c) => Array.from(c)) }, report };
}

const FIXTURES = [
  'koi-cumulative.csv',
  'k2pandc-default.csv',
  'toi-crlf-bom.csv',
  'canonical.csv',
  'bad/ragged.csv'
];

describe('chunking does not change the result', () => {
  it.each(FIXTURES)(
    '%s: text in chunks of 1 (small files) or 7, 333 and 1 MiB characters',
    (name) => {
      const text = fixtureText(name);
      const whole = snapshot(parseCsvText(text, { name }));
      for (const chunkBytes of text.length < 8000 ? [1, 7, 333] : [7, 333]) {
        expect(snapshot(parseCsvText(text, { name, chunkBytes }))).toEqual(whole);
      }
    }
  );

  it.each(FIXTURES)(
    '%s: a Blob in slices of 13 and 4096 bytes gives the text result',
    async (name) => {
      const whole = snapshot(parseCsvText(fixtureText(name), { name }));
      for (const chunkBytes of [13, 4096]) {
        expect(snapshot(await parseCsvBlob(fixtureBlob(name), { name, chunkBytes }))).toEqual(
          whole
        );
      }
    }
  );

  it('multi-byte UTF-8 characters split across Blob slices survive', async () => {
    const text = 'object_id,host_id,period_days\nPlanète-ü,日本-☃,1.5\n𝒦2-b,ホスト,2.5\n';
    const blob = new Blob([new TextEncoder().encode(text)]);
    for (const chunkBytes of [1, 2, 3, 5]) {
      const { table, report } = await parseCsvBlob(blob, { chunkBytes });
      expect(table.objectId).toEqual(['Planète-ü', '𝒦2-b']);
      expect(table.hostId).toEqual(['日本-☃', 'ホスト']);
      expect(report.warnings).toEqual([]);
    }
  });
});

describe('text-level details', () => {
  it('reports progress per chunk, increasing up to the total size', async () => {
    const blob = fixtureBlob('koi-cumulative.csv');
    const seen: [number, number][] = [];
    await parseCsvBlob(blob, { chunkBytes: 4096, onProgress: (a, b) => seen.push([a, b]) });
    expect(seen.length).toBe(Math.ceil(blob.size / 4096));
    expect(seen.every(([, total]) => total === blob.size)).toBe(true);
    expect(seen.map(([a]) => a)).toEqual([...seen.map(([a]) => a)].sort((x, y) => x - y));
    expect(seen.at(-1)).toEqual([blob.size, blob.size]);
  });

  it('reads CR-only line ends and a last line without a line end', () => {
    const { table } = parseCsvText(
      '# Sat Oct  4 07:34:55 2025\rperiod_days,depth_ppm\r1,100\r2,200'
    );
    expect(Array.from(table.columns[0])).toEqual([1, 2]);
    expect(Array.from(table.rowNumber)).toEqual([3, 4]);
  });

  it('skips comment and blank lines after the header while keeping line numbers', () => {
    const { table, report } = parseCsvText('period_days\n1\n\n# note, with "quotes\n2\n');
    expect(Array.from(table.rowNumber)).toEqual([2, 5]);
    expect(report.rowsRead).toBe(2);
  });

  it('a quote or comma inside a preamble comment does not disturb the parse', () => {
    const { table } = parseCsvText('# an "unbalanced quote, here\nperiod_days\n3\n');
    expect(table.columns[0][0]).toBe(3);
    expect(table.rowNumber[0]).toBe(3);
  });

  it('takes the download date from the file name when the header has none', () => {
    const { report } = parseCsvText('period_days\n1\n', {
      name: 'cumulative_2024.01.02_03.04.05.csv'
    });
    expect([report.downloadDate, report.downloadDateSource]).toEqual([
      '2024-01-02T03:04:05',
      'file name'
    ]);
  });

  it('guesses the delimiter from the header line, ignoring quoted ones', () => {
    expect(guessDelimiter('a,b,c')).toBe(',');
    expect(guessDelimiter('a;b;c')).toBe(';');
    expect(guessDelimiter('a\tb\t"c,d,e"')).toBe('\t');
    expect(guessDelimiter('single')).toBe(',');
    const { table } = parseCsvText('object_id;period_days\n"a;b";4\n');
    expect([table.objectId[0], table.columns[0][0]]).toEqual(['a;b', 4]);
  });

  it('reports CSV syntax problems (an unterminated quote) with the row', () => {
    // The open quote swallows the rest of the file into one field: that row is set aside too.
    const { report } = parseCsvText('object_id,period_days\nok,2\n"x,1\nlost,3\n');
    expect(report.rowsKept).toBe(1);
    expect(
      report.warnings.some(
        (w) => w.code === 'csv-syntax' && /row 3: Quoted field unterminated/.test(w.message)
      )
    ).toBe(true);
    expect(report.setAside.rows).toEqual([
      { row: 3, reason: 'ragged', detail: '1 field, the header has 2' }
    ]);
  });

  it('stops with an error when an open quote makes a row grow past the row limit', () => {
    const stream = createCsvStream(createTableReader(), 100);
    stream.write('object_id,period_days\nok,2\n"never closed,');
    expect(() => stream.write('x'.repeat(200))).toThrow(LoadError);
    expect(() => createCsvStream(createTableReader(), 100).write('a\n"' + 'y'.repeat(200))).toThrow(
      /A row longer than 100 characters starts with "\\"y+.*a quote \("\) is probably never closed/
    );
  });
});
