import { describe, expect, it } from 'vitest';
import { concatTables } from './concat.ts';
import { infiniteAsMissing, toMatrix, selectRows } from './matrix.ts';
import { parseCsvText } from './parse-text.ts';

const a = parseCsvText(
  'object_id,host_id,mission,label,period_days,depth_ppm,koi_model_snr\nx1,h1,koi,PLANET,1,100,9\nx2,h1,koi,FALSE_POSITIVE,2,200,8\nx3,h2,koi,CANDIDATE,3,300,7\n'
).table;
const b = parseCsvText(
  'object_id,host_id,mission,label,period_days,depth_ppm,toi_tmag\ny1,g1,toi,CP,10,1000,11\ny2,g2,toi,FP,20,2000,12\n'
).table;

describe('toMatrix', () => {
  it('lays out the chosen features column-major (feature j of row i at j * nRows + i)', () => {
    const m = toMatrix(a, ['depth_ppm', 'period_days']);
    expect([m.nRows, m.nCols]).toEqual([3, 2]);
    expect(Array.from(m.data)).toEqual([100, 200, 300, 1, 2, 3]);
  });

  it('takes a row subset in the given order and fills absent features with NaN', () => {
    const m = toMatrix(a, ['period_days', 'toi_tmag'], Int32Array.from([2, 0]));
    expect(Array.from(m.data)).toEqual([3, 1, NaN, NaN]);
  });

  it('selects rows by a test and rejects indices outside the table', () => {
    const planets = selectRows(a, (i) => a.labelVetting[i] !== null);
    expect(Array.from(planets)).toEqual([0, 1]);
    expect(() => toMatrix(a, ['period_days'], [5])).toThrow(
      /row index 5 is outside the table \(0\.\.2\)/
    );
  });
});

describe('concatTables', () => {
  it('pools tables with the union of features, NaN where a table lacks one', () => {
    const p = concatTables([a, b]);
    expect(p.kind).toBe('canonical');
    expect(p.objectId).toEqual(['x1', 'x2', 'x3', 'y1', 'y2']);
    expect(p.mission).toEqual(['koi', 'koi', 'koi', 'toi', 'toi']);
    expect(p.labelVetting).toEqual(['PLANET', 'FALSE_POSITIVE', null, 'PLANET', 'FALSE_POSITIVE']);
    expect(p.features.slice(-2)).toEqual(['koi_model_snr', 'toi_tmag']);
    expect(Array.from(p.columns[p.features.indexOf('koi_model_snr')])).toEqual([9, 8, 7, NaN, NaN]);
    expect(Array.from(p.columns[p.features.indexOf('toi_tmag')])).toEqual([NaN, NaN, NaN, 11, 12]);
    expect(Array.from(p.rowNumber)).toEqual([2, 3, 4, 2, 3]);
    // host multiplicity was counted per file before pooling
    expect(Array.from(p.columns[p.features.indexOf('host_multiplicity')])).toEqual([2, 2, 1, 1, 1]);
  });

  it("marks pooled tables of different kinds 'mixed' and refuses conflicting units", () => {
    expect(concatTables([a, { ...b, kind: 'toi' }]).kind).toBe('mixed');
    const badUnits = {
      ...b,
      units: b.units.map((u, j) => (b.features[j] === 'period_days' ? 'hours' : u))
    };
    expect(() => concatTables([a, badUnits])).toThrow(
      /period_days has unit "days" in one table and "hours" in another/
    );
    expect(() => concatTables([])).toThrow(/at least one table/);
  });
});

describe('infiniteAsMissing', () => {
  it('turns +-Infinity into NaN in place and leaves every other value as it was', () => {
    const d = Float32Array.from([1, Infinity, -0, -Infinity, NaN, -3.5, 3.4e38]);
    expect(infiniteAsMissing(d)).toBe(d);
    expect(Array.from(d)).toEqual([1, NaN, -0, NaN, NaN, -3.5, Float32Array.from([3.4e38])[0]]);
  });
});
