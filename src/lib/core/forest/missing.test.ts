import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { fitForest } from './fit.ts';
import { mdiImportance } from './importance.ts';
import { predict, predictProba } from './predict.ts';
import { accuracy, matrixFromRows } from './test-utils.ts';

describe('missing values (NaN) are handled natively', () => {
  it('uses a feature that is informative only through its missingness', () => {
    const rng = createRng(1);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 600; i++) {
      const c = i % 2;
      // Feature 0: its value is noise, but class-1 rows are usually missing. Feature 1: noise.
      const f0 = c === 1 && rng.next() < 0.9 ? NaN : rng.next();
      rows.push([f0, rng.next()]);
      labels.push(c);
    }
    const X = matrixFromRows(rows);
    const y = Int32Array.from(labels);
    const f = fitForest(X, y, { nTrees: 30, seed: 1, maxFeatures: 1, minSamplesLeaf: 5 });
    const imp = mdiImportance(f);
    expect(imp[0]).toBeGreaterThan(0.6);
    // Best possible is 95%: 10% of class 1 look like class 0.
    expect(accuracy(predict(f, X), y)).toBeGreaterThan(0.93);
    const p = predictProba(f, matrixFromRows([[NaN, 0.5]]));
    expect(p[1]).toBeGreaterThan(0.9);
  });

  it('sends missing rows to the side that gives the better split', () => {
    for (const missingClass of [0, 1]) {
      const rows: number[][] = [];
      const labels: number[] = [];
      for (let i = 0; i < 200; i++) {
        const v = i / 200;
        rows.push([v]);
        labels.push(v > 0.5 ? 1 : 0);
      }
      for (let i = 0; i < 40; i++) {
        rows.push([NaN]);
        labels.push(missingClass);
      }
      const f = fitForest(matrixFromRows(rows), Int32Array.from(labels), {
        nTrees: 1,
        bootstrap: false,
        maxDepth: 1
      });
      expect(f.feature[0]).toBe(0);
      expect(f.threshold[0]).toBeCloseTo(0.5, 6);
      // Class 1 is on the right (x > 0.5), class 0 on the left.
      expect(f.missingLeft[0]).toBe(missingClass === 0 ? 1 : 0);
      const p = predictProba(f, matrixFromRows([[NaN]]));
      expect(p[missingClass]).toBe(1);
    }
  });

  it('sends missing values to the larger child when training saw none', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const y = Int32Array.from(rows, ([v]) => (v < 70 ? 0 : 1));
    const f = fitForest(matrixFromRows(rows), y, { nTrees: 1, bootstrap: false, maxDepth: 1 });
    expect(f.threshold[0]).toBe(69);
    expect(f.missingLeft[0]).toBe(1);
    expect(predict(f, matrixFromRows([[NaN]]))[0]).toBe(0);
    const g = fitForest(
      matrixFromRows(rows),
      Int32Array.from(y, (c) => 1 - c),
      {
        nTrees: 1,
        bootstrap: false,
        maxDepth: 1
      }
    );
    expect(g.missingLeft[0]).toBe(1);
    const rev = Int32Array.from(rows, ([v]) => (v < 30 ? 0 : 1));
    const h = fitForest(matrixFromRows(rows), rev, { nTrees: 1, bootstrap: false, maxDepth: 1 });
    expect(h.threshold[0]).toBe(29);
    expect(h.missingLeft[0]).toBe(0);
  });

  it('can split on missingness alone (all values one side, missing the other)', () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 100; i++) {
      rows.push([i % 7]);
      labels.push(0);
      rows.push([NaN]);
      labels.push(1);
    }
    const f = fitForest(matrixFromRows(rows), Int32Array.from(labels), {
      nTrees: 1,
      bootstrap: false
    });
    expect(f.feature[0]).toBe(0);
    expect(f.feature.filter((v) => v >= 0).length).toBe(1);
    expect(accuracy(predict(f, matrixFromRows(rows)), Int32Array.from(labels))).toBe(1);
  });
});
