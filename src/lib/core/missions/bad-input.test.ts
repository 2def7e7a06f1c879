/** Every bad input gets a LoadError with a code and a message saying what is wrong and what to do, or a report entry. */
import { describe, expect, it } from 'vitest';
import { fixtureBlob, fixtureText } from '../../../../tests/fixtures/missions/files.ts';
import { LoadError, type LoadErrorCode } from './errors.ts';
import { parseCsvBlob } from './parse-blob.ts';
import { parseCsvText } from './parse-text.ts';
import { MAX_INPUT_BYTES } from './sniff.ts';

async function loadError(run: () => Promise<unknown>): Promise<LoadError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof LoadError) return e;
    throw e;
  }
  throw new Error('expected a LoadError, the load succeeded');
}

const loadBad = (name: string) => parseCsvBlob(fixtureBlob(`bad/${name}`), { name });

describe('fatal bad inputs are refused with a clear message', () => {
  const cases: [string, LoadErrorCode, RegExp][] = [
    ['tiny.png', 'binary', /is a PNG image, not a CSV text file\. .*Download Table > CSV/],
    ['tiny.zip', 'binary', /is a zip archive \(an \.xlsx spreadsheet is one too\)/],
    ['utf16.csv', 'binary', /UTF-16 text \(save it as UTF-8\)/],
    ['empty.csv', 'empty', /is empty \(0 bytes\)\. Choose a CSV file/],
    ['blank-lines.csv', 'empty', /is empty \(no text, only blank lines\)/],
    ['comments-only.csv', 'no-header', /only comment lines .* no column header/],
    [
      'header-only.csv',
      'no-rows',
      /has a header \(49 columns, Kepler KOI \(cumulative\)\) but no data rows/
    ],
    [
      'wrong-columns.csv',
      'unknown-table',
      /matches none of the tables[\s\S]*"name", "age", "city"/
    ],
    [
      'koi-no-features.csv',
      'no-features',
      /looks like Kepler KOI \(cumulative\) but has none of the feature columns \(koi_period, /
    ],
    [
      'k2-no-default.csv',
      'no-kept-rows',
      /none of its 3 rows could be kept \(3 with default_flag = 0; first: row 100/
    ]
  ];
  it.each(cases)('%s -> %s', async (name, code, message) => {
    const e = await loadError(() => loadBad(name));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('the unknown-table message lists the columns each kind expects', async () => {
    const e = await loadError(() => loadBad('wrong-columns.csv'));
    expect(e.message).toMatch(
      /Kepler KOI \(cumulative\): kepid, kepoi_name \(required\), usually with koi_disposition, koi_period/
    );
    expect(e.message).toMatch(
      /K2 Planets and Candidates \(k2pandc\): pl_name, hostname, disposition \(required\)/
    );
    expect(e.message).toMatch(
      /TESS Objects of Interest \(toi\): toi, tid \(required\), usually with tfopwg_disp/
    );
    expect(e.message).toMatch(/a canonical CSV: at least one of period_days, duration_hours/);
  });

  it('the same binary checks apply to text input (a PNG or zip read as text)', async () => {
    const png = new TextDecoder().decode(await fixtureBlob('bad/tiny.png').arrayBuffer());
    const zip = new TextDecoder().decode(await fixtureBlob('bad/tiny.zip').arrayBuffer());
    expect((await loadError(async () => parseCsvText(png, { name: 'p' }))).message).toMatch(
      /PNG image/
    );
    expect((await loadError(async () => parseCsvText(zip, { name: 'z' }))).message).toMatch(
      /zip archive/
    );
    expect((await loadError(async () => parseCsvText('', { name: 'e' }))).code).toBe('empty');
  });

  it('refuses a file above the size limit before reading it (default 200 MB)', async () => {
    expect(MAX_INPUT_BYTES).toBe(200 * 1024 * 1024);
    const huge = {
      size: 300 * 1024 * 1024,
      slice() {
        throw new Error('must not be read');
      }
    } as unknown as Blob;
    const e = await loadError(() => parseCsvBlob(huge, { name: 'huge.csv' }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(
      /"huge\.csv" is 300 MB; the limit is 200 MB\..*download only the rows and columns you need/
    );
    const small = await loadError(() =>
      parseCsvBlob(fixtureBlob('koi-cumulative.csv'), { maxBytes: 1000 })
    );
    expect(small.code).toBe('too-large');
    expect(
      (await loadError(async () => parseCsvText('x'.repeat(2000), { maxBytes: 1000 }))).code
    ).toBe('too-large');
  });

  it('stops between chunks when cancelled', async () => {
    const ac = new AbortController();
    let calls = 0;
    const e = await loadError(() =>
      parseCsvBlob(fixtureBlob('koi-cumulative.csv'), {
        chunkBytes: 1024,
        signal: ac.signal,
        onProgress: () => {
          if (++calls === 2) ac.abort();
        }
      })
    );
    expect(e.code).toBe('aborted');
    expect(calls).toBe(2);
  });
});

describe('non-fatal problems are loaded and reported', () => {
  it('ragged rows are set aside with row numbers; empty trailing fields are tolerated', async () => {
    const { report: r, table: t } = await loadBad('ragged.csv');
    expect([r.rowsRead, r.rowsKept]).toEqual([8, 5]);
    expect(r.setAside.rows).toEqual([
      { row: 57, reason: 'ragged', detail: '10 fields, the header has 49' },
      { row: 59, reason: 'ragged', detail: '50 fields, the header has 49' },
      { row: 62, reason: 'ragged', detail: '20 fields, the header has 49' } // cut-off last line
    ]);
    const ragged = r.warnings.find((w) => w.code === 'ragged-rows');
    expect(ragged?.message).toMatch(
      /3 rows had a different number of fields than the header \(49\) and were set aside: row 57/
    );
    const trailing = r.warnings.find((w) => w.code === 'trailing-fields');
    expect(trailing?.rows).toEqual([60]);
    expect(Array.from(t.rowNumber)).toEqual([55, 56, 58, 60, 61]);
  });

  it('unknown label values are listed with counts; the rows stay, unlabelled', async () => {
    const { report: r, table: t } = await loadBad('unknown-labels.csv');
    expect(r.rowsKept).toBe(10);
    expect(r.unknownLabels).toEqual([
      { value: 'XX', count: 2 },
      { value: 'maybe', count: 1 }
    ]);
    expect(r.warnings.find((w) => w.code === 'unknown-labels')?.message).toMatch(
      /3 rows have a tfopwg_disp value Exoforest does not know: "XX" \(2\), "maybe" \(1\)\..*Known values: CP, KP, PC, APC, FP, FA/
    );
    const fp = t.rawLabel.indexOf('fp'); // lower case is still a known value
    expect(t.labelVetting[fp]).toBe('FALSE_POSITIVE');
    expect(t.labelDisposition[t.rawLabel.indexOf('XX')]).toBeNull();
    expect(r.rowsUsable).toEqual({ vetting: 3, disposition: 6 });
  });

  it('duplicate object ids are listed with their rows; all rows are kept', async () => {
    const { report: r } = await loadBad('duplicate-ids.csv');
    expect(r.rowsKept).toBe(6);
    expect(r.duplicateIds).toEqual({
      total: 2,
      ids: [
        { id: 'K00100.01', rows: [55, 56, 57] },
        { id: 'K00101.01', rows: [58, 59] }
      ]
    });
    expect(
      r.warnings.some(
        (w) => w.code === 'duplicate-ids' && /K00100\.01 \(rows 55, 56, 57\)/.test(w.message)
      )
    ).toBe(true);
  });

  it('non-numeric text is reported per row and column, read as missing, rows kept', async () => {
    const { report: r, table: t } = await loadBad('non-numeric.csv');
    expect(r.rowsKept).toBe(6);
    expect(r.nonNumeric.total).toBe(4);
    expect(r.nonNumeric.byColumn).toEqual({ koi_period: 2, koi_depth: 1, koi_steff: 1 });
    expect(r.nonNumeric.cells.map((c) => [c.row, c.column])).toEqual([
      [55, 'koi_period'],
      [56, 'koi_depth'],
      [58, 'koi_steff'],
      [59, 'koi_period']
    ]);
    expect(r.nonNumeric.cells[1].value).toMatch(/^1,5 \(a decimal comma\?/);
    expect(r.nonNumeric.cells[3].value).toBe('0x1A'); // hex is not accepted as a number
    const period = t.columns[t.features.indexOf('period_days')];
    expect([period[0], period[4]]).toEqual([NaN, NaN]);
    // "NA" is a missing-value spelling, noted but not an error
    expect(t.columns[t.features.indexOf('planet_radius_re')][2]).toBeNaN();
    expect(r.notes).toContain('koi_prad: cells "NA" x1 read as missing.');
  });

  it('unit look-alikes and impossible values are warned about, values kept', async () => {
    const { report: r, table: t } = await loadBad('percent-depth.csv');
    const codes = r.warnings.map((w) => `${w.code}:${w.feature}`);
    expect(codes).toEqual([
      'out-of-range:period_days',
      'unit-suspect:depth_ppm',
      'unit-suspect:duration_hours'
    ]);
    expect(r.warnings[0].message).toMatch(
      /period_days: 1 value outside the physical range \(must be > 0; seen -3\.5\) at row 3\./
    );
    expect(r.warnings[1].message).toMatch(/look like percent or fractions, not ppm/);
    expect(r.warnings[2].message).toMatch(/look like days\. Multiply by 24/);
    expect(t.columns[t.features.indexOf('period_days')][1]).toBe(-3.5);
  });

  it('K2 depths that look like ppm already are flagged', () => {
    const text = fixtureText('k2-custom.csv').replace(
      /,(\d+\.\d{4}),(0\.\d{5}),(-0\.\d{5}),0,([\d.]+),/g,
      (_m, dep, e1, e2, dur) => `,${(Number(dep) * 1e4).toFixed(1)},${e1},${e2},0,${dur},`
    );
    const { report: r } = parseCsvText(text, { name: 'k2-ppm.csv' });
    expect(
      r.warnings.some((w) => w.code === 'unit-suspect' && /look like ppm already/.test(w.message))
    ).toBe(true);
  });

  it('invalid UTF-8 (a Latin-1 file) loads with a warning', async () => {
    const { report: r, table: t } = await loadBad('latin1.csv');
    expect(r.rowsKept).toBe(2);
    expect(r.warnings.map((w) => w.code)).toEqual(['not-utf8']);
    expect(t.objectId[0]).toBe('Plan\uFFFDte-1');
  });

  it('values beyond the float32 range are reported, never stored as Infinity', () => {
    const { report: r, table: t } = parseCsvText('object_id,period_days\na,1e39\nb,2\n');
    expect(r.nonNumeric.cells[0]).toMatchObject({ row: 2, column: 'period_days' });
    expect(r.nonNumeric.cells[0].value).toMatch(/float32 range/);
    expect(t.columns[0][0]).toBeNaN();
  });
});
