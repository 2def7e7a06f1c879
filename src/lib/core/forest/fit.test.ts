import { describe, expect, it } from 'vitest';
import { concatForests } from './concat.ts';
import { fitForest } from './fit.ts';
import { treeCount } from './forest-info.ts';
import { leafOf, predict, predictProba } from './predict.ts';
import { makeClassification, sliceRows } from './synthetic.ts';
import { accuracy, at, matrixFromRows, randomMatrix } from './test-utils.ts';
import type { ForestArrays, Matrix } from './types.ts';
import { appendTrees } from './warm-start.ts';

function expectSameForest(a: ForestArrays, b: ForestArrays): void {
  expect(a.nFeatures).toBe(b.nFeatures);
  expect(a.nClasses).toBe(b.nClasses);
  for (const k of [
    'treeStart',
    'feature',
    'threshold',
    'missingLeft',
    'left',
    'right',
    'value',
    'nodeWeight',
    'gain'
  ] as const) {
    // Byte comparison: bit for bit, NaN-safe.
    const x = new Uint8Array(a[k].buffer, a[k].byteOffset, a[k].byteLength);
    const y = new Uint8Array(b[k].buffer, b[k].byteOffset, b[k].byteLength);
    expect(x.length, k).toBe(y.length);
    expect(Buffer.compare(Buffer.from(x), Buffer.from(y)), k).toBe(0);
  }
}

/** Rows of the training matrix reaching each leaf of tree t. */
function leafRowCounts(f: ForestArrays, X: Matrix, t: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let r = 0; r < X.nRows; r++) {
    const leaf = leafOf(f, X.data, X.nRows, r, f.treeStart[t]);
    m.set(leaf, (m.get(leaf) ?? 0) + 1);
  }
  return m;
}

function depthOf(f: ForestArrays, t: number): number {
  let max = 0;
  const walk = (nd: number, d: number) => {
    max = Math.max(max, d);
    if (f.feature[nd] >= 0) {
      walk(f.left[nd], d + 1);
      walk(f.right[nd], d + 1);
    }
  };
  walk(f.treeStart[t], 0);
  return max;
}

const data = makeClassification({
  nRows: 1500,
  nFeatures: 8,
  nInformative: 4,
  nRedundant: 2,
  missingRate: 0.05,
  seed: 11
});
const train = sliceRows(data, 0, 1000);
const test = sliceRows(data, 1000, 1500);

describe('fitForest on simple shapes', () => {
  it('separates linearly separable data perfectly', () => {
    const X = randomMatrix(400, 3, 1);
    const y = new Int32Array(400).map((_, i) => (at(X, i, 1) > 0.5 ? 1 : 0));
    const f = fitForest(X, y, { nTrees: 20, seed: 1 });
    expect(accuracy(predict(f, X), y)).toBe(1);
    const Xt = randomMatrix(400, 3, 2);
    const yt = new Int32Array(400).map((_, i) => (at(Xt, i, 1) > 0.5 ? 1 : 0));
    expect(accuracy(predict(f, Xt), yt)).toBeGreaterThan(0.97);
  });

  it('learns XOR, which needs a split with zero gain at the root', () => {
    const X = randomMatrix(800, 2, 3);
    const xor = (m: Matrix, i: number) => (at(m, i, 0) > 0.5 !== at(m, i, 1) > 0.5 ? 1 : 0);
    const y = new Int32Array(800).map((_, i) => xor(X, i));
    const f = fitForest(X, y, { nTrees: 30, seed: 2, maxFeatures: 1 });
    const Xt = randomMatrix(800, 2, 4);
    const yt = new Int32Array(800).map((_, i) => xor(Xt, i));
    expect(accuracy(predict(f, Xt), yt)).toBeGreaterThan(0.95);
  });

  it('predicts the only class with probability 1 when there is a single class', () => {
    const X = randomMatrix(50, 2, 5);
    const f = fitForest(X, new Int32Array(50), { nTrees: 5 });
    expect(f.nClasses).toBe(1);
    expect(f.feature.every((v) => v === -1)).toBe(true);
    expect(Array.from(predictProba(f, X)).every((v) => v === 1)).toBe(true);
  });

  it('trains on a single row', () => {
    const X = matrixFromRows([[1, 2]]);
    const f = fitForest(X, new Int32Array([1]), { nTrees: 3, nClasses: 2 });
    expect(treeCount(f)).toBe(3);
    expect(Array.from(predictProba(f, X))).toEqual([0, 1]);
  });

  it('makes only leaves when every feature is constant, predicting the class mix', () => {
    const X = matrixFromRows(Array.from({ length: 40 }, () => [7, 7]));
    const y = new Int32Array(40).map((_, i) => (i < 10 ? 1 : 0));
    const f = fitForest(X, y, { nTrees: 1, bootstrap: false });
    expect(f.feature.length).toBe(1);
    expect(Array.from(f.value)).toEqual([0.75, 0.25]);
  });

  it('ignores a constant feature beside an informative one', () => {
    const X = matrixFromRows(Array.from({ length: 200 }, (_, i) => [3, i % 2]));
    const y = new Int32Array(200).map((_, i) => i % 2);
    const f = fitForest(X, y, { nTrees: 10, seed: 3 });
    for (let nd = 0; nd < f.feature.length; nd++) expect(f.feature[nd]).not.toBe(0);
    expect(accuracy(predict(f, X), y)).toBe(1);
  });

  it('keeps conflicting duplicate rows as a mixed leaf instead of splitting them', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [i % 3, 1]);
    const y = new Int32Array(60).map((_, i) => (i % 3 === 0 ? i % 2 : 0));
    const f = fitForest(matrixFromRows(rows), y, {
      nTrees: 1,
      bootstrap: false,
      minSamplesLeaf: 1
    });
    // Value 0 rows are half class 0, half class 1: that leaf must say 0.5 / 0.5.
    const p = predictProba(f, matrixFromRows([[0, 1]]));
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(0.5, 6);
  });

  it('handles five classes with probabilities that sum to 1', () => {
    const d = makeClassification({
      nRows: 2000,
      nFeatures: 10,
      nInformative: 5,
      nClasses: 5,
      nClustersPerClass: 1,
      classSep: 2,
      seed: 5
    });
    const tr = sliceRows(d, 0, 1500);
    const te = sliceRows(d, 1500, 2000);
    const f = fitForest(tr.X, tr.y, { nTrees: 40, seed: 5 });
    expect(f.nClasses).toBe(5);
    const p = predictProba(f, te.X);
    for (let i = 0; i < te.X.nRows; i++) {
      let s = 0;
      for (let c = 0; c < 5; c++) s += p[i * 5 + c];
      // Leaf values are float32: the sum is 1 to float32 precision.
      expect(s).toBeCloseTo(1, 6);
    }
    // Chance is 20%.
    expect(accuracy(predict(f, te.X), te.y)).toBeGreaterThan(0.75);
  });

  it('generalises on noisy synthetic data with missing values, with both criteria', () => {
    for (const criterion of ['gini', 'entropy'] as const) {
      const f = fitForest(train.X, train.y, { nTrees: 50, seed: 1, criterion });
      expect(accuracy(predict(f, test.X), test.y)).toBeGreaterThan(0.85);
    }
  });
});

