/**
 * The four real archive downloads (../shared/data, see its SOURCES.md) load with the documented
 * row and label counts, and no leaky column reaches a feature matrix.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hasData,
  realBlob,
  realPath,
  REAL_FILES,
  warnSkip
} from '../../../../tests/fixtures/missions/files.ts';
import { featuresForMission } from './features.ts';
import { bannedReason } from './leakage.ts';
import { toMatrix } from './matrix.ts';
import { parseCsvBlob } from './parse-blob.ts';
import type { CanonicalTable, LoadResult } from './types.ts';

warnSkip('the real-archive tests');

const col = (t: CanonicalTable, f: string) => t.columns[t.features.indexOf(f)];
const count = (c: Float32Array) => c.reduce((n, v) => (Number.isNaN(v) ? n : n + 1), 0);

describe.skipIf(!hasData)('real NASA Exoplanet Archive downloads', () => {
  // Loaded in beforeAll: a skipped suite's body still runs to collect its tests.
  const loaded: Record<string, LoadResult> = {};
  let koi: LoadResult, toi: LoadResult, k2d: LoadResult, k2c: LoadResult;
  beforeAll(async () => {
    for (const [key, file] of Object.entries(REAL_FILES))
      loaded[key] = await parseCsvBlob(realBlob(file), { name: file });
    ({ koi, toi, k2Default: k2d, k2Custom: k2c } = loaded);
  });

  it('KOI cumulative: 9,564 rows, koi_disposition counts as in SOURCES.md', () => {
    const r = koi.report;
    expect([r.kind, r.downloadDate]).toEqual(['koi', '2025-10-04T07:34:55']);
    expect([r.rowsRead, r.rowsKept, r.columnsInFile]).toEqual([9564, 9564, 49]);
    expect(r.labelCounts.read).toEqual({
      'FALSE POSITIVE': 4839,
      CONFIRMED: 2746,
      CANDIDATE: 1979
    });
    expect(r.rowsUsable).toEqual({ vetting: 2746 + 4839, disposition: 9564 });
    expect(r.featuresMissing).toEqual([]);
    expect(r.duplicateIds.total).toBe(0);
    expect(r.nonNumeric.total).toBe(0);
    expect(new Set(koi.table.hostId).size).toBe(8214); // distinct kepid
    expect(koi.table.rowNumber[0]).toBe(55);
  });

  it('TOI: 7,703 rows, tfopwg_disp counts as in SOURCES.md', () => {
    const r = toi.report;
    expect([r.kind, r.downloadDate]).toEqual(['toi', '2025-10-04T07:29:48']);
    expect([r.rowsRead, r.rowsKept, r.columnsInFile]).toEqual([7703, 7703, 65]);
    expect(r.labelCounts.read).toEqual({ PC: 4679, FP: 1197, CP: 684, KP: 583, APC: 462, FA: 98 });
    expect(r.labelCounts.vetting).toEqual({
      PLANET: 684 + 583,
      FALSE_POSITIVE: 1197 + 98,
      unresolved: 4679 + 462
    });
    expect(r.rowsUsable).toEqual({ vetting: 2562, disposition: 7703 });
    expect(r.featuresMissing).toEqual([]);
    expect(new Set(toi.table.hostId).size).toBe(7408); // distinct tid
  });

  it('K2 default columns: 4,004 rows read, 1,806 kept, no duration or depth', () => {
    const r = k2d.report;
    expect([r.kind, r.downloadDate]).toEqual(['k2', '2025-10-04T07:36:56']);
    expect([r.rowsRead, r.rowsKept, r.columnsInFile]).toEqual([4004, 1806, 94]);
    expect(r.labelCounts.read).toEqual({
      CONFIRMED: 2315,
      CANDIDATE: 1374,
      'FALSE POSITIVE': 293,
      REFUTED: 22
    });
    // default rows only (counted independently with Python's csv module)
    expect(r.labelCounts.raw).toEqual({
      CONFIRMED: 580,
      CANDIDATE: 976,
      'FALSE POSITIVE': 242,
      REFUTED: 8
    });
    expect(r.rowsUsable).toEqual({ vetting: 580 + 242 + 8, disposition: 1806 });
    expect(r.setAside).toMatchObject({ total: 2198, byReason: { 'not-default': 2198 } });
    expect(r.featuresMissing).toEqual(['duration_hours', 'depth_ppm']);
    expect(r.duplicateIds.total).toBe(0);
    expect(new Set(k2d.table.hostId).size).toBe(1560);
  });

  it('K2 custom columns (k2.csv): 4,004 -> 1,806 rows, depth on 1,041 and duration on 1,331 of them', () => {
    const r = k2c.report;
    expect([r.kind, r.downloadDate]).toEqual(['k2', '2025-10-03T16:09:55']);
    expect([r.rowsRead, r.rowsKept, r.columnsInFile]).toEqual([4004, 1806, 62]);
    expect(r.labelCounts.read).toEqual({
      CONFIRMED: 2315,
      CANDIDATE: 1374,
      'FALSE POSITIVE': 293,
      REFUTED: 22
    });
    expect(r.featuresMissing).toEqual([]);
    expect(count(col(k2c.table, 'depth_ppm'))).toBe(1041);
    expect(count(col(k2c.table, 'duration_hours'))).toBe(1331);
    // percent -> ppm: the median K2 depth is 0.2 % = 2,000 ppm
    const depths = Array.from(col(k2c.table, 'depth_ppm'))
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    expect(depths[depths.length >> 1]).toBeCloseTo(2000, 0);
  });

  it('the two K2 files keep the same planets in the same order with the same periods', () => {
    expect(k2c.table.objectId).toEqual(k2d.table.objectId);
    expect(Array.from(col(k2c.table, 'period_days'))).toEqual(
      Array.from(col(k2d.table, 'period_days'))
    );
  });

  it('every table has exactly the feature list of its mission', () => {
    expect(koi.table.features).toEqual(featuresForMission('koi'));
    expect(toi.table.features).toEqual(featuresForMission('toi'));
    expect(k2d.table.features).toEqual(featuresForMission('k2'));
    expect(k2c.table.features).toEqual(featuresForMission('k2'));
  });

  it('no banned column reaches a feature matrix, by name or by value', () => {
    for (const [key, file] of Object.entries(REAL_FILES)) {
      const { table } = loaded[key];
      const m = toMatrix(table, table.features);
      expect(table.features.filter((f) => bannedReason(f) !== null)).toEqual([]);
      const banned = bannedNumericColumns(file, table);
      expect(banned.size).toBeGreaterThan(0);
      for (const [name, values] of banned) {
        for (let j = 0; j < m.nCols; j++) {
          const feature = m.data.subarray(j * m.nRows, (j + 1) * m.nRows);
          expect(
            sameColumn(feature, values),
            `${file}: feature ${table.features[j]} equals banned ${name}`
          ).toBe(false);
        }
      }
    }
  });

  it('the value check does catch a copied column (control: koi_period vs period_days)', () => {
    const raw = rawColumns(REAL_FILES.koi, koi.table, (c) => c === 'koi_period');
    expect(sameColumn(col(koi.table, 'period_days'), raw.get('koi_period') as Float32Array)).toBe(
      true
    );
  });
});

/** Raw numeric columns of the file for the kept rows (the files have no quoted fields). */
function rawColumns(
  file: string,
  table: CanonicalTable,
  want: (c: string) => boolean
): Map<string, Float32Array> {
  const lines = readFileSync(realPath(file), 'utf8').split('\n');
  const header = (lines.find((l) => !l.startsWith('#')) as string).split(',');
  const cells = Array.from(table.rowNumber, (line) => lines[line - 1].split(','));
  const out = new Map<string, Float32Array>();
  header.forEach((name, k) => {
    if (!want(name)) return;
    const values = Float32Array.from(cells, (row) => (row[k] === '' ? NaN : Number(row[k])));
    if (values.some((v) => !Number.isNaN(v))) out.set(name, values);
  });
  return out;
}

function bannedNumericColumns(file: string, table: CanonicalTable): Map<string, Float32Array> {
  return rawColumns(file, table, (c) => bannedReason(c) !== null);
}

function sameColumn(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  }
  return true;
}
