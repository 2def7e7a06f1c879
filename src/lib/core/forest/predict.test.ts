import { describe, expect, it } from 'vitest';
import { fitForest } from './fit.ts';
import { treeCount } from './forest-info.ts';
import { concatForests } from './concat.ts';
import { leafOf, predict, predictProba, predictProbaParts } from './predict.ts';
import { makeClassification } from './synthetic.ts';

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
      expect(row[c[r]]).toBe(row.reduce((a, b) => Math.max(a, b), -Infinity));
    }
  });

  it('returns an empty result for zero rows', () => {
    expect(predictProba(f, { data: new Float32Array(0), nRows: 0, nCols: 5 }).length).toBe(0);
  });
});

describe('predictProbaParts', () => {
  const d = makeClassification({
    nRows: 400,
    nFeatures: 6,
    nInformative: 3,
    missingRate: 0.05,
    seed: 8
  });
  const params = { nTrees: 9, seed: 4, nClasses: 2 };
  const parts = [
    fitForest(d.X, d.y, params, { treeOffset: 0, nTrees: 4 }),
    fitForest(d.X, d.y, params, { treeOffset: 4, nTrees: 2 }),
    fitForest(d.X, d.y, params, { treeOffset: 6, nTrees: 3 })
  ];
  const joined = concatForests(parts);

  it("gives the joined forest's probabilities bit for bit, with and without tree weights", () => {
    expect(Array.from(predictProbaParts(parts, d.X))).toEqual(
      Array.from(predictProba(joined, d.X))
    );
    const w = Float64Array.from({ length: 9 }, (_, t) => (t % 3 === 0 ? 0 : t / 7));
    expect(Array.from(predictProbaParts(parts, d.X, { treeWeights: w }))).toEqual(
      Array.from(predictProba(joined, d.X, { treeWeights: w }))
    );
  });

  it('refuses no parts, parts of different tasks and weights of the wrong length', () => {
    expect(() => predictProbaParts([], d.X)).toThrow(/non-empty array/);
    const three = fitForest(
      d.X,
      Int32Array.from(d.y, (v, i) => (i % 5 === 0 ? 2 : v)),
      {
        nTrees: 1,
        seed: 1
      }
    );
    expect(() => predictProbaParts([parts[0], three], d.X)).toThrow(
      /parts\[1\] has 6 features and 3 classes/
    );
    expect(() => predictProbaParts(parts, d.X, { treeWeights: new Float64Array(4) })).toThrow(
      /one weight per tree \(9\)/
    );
  });
});
