import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { fitForest } from './fit.ts';
import { treeCount } from './forest-info.ts';
import { leafOf, predictProba } from './predict.ts';
import { makeClassification } from './synthetic.ts';
import type { ForestArrays, Matrix } from './types.ts';

/**
 * predictProba computed the plain way: each row walks each tree alone (leafOf), adding
 * wt * leaf value in tree order, then the sum is scaled by 1 / (sum of weights).
 */
function referenceProba(f: ForestArrays, X: Matrix, tw?: Float64Array): Float64Array {
  const K = f.nClasses;
  const nT = treeCount(f);
  let wSum = 0;
  for (let t = 0; t < nT; t++) wSum += tw ? tw[t] : 1;
  const inv = 1 / wSum;
  const out = new Float64Array(X.nRows * K);
  for (let r = 0; r < X.nRows; r++) {
    for (let t = 0; t < nT; t++) {
      const wt = tw ? tw[t] : 1;
      if (wt === 0) continue;
      const leaf = leafOf(f, X.data, X.nRows, r, f.treeStart[t]);
      for (let c = 0; c < K; c++) out[r * K + c] += wt * f.value[leaf * K + c];
    }
    for (let c = 0; c < K; c++) out[r * K + c] *= inv;
  }
  return out;
}

/** Exact equality, reporting the first differing entry. */
function expectSame(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  const bad = got.findIndex((v, i) => !Object.is(v, want[i]));
  expect(bad, bad >= 0 ? `entry ${bad}: ${got[bad]} vs ${want[bad]}` : '').toBe(-1);
}

/** A one-split tree on feature 0: left leaf says class 0, right leaf class 1. */
function stump(threshold: number, missingLeft: 0 | 1): ForestArrays {
  return {
    nFeatures: 1,
    nClasses: 2,
    treeStart: new Int32Array([0, 3]),
    feature: new Int32Array([0, -1, -1]),
    threshold: new Float32Array([threshold, 0, 0]),
    missingLeft: new Uint8Array([missingLeft, 0, 0]),
    left: new Int32Array([1, -1, -1]),
    right: new Int32Array([2, -1, -1]),
    value: new Float32Array([0.5, 0.5, 1, 0, 0, 1]),
    nodeWeight: new Float32Array([2, 1, 1]),
    gain: new Float32Array([1, 0, 0])
  };
}

/** A one-tree forest whose tree is a single leaf with distribution (p0, p1). */
function singleLeaf(p0: number, p1: number): ForestArrays {
  return {
    ...stump(0, 0),
    treeStart: new Int32Array([0, 1]),
    feature: new Int32Array([-1]),
    threshold: new Float32Array(1),
    missingLeft: new Uint8Array(1),
    left: new Int32Array([-1]),
    right: new Int32Array([-1]),
    value: new Float32Array([p0, p1]),
    nodeWeight: new Float32Array([1]),
    gain: new Float32Array(1)
  };
}