describe('fitForest structure and limits', () => {
  const f = fitForest(train.X, train.y, {
    nTrees: 5,
    seed: 9,
    maxDepth: 4,
    minSamplesLeaf: 7,
    bootstrap: false
  });

  it('stores thresholds that are actual training values of the split feature', () => {
    const g = fitForest(train.X, train.y, { nTrees: 5, seed: 9 });
    for (let nd = 0; nd < g.feature.length; nd++) {
      const j = g.feature[nd];
      if (j < 0) continue;
      const col = train.X.data.subarray(j * train.X.nRows, (j + 1) * train.X.nRows);
      expect(col.includes(g.threshold[nd])).toBe(true);
      expect(Number.isFinite(g.threshold[nd])).toBe(true);
    }
  });

  it('respects maxDepth and minSamplesLeaf', () => {
    for (let t = 0; t < treeCount(f); t++) {
      expect(depthOf(f, t)).toBeLessThanOrEqual(4);
      for (const n of leafRowCounts(f, train.X, t).values()) expect(n).toBeGreaterThanOrEqual(7);
    }
  });

  it('lays out trees as valid binary trees with children after their parent', () => {
    for (let t = 0; t < treeCount(f); t++) {
      for (let nd = f.treeStart[t]; nd < f.treeStart[t + 1]; nd++) {
        if (f.feature[nd] < 0) {
          expect(f.left[nd]).toBe(-1);
          expect(f.right[nd]).toBe(-1);
          continue;
        }
        for (const ch of [f.left[nd], f.right[nd]]) {
          expect(ch).toBeGreaterThan(nd);
          expect(ch).toBeLessThan(f.treeStart[t + 1]);
        }
        // Children weights add up to the parent's.
        expect(f.nodeWeight[f.left[nd]] + f.nodeWeight[f.right[nd]]).toBeCloseTo(
          f.nodeWeight[nd],
          3
        );
      }
    }
  });

  it('sends every training row to the side its binned value says (x <= threshold is exact)', () => {
    // Without bootstrap the root weight is the row count, and each split's children must hold
    // exactly the rows that compare <= / > against the stored float32 threshold.
    const t = 0;
    const root = f.treeStart[t];
    expect(f.nodeWeight[root]).toBe(train.X.nRows);
    const counts = new Float64Array(f.feature.length);
    for (let r = 0; r < train.X.nRows; r++) {
      let nd = root;
      counts[nd]++;
      while (f.feature[nd] >= 0) {
        const x = at(train.X, r, f.feature[nd]);
        nd =
          x <= f.threshold[nd]
            ? f.left[nd]
            : x > f.threshold[nd]
              ? f.right[nd]
              : f.missingLeft[nd]
                ? f.left[nd]
                : f.right[nd];
        counts[nd]++;
      }
    }
    for (let nd = f.treeStart[t]; nd < f.treeStart[t + 1]; nd++)
      expect(counts[nd]).toBe(f.nodeWeight[nd]);
  });

  it("balances classes with classWeight 'balanced' like scikit-learn", () => {
    const X = randomMatrix(100, 2, 8);
    const y = new Int32Array(100).map((_, i) => (i < 80 ? 0 : 1));
    const g = fitForest(X, y, {
      nTrees: 1,
      bootstrap: false,
      classWeight: 'balanced',
      maxDepth: 0
    });
    // weights 100 / (2 * 80) and 100 / (2 * 20): both classes weigh 50.
    expect(g.value[0]).toBeCloseTo(0.5, 6);
    expect(g.nodeWeight[0]).toBeCloseTo(100, 4);
    const h = fitForest(X, y, { nTrees: 1, bootstrap: false, classWeight: [1, 3], maxDepth: 0 });
    expect(h.value[1]).toBeCloseTo(60 / 140, 6);
  });

  it('ignores rows with sample weight 0', () => {
    const X = randomMatrix(300, 2, 6);
    const clean = new Int32Array(300).map((_, i) => (at(X, i, 0) > 0.5 ? 1 : 0));
    const y = clean.map((v, i) => (i % 3 === 0 ? 1 - v : v));
    const w = new Float64Array(300).map((_, i) => (i % 3 === 0 ? 0 : 1));
    const g = fitForest(X, y, { nTrees: 10, seed: 1 }, { sampleWeight: w });
    expect(accuracy(predict(g, X), clean)).toBe(1);
  });

  it('stores node values in [0, 1] with fractional sample and class weights', () => {
    // All features at every split and replay-like weights (1 and 0.3, then 'balanced'):
    // histograms come from long parent-minus-sibling chains, which used to leave classes
    // with no rows in a node at -1e-13 instead of 0.
    const d = makeClassification({
      nRows: 500,
      nFeatures: 6,
      nInformative: 3,
      nClasses: 3,
      missingRate: 0.1,
      seed: 1
    });
    const w = new Float64Array(500).map((_, i) => (i % 5 < 2 ? 0.3 : 1));
    const f = fitForest(
      d.X,
      d.y,
      { nTrees: 5, seed: 1, maxFeatures: 1, classWeight: 'balanced' },
      { sampleWeight: w }
    );
    const K = 3;
    for (let nd = 0; nd < f.feature.length; nd++) {
      expect(f.nodeWeight[nd]).toBeGreaterThanOrEqual(0);
      let sum = 0;
      for (let c = 0; c < K; c++) {
        const v = f.value[nd * K + c];
        expect(v, `node ${nd} class ${c}`).toBeGreaterThanOrEqual(0);
        expect(v, `node ${nd} class ${c}`).toBeLessThanOrEqual(1);
        sum += v;
      }
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('reports progress per tree and stops when asked, keeping the finished trees', () => {
    const seen: number[] = [];
    let calls = 0;
    const g = fitForest(
      train.X,
      train.y,
      { nTrees: 10, seed: 1 },
      {
        onTree: (done, total) => {
          seen.push(done);
          expect(total).toBe(10);
        },
        shouldStop: () => ++calls > 4
      }
    );
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(treeCount(g)).toBe(4);
  });
});

describe('fitForest determinism', () => {
  const params = { nTrees: 12, seed: 42, minSamplesLeaf: 1 };

  it('gives the same forest for the same seed and a different one for another seed', () => {
    const a = fitForest(train.X, train.y, params);
    const b = fitForest(train.X, train.y, params);
    expectSameForest(a, b);
    const c = fitForest(train.X, train.y, { ...params, seed: 43 });
    expect(
      c.feature.length === a.feature.length && c.threshold.every((v, i) => v === a.threshold[i])
    ).toBe(false);
  });

  it('gives the same forest bit for bit when trained in slices and concatenated', () => {
    const all = fitForest(train.X, train.y, params);
    const parts = [
      fitForest(train.X, train.y, params, { treeOffset: 0, nTrees: 5 }),
      fitForest(train.X, train.y, params, { treeOffset: 5, nTrees: 1 }),
      fitForest(train.X, train.y, params, { treeOffset: 6 })
    ];
    expect(treeCount(parts[2])).toBe(6);
    expectSameForest(concatForests(parts), all);
  });

  it('warm start (appendTrees) equals training all trees at once', () => {
    const first = fitForest(train.X, train.y, { ...params, nTrees: 7 });
    const grown = appendTrees(first, train.X, train.y, params, 5);
    expectSameForest(grown, fitForest(train.X, train.y, params));
  });
});

describe('fitForest module scratch', () => {
  it('gives the same forest after a fit that outgrew the scratch', () => {
    const small = makeClassification({ nRows: 300, nFeatures: 4, nInformative: 2, seed: 3 });
    const params = { nTrees: 3, seed: 5 };
    const before = fitForest(small.X, small.y, params);
    // More rows than the scratch's first size (2^18): its arrays are replaced.
    const big = makeClassification({ nRows: 270_000, nFeatures: 2, nInformative: 2, seed: 4 });
    fitForest(big.X, big.y, { nTrees: 1, maxDepth: 2, seed: 1 });
    expectSameForest(fitForest(small.X, small.y, params), before);
  });
});
