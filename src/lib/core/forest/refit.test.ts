import { describe, expect, it } from 'vitest';
import { fitForest } from './fit.ts';
import { predict, predictProba } from './predict.ts';
import { refitLeaves } from './refit.ts';
import { makeClassification, sliceRows } from './synthetic.ts';
import { accuracy } from './test-utils.ts';

const d = makeClassification({
  nRows: 1200,
  nFeatures: 6,
  nInformative: 3,
  missingRate: 0.05,
  seed: 8
});
const tr = sliceRows(d, 0, 800);
const te = sliceRows(d, 800, 1200);

describe('refitLeaves', () => {
  const f = fitForest(tr.X, tr.y, { nTrees: 10, seed: 1, bootstrap: false, maxFeatures: 0.5 });

  it('with blend 0 leaves the forest unchanged', () => {
    const g = refitLeaves(f, te.X, te.y, { blend: 0 });
    expect(Array.from(g.value)).toEqual(Array.from(f.value));
    expect(g.value).not.toBe(f.value);
  });

  it('with blend 1 on the training data (no bootstrap) reproduces every node distribution', () => {
    const g = refitLeaves(f, tr.X, tr.y, { blend: 1 });
    for (let i = 0; i < f.value.length; i++) expect(g.value[i]).toBeCloseTo(f.value[i], 6);
    const bal = fitForest(tr.X, tr.y, {
      nTrees: 3,
      seed: 2,
      bootstrap: false,
      classWeight: 'balanced'
    });
    const h = refitLeaves(bal, tr.X, tr.y, { blend: 1, classWeight: 'balanced' });
    for (let i = 0; i < bal.value.length; i++) expect(h.value[i]).toBeCloseTo(bal.value[i], 5);
  });

  it('keeps the structure and the values of nodes no new row reaches', () => {
    const one = sliceRows(te, 0, 1);
    const g = refitLeaves(f, one.X, one.y, { blend: 1 });
    expect(Array.from(g.feature)).toEqual(Array.from(f.feature));
    expect(Array.from(g.threshold)).toEqual(Array.from(f.threshold));
    let changedNodes = 0;
    const K = f.nClasses;
    for (let nd = 0; nd < f.feature.length; nd++) {
      if (g.value[nd * K] !== f.value[nd * K]) changedNodes++;
    }
    // One row touches one path per tree at most.
    expect(changedNodes).toBeGreaterThan(0);
    expect(changedNodes).toBeLessThanOrEqual(10 * 30);
  });

  it('adapts predictions toward new labels, and blends linearly', () => {
    const flipped = te.y.map((c) => 1 - c);
    const before = accuracy(predict(f, te.X), flipped);
    const g = refitLeaves(f, te.X, flipped, { blend: 1 });
    expect(accuracy(predict(g, te.X), flipped)).toBeGreaterThan(before + 0.3);
    const half = refitLeaves(f, te.X, flipped, { blend: 0.5 });
    for (let i = 0; i < f.value.length; i += 97) {
      expect(half.value[i]).toBeCloseTo(0.5 * f.value[i] + 0.5 * g.value[i], 6);
    }
  });

  it('touches only the trees in treeRange', () => {
    const g = refitLeaves(f, te.X, te.y, { blend: 1, treeRange: [2, 4] });
    const K = f.nClasses;
    const a = f.treeStart[2] * K;
    const b = f.treeStart[4] * K;
    expect(Array.from(g.value.subarray(0, a))).toEqual(Array.from(f.value.subarray(0, a)));
    expect(Array.from(g.value.subarray(b))).toEqual(Array.from(f.value.subarray(b)));
    expect(Array.from(g.value.subarray(a, b))).not.toEqual(Array.from(f.value.subarray(a, b)));
    expect(predictProba(g, te.X).length).toBe(te.X.nRows * K);
  });

  it('rejects a bad blend, treeRange or label', () => {
    expect(() => refitLeaves(f, te.X, te.y, { blend: 1.5 })).toThrow(/blend/);
    expect(() => refitLeaves(f, te.X, te.y, { blend: 1, treeRange: [3, 11] })).toThrow(/treeRange/);
    expect(() =>
      refitLeaves(
        f,
        te.X,
        te.y.map(() => 2),
        { blend: 1 }
      )
    ).toThrow(/out of range/);
  });
});
