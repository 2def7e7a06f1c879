import { describe, expect, it } from 'vitest';
import { makeClassification, sliceRows, toCsv } from './synthetic.ts';

describe('makeClassification', () => {
  const opts = {
    nRows: 1000,
    nFeatures: 8,
    nInformative: 3,
    nRedundant: 2,
    nClasses: 3,
    missingRate: 0.1,
    seed: 5
  };

  it('is deterministic for a seed and differs across seeds', () => {
    const a = makeClassification(opts);
    const b = makeClassification(opts);
    expect(Buffer.from(a.X.data.buffer).equals(Buffer.from(b.X.data.buffer))).toBe(true);
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    const c = makeClassification({ ...opts, seed: 6 });
    expect(Buffer.from(a.X.data.buffer).equals(Buffer.from(c.X.data.buffer))).toBe(false);
  });

  it('has balanced classes and the requested missing rate', () => {
    const { X, y } = makeClassification(opts);
    const counts = [0, 0, 0];
    for (const c of y) counts[c]++;
    for (const c of counts) expect(Math.abs(c - 333)).toBeLessThan(40);
    let nan = 0;
    for (const v of X.data) if (v !== v) nan++;
    expect(Math.abs(nan / X.data.length - 0.1)).toBeLessThan(0.015);
  });

  it('writes CSV that round-trips every float32 exactly', () => {
    const d = makeClassification(opts);
    const lines = toCsv(d).trim().split('\n');
    expect(lines[0]).toBe('f0,f1,f2,f3,f4,f5,f6,f7,y');
    expect(lines.length).toBe(1001);
    for (let i = 0; i < 1000; i += 37) {
      const cells = lines[i + 1].split(',');
      for (let j = 0; j < 8; j++) {
        const v = d.X.data[j * 1000 + i];
        if (v !== v) expect(cells[j]).toBe('');
        else expect(Math.fround(Number(cells[j]))).toBe(v);
      }
      expect(Number(cells[8])).toBe(d.y[i]);
    }
  });

  it('slices rows into a column-major copy', () => {
    const d = makeClassification(opts);
    const s = sliceRows(d, 10, 20);
    expect(s.X.nRows).toBe(10);
    expect(s.X.data[3 * 10 + 4]).toBe(d.X.data[3 * 1000 + 14]);
    expect(s.y[4]).toBe(d.y[14]);
  });

  it('rejects impossible options naming them', () => {
    expect(() => makeClassification({ ...opts, nInformative: 7 })).toThrow(
      /nInformative \+ nRedundant/
    );
    expect(() => makeClassification({ ...opts, missingRate: 1 })).toThrow(/missingRate/);
  });
});