describe('predictProba equals a plain per-row walk of every tree, bit for bit', () => {
  const cases = [
    { name: '2 classes, NaNs, 1,003 rows', nClasses: 2, nRows: 1003, nFeatures: 6, missing: 0.15 },
    { name: '3 classes, NaNs, 777 rows', nClasses: 3, nRows: 777, nFeatures: 5, missing: 0.2 },
    { name: '5 classes, no NaNs, 601 rows', nClasses: 5, nRows: 601, nFeatures: 7, missing: 0 },
    // 130 features make blocks of 1,024 rows: 2,501 rows span three, the last one partial.
    { name: '2 classes, 3 row blocks', nClasses: 2, nRows: 2501, nFeatures: 130, missing: 0.05 },
    // 700 features fill the prediction scratch at 748 rows: blocks below the usual 1,024.
    { name: '2 classes, 700 features', nClasses: 2, nRows: 1600, nFeatures: 700, missing: 0.05 }
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = makeClassification({
        nRows: c.nRows,
        nFeatures: c.nFeatures,
        nInformative: 4,
        nClasses: c.nClasses,
        missingRate: c.missing,
        seed: c.nRows
      });
      // Fractional sample weights, so leaf values are not simple ratios of counts.
      const rng = createRng(c.nRows);
      const sampleWeight = Float64Array.from({ length: c.nRows }, () => 0.25 + rng.next());
      const f = fitForest(d.X, d.y, { nTrees: 7, seed: 3 }, { sampleWeight });
      if (c.missing > 0) {
        // Both missing directions must occur for the case to test them.
        const splits = f.feature.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0);
        const ml = f.missingLeft.reduce((s, v, i) => s + (f.feature[i] >= 0 ? v : 0), 0);
        expect(ml).toBeGreaterThan(0);
        expect(ml).toBeLessThan(splits);
      }
      expectSame(predictProba(f, d.X), referenceProba(f, d.X));
      const tw = Float64Array.from([0.5, 0, 2, 1, 0.125, 3, 0]);
      expectSame(predictProba(f, d.X, { treeWeights: tw }), referenceProba(f, d.X, tw));
      // A single row and a short prefix take the same path as the full matrix.
      for (const m of [1, 6]) {
        const head: Matrix = {
          data: new Float32Array(m * c.nFeatures),
          nRows: m,
          nCols: c.nFeatures
        };
        for (let j = 0; j < c.nFeatures; j++) {
          for (let r = 0; r < m; r++) head.data[j * m + r] = d.X.data[j * c.nRows + r];
        }
        expectSame(predictProba(f, head), referenceProba(f, head));
      }
    });
  }

  it('handles trees that are a single leaf beside deep ones', () => {
    const d = makeClassification({ nRows: 300, nFeatures: 3, nInformative: 2, seed: 8 });
    const deep = fitForest(d.X, d.y, { nTrees: 2, seed: 1 });
    const leafTree = singleLeaf(0.3, 0.7);
    const n = deep.feature.length;
    const f: ForestArrays = {
      ...deep,
      treeStart: Int32Array.from([...deep.treeStart, n + 1]),
      feature: Int32Array.from([...deep.feature, -1]),
      threshold: Float32Array.from([...deep.threshold, 0]),
      missingLeft: Uint8Array.from([...deep.missingLeft, 0]),
      left: Int32Array.from([...deep.left, -1]),
      right: Int32Array.from([...deep.right, -1]),
      value: Float32Array.from([...deep.value, ...leafTree.value]),
      nodeWeight: Float32Array.from([...deep.nodeWeight, 1]),
      gain: Float32Array.from([...deep.gain, 0])
    };
    expectSame(predictProba(f, d.X), referenceProba(f, d.X));
  });
});

describe('row routing at a split', () => {
  const thresholds = [
    0,
    -0,
    1.5,
    -2.25,
    3.4028234663852886e38,
    -3.4028234663852886e38,
    -1e-40,
    Math.fround(0.1),
    Infinity,
    -Infinity
  ];
  // The last inputs become NaNs with other bit patterns: negative, signalling, a payload.
  const nanBits = [0xffc00000, 0x7f800001, 0xff800001, 0x7fc12345];
  const inputs = [
    0,
    -0,
    1.5,
    Math.fround(1.5000001),
    -2.25,
    -3,
    1e-45,
    -1e-45,
    Infinity,
    -Infinity,
    NaN,
    3.4028234663852886e38,
    -3.4028234663852886e38,
    ...nanBits.map(() => NaN)
  ];
  for (const ml of [0, 1] as const) {
    it(`sends x <= threshold left, x > threshold right and NaN ${ml ? 'left' : 'right'} exactly`, () => {
      const data = Float32Array.from(inputs);
      new Uint32Array(data.buffer).set(nanBits, inputs.length - nanBits.length);
      for (const t of thresholds) {
        const p = predictProba(stump(Math.fround(t), ml), { data, nRows: data.length, nCols: 1 });
        inputs.forEach((x, i) => {
          const tt = Math.fround(t);
          const fx = Math.fround(x);
          const goesLeft = fx <= tt || (fx !== fx && ml === 1);
          expect(p[i * 2], `x=${x} t=${t}`).toBe(goesLeft ? 1 : 0);
        });
      }
    });
  }

  it('rejects more feature columns than a prediction block holds', () => {
    const nCols = 2 ** 19 + 1;
    const wide = { ...stump(0, 0), nFeatures: nCols };
    const X = { data: new Float32Array(nCols), nRows: 1, nCols };
    expect(() => predictProba(wide, X)).toThrow(/at most 524288 feature columns/);
  });

  it('gives a single-leaf forest its leaf for any input', () => {
    const single = singleLeaf(0.25, 0.75);
    const data = Float32Array.from([-Infinity, NaN, 0, Infinity]);
    const p = predictProba(single, { data, nRows: 4, nCols: 1 });
    expect(Array.from(p)).toEqual([0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75]);
  });
});
