import { describe, expect, it } from 'vitest';
import { fitForest } from './fit';
import { treeCount } from './forestInfo';
import { leafOf, predict, predictProba } from './predict';
import { makeClassification } from './synthetic';

describe('predictProba', () => {
  const d = makeClassification({
    nRows: 5000,
    nFeatures: 5,
    nInformative: 3,
    nClasses: 3,
    missingRate: 0.1,
    seed: 6
  });
  const params = { nTrees: 6, seed: 2 };
  const f = fitForest(d.X, d.y, params);

  it('averages the leaf distributions of all trees for every row, across row blocks', () => {
    // 5,000 rows span two prediction blocks.
    const p = predictProba(f, d.X);
    const K = 3;
    for (let r = 0; r < d.X.nRows; r += 7) {
      for (let c = 0; c < K; c++) {
        let s = 0;
        for (let t = 0; t < treeCount(f); t++) {
          s += f.value[leafOf(f, d.X.data, d.X.nRows, r, f.treeStart[t]) * K + c];
        }
        expect(p[r * K + c]).toBeCloseTo(s / treeCount(f), 12);
      }
    }
  });

  it('weights trees by treeWeights, and weight 0 removes a tree', () => {
    const single = [0, 1, 2, 3, 4, 5].map((t) =>
      fitForest(d.X, d.y, params, { treeOffset: t, nTrees: 1 })
    );
    const tw = new Float64Array([3, 0, 1, 0, 0, 2]);
    const p = predictProba(f, d.X, { treeWeights: tw });
    const parts = single.map((g) => predictProba(g, d.X));
    for (let i = 0; i < p.length; i += 11) {
      expect(p[i]).toBeCloseTo((3 * parts[0][i] + parts[2][i] + 2 * parts[5][i]) / 6, 12);
    }
  });

  it('predict returns the most probable class', () => {
    const p = predictProba(f, d.X);
    const c = predict(f, d.X);
    for (let r = 0; r < d.X.nRows; r++) {
      const row = [p[r * 3], p[r * 3 + 1], p[r * 3 + 2]];
      expect(row[c[r]]).toBe(Math.max(...row));
    }
  });

  it('returns an empty result for zero rows', () => {
    expect(predictProba(f, { data: new Float32Array(0), nRows: 0, nCols: 5 }).length).toBe(0);
  });
});
