import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../../tests/fixtures/missions/files.ts';
import { csvLine, formatFloat32, neutraliseCell, tableToCsv } from './csv-export.ts';
import { parseCsvText } from './parse-text.ts';

describe('spreadsheet-formula neutralisation', () => {
  it.each(['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'])(
    'prefixes %j with an apostrophe',
    (s) => {
      expect(neutraliseCell(s)).toBe(`'${s}`);
    }
  );

  it('leaves ordinary text alone and writes numbers as numbers, negatives included', () => {
    expect(neutraliseCell('K00752.01')).toBe('K00752.01');
    expect(csvLine(['=HYPERLINK("x")', -3.5, null, 'a,b'])).toBe(
      `"'=HYPERLINK(""x"")",-3.5,,"a,b"`
    );
  });

  it('writes float32 values with the shortest decimal that reads back exactly', () => {
    expect(formatFloat32(Math.fround(3.2))).toBe('3.2');
    expect(formatFloat32(Math.fround(9.48803557))).toBe('9.488035'); // float32 9.4880352...
    expect(formatFloat32(NaN)).toBe('');
    for (const v of [1e-7, 123456.78, 0.0091577, 3e38]) {
      expect(Math.fround(Number(formatFloat32(Math.fround(v))))).toBe(Math.fround(v));
    }
  });
});

describe('tableToCsv', () => {
  it('round-trips an archive table through a canonical CSV: ids, labels and every value', () => {
    const original = parseCsvText(fixtureText('toi-crlf-bom.csv')).table;
    const again = parseCsvText(tableToCsv(original), { name: 'export.csv' });
    const t = again.table;
    expect(again.report.kind).toBe('canonical');
    expect(t.objectId).toEqual(original.objectId);
    expect(t.hostId).toEqual(original.hostId);
    expect(t.mission).toEqual(original.mission);
    expect(t.labelVetting).toEqual(original.labelVetting);
    expect(t.labelDisposition).toEqual(original.labelDisposition);
    for (const [j, f] of original.features.entries()) {
      expect(Array.from(t.columns[t.features.indexOf(f)]), f).toEqual(
        Array.from(original.columns[j])
      );
    }
  });

  it('neutralises formula-like ids in the export', () => {
    const { table } = parseCsvText('object_id,period_days,label\n=cmd|x,1,PLANET\n@evil,2,WEIRD\n');
    const lines = tableToCsv(table, { features: ['period_days'] }).split('\n');
    expect(lines[0]).toBe('object_id,host_id,mission,label,period_days');
    expect(lines[1]).toBe("'=cmd|x,unknown-host-row-2,unknown,CONFIRMED,1");
    expect(lines[2]).toBe("'@evil,unknown-host-row-3,unknown,WEIRD,2");
  });
});
