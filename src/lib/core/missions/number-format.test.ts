/**
 * Tables exported by spreadsheets in decimal-comma locales (';'-separated, "0,085") are read
 * with their numbers, not as all-missing; a header naming a column twice is refused by name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { LoadError, parseCsvText } from './index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const toiText = readFileSync(path.join(root, 'tests/fixtures/cli/toi.csv'), 'utf8');

/** The fixture's data rows re-exported with ';' and decimal commas (comments dropped). */
function decimalCommaVersion(text: string, delimiter: string): string {
  const rows = Papa.parse<string[]>(text, { comments: '#', skipEmptyLines: true }).data;
  const id = rows[0].indexOf('toi'); // the object id stays as written
  return Papa.unparse(
    rows.map((r, k) =>
      k === 0
        ? r
        : r.map((c, j) =>
            j !== id && /^-?\d+\.\d+(e[-+]?\d+)?$/i.test(c) ? c.replace('.', ',') : c
          )
    ),
    { delimiter, quotes: false }
  );
}

describe('decimal commas', () => {
  it.each([';', '\t'])('a %j-separated table with decimal commas reads the same numbers', (d) => {
    const plain = parseCsvText(toiText, { name: 'toi.csv' });
    const comma = parseCsvText(decimalCommaVersion(toiText, d), { name: 'toi-comma.csv' });
    expect(comma.table.objectId).toEqual(plain.table.objectId);
    expect(comma.table.features).toEqual(plain.table.features);
    comma.table.columns.forEach((c, j) =>
      expect(c, comma.table.features[j]).toEqual(plain.table.columns[j])
    );
    expect(comma.report.notes.join(' ')).toMatch(/written with a decimal comma \(e\.g\. 0,085\)/);
    expect(comma.report.featuresPresent.length).toBeGreaterThan(5);
  });

  it('a comma-separated file keeps "0,085" as text and says why', () => {
    const text = 'object_id,mission,period_days,radius_earth\nA,toi,"3,5",2\nB,toi,4.5,1\n';
    const res = parseCsvText(text, { name: 'x.csv' });
    expect(Number.isNaN(res.table.columns[res.table.features.indexOf('period_days')][0])).toBe(
      true
    );
    expect(res.report.warnings.map((w) => w.message).join(' ')).toMatch(/a decimal comma\?/);
  });
});

describe('duplicate header names', () => {
  it('refuses the table and names the column and both positions', () => {
    const text = 'object_id,mission,period_days,radius_earth,period_days\nA,toi,1,2,3\n';
    let error: unknown;
    try {
      parseCsvText(text, { name: 'dup.csv' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).code).toBe('duplicate-columns');
    expect((error as LoadError).message).toMatch(
      /"dup\.csv" has the column "period_days" twice \(columns 3 and 5\)/
    );
  });

  it('also in an archive table (names compared as the loader matches them)', () => {
    const lines = toiText.split('\n');
    const h = lines.findIndex((l) => !l.startsWith('#') && l.trim() !== '');
    lines[h] = lines[h] + ',PL_ORBPER ';
    expect(() => parseCsvText(lines.join('\n'), { name: 'toi.csv' })).toThrow(
      /the column "PL_ORBPER" twice/
    );
  });
});
