/**
 * The classified CSV's quoting, as a property: for random cells (delimiters, quotes, CR, LF,
 * numeric-looking text with line breaks, formula starts), the output decodes to as many records
 * and fields as went in, and every original cell comes back byte for byte (text that a
 * spreadsheet would run as a formula comes back with its one leading apostrophe).
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ClassifiedRow } from './classify.ts';
import { classifiedCsvLayout, classifiedCsvLine } from './csv.ts';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '1',
  '2',
  '0',
  '.',
  '-',
  '+',
  'e',
  'E',
  ' ',
  '\t',
  ',',
  '"',
  '\n',
  '\r',
  '\r\n',
  ';',
  '=',
  '@',
  'a',
  'Z',
  'é',
  '#',
  "'",
  '12',
  '3.5',
  '-0.25',
  '1e5'
];

function randomCell(rand: () => number): string {
  const n = Math.floor(rand() * 6);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[ \t]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[ \t]*$/;

function row(notes: string): ClassifiedRow {
  return {
    line: 1,
    tableIndex: 0,
    objectId: 'x',
    mission: 'toi',
    probabilities: [0.25, 0.75],
    label: 'FALSE_POSITIVE',
    missing: [],
    outOfRange: [],
    notScored: null,
    notes
  };
}

describe('classified CSV quoting', () => {
  it('keeps records, fields and cells for 400 random tables', () => {
    const rand = mulberry32(20261202);
    for (let t = 0; t < 400; t++) {
      const width = 1 + Math.floor(rand() * 5);
      const header = Array.from({ length: width }, (_, j) => `c${j}${randomCell(rand)}`);
      const nRows = 1 + Math.floor(rand() * 6);
      const raw = Array.from({ length: nRows }, () =>
        Array.from({ length: width }, () => randomCell(rand))
      );
      const layout = classifiedCsvLayout(['PLANET', 'FALSE_POSITIVE'], header);
      const text =
        [
          layout.header,
          ...raw.map((r) => classifiedCsvLine(layout, row(randomCell(rand)), r))
        ].join('\n') + '\n';
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data;
      expect(parsed.length, JSON.stringify(raw)).toBe(nRows + 1);
      for (let k = 0; k < nRows; k++) {
        expect(parsed[k + 1].length).toBe(width + 5);
        for (let j = 0; j < width; j++) {
          const cell = raw[k][j];
          const expected = FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
          expect(parsed[k + 1][j], JSON.stringify(cell)).toBe(expected);
        }
      }
    }
  });

  it('quotes a numeric-looking cell that holds a line break ("12\\n")', () => {
    const layout = classifiedCsvLayout(['PLANET', 'FALSE_POSITIVE'], ['a', 'b']);
    const line = classifiedCsvLine(layout, row(''), ['12\n', '3']);
    expect(line.startsWith('"12\n",3,')).toBe(true);
    expect(classifiedCsvLine(layout, row(''), [' 7 ', '\r5'])).toMatch(/^ 7 ,"'\r5",/);
  });
});
