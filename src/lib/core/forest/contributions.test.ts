import { describe, expect, it } from 'vitest';
import { pathContributions } from './contributions.ts';
import { fitForest } from './fit.ts';
import { predictProba } from './predict.ts';
import { makeClassification } from './synthetic.ts';
import { matrixFromRows } from './test-utils.ts';

describe('pathContributions (Saabas)', () => {
  const d = makeClassification({
    nRows: 600,
    nFeatures: 6,
    nInformative: 3,
    nClasses: 3,
    missingRate: 0.05,
    seed: 2
  });
  const f = fitForest(d.X, d.y, { nTrees: 25, seed: 4 });

  it('bias plus contributions equals the prediction, per class, plain and with tree weights', () => {
    const proba = predictProba(f, d.X);
    const tw = new Float64Array(25).map((_, t) => 1 + (t % 4));
    const wproba = predictProba(f, d.X, { treeWeights: tw });
    for (const row of [0, 1, 17, 333, 599]) {
      for (const [opts, p] of [
        [{}, proba],
        [{ treeWeights: tw }, wproba]
      ] as const) {
        const c = pathContributions(f, d.X, row, opts);
        for (let k = 0; k < 3; k++) {
          let s = c.bias[k];
          for (let j = 0; j < 6; j++) s += c.contributions[j * 3 + k];
          expect(s).toBeCloseTo(p[row * 3 + k], 10);
          expect(c.prediction[k]).toBeCloseTo(p[row * 3 + k], 10);
        }
      }
    }
  });

  it('credits the feature that decides the class', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i % 2, (i * 7) % 5]);
    const y = Int32Array.from(rows, ([a]) => a);
    const g = fitForest(matrixFromRows(rows), y, { nTrees: 10, seed: 1, maxFeatures: 1 });
    const c = pathContributions(g, matrixFromRows([[1, 3]]), 0);
    // Class 1: bias about 0.5, feature 0 adds about 0.5, feature 1 nothing.
    expect(c.contributions[0 * 2 + 1]).toBeGreaterThan(0.4);
    expect(Math.abs(c.contributions[1 * 2 + 1])).toBeLessThan(0.05);
  });

  it('rejects a row out of range', () => {
    expect(() => pathContributions(f, d.X, 600)).toThrow(/row must be/);
  });
});
