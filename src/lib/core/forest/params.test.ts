import { describe, expect, it } from 'vitest';
import { concatForests } from './concat.ts';
import { fitForest } from './fit.ts';
import { predictProba } from './predict.ts';
import { resolveMaxFeatures } from './params.ts';
import { randomMatrix } from './test-utils.ts';
import type { ForestParams } from './types.ts';

const X = randomMatrix(20, 4, 1);
const y = new Int32Array(20).map((_, i) => i % 2);

describe('resolveMaxFeatures', () => {
  it('computes features per split like scikit-learn', () => {
    expect(resolveMaxFeatures('sqrt', 14, 't')).toBe(3);
    expect(resolveMaxFeatures('sqrt', 16, 't')).toBe(4);
    expect(resolveMaxFeatures('log2', 16, 't')).toBe(4);
    expect(resolveMaxFeatures('log2', 1, 't')).toBe(1);
    expect(resolveMaxFeatures(0.5, 14, 't')).toBe(7);
    expect(resolveMaxFeatures(0.01, 14, 't')).toBe(1);
    expect(resolveMaxFeatures(1, 14, 't')).toBe(14);
    expect(resolveMaxFeatures(5, 14, 't')).toBe(5);
  });
});

describe('bad parameters throw errors that name the parameter', () => {
  const cases: [string, ForestParams, RegExp][] = [
    ['maxFeatures 0', { maxFeatures: 0 }, /maxFeatures/],
    ['maxFeatures above the feature count', { maxFeatures: 5 }, /maxFeatures.*exceeds/],
    ['maxFeatures non-integer above 1', { maxFeatures: 2.5 }, /maxFeatures/],
    ['maxFeatures unknown string', { maxFeatures: 'all' as 'sqrt' }, /maxFeatures/],
    ['negative maxDepth', { maxDepth: -1 }, /maxDepth/],
    ['non-integer maxDepth', { maxDepth: 2.5 }, /maxDepth/],
    ['minSamplesLeaf 0', { minSamplesLeaf: 0 }, /minSamplesLeaf/],
    ['minSamplesSplit 1', { minSamplesSplit: 1 }, /minSamplesSplit/],
    ['negative minImpurityDecrease', { minImpurityDecrease: -0.1 }, /minImpurityDecrease/],
    ['nTrees 0', { nTrees: 0 }, /nTrees/],
    ['unknown criterion', { criterion: 'mse' as 'gini' }, /criterion/],
    ['classWeight of the wrong length', { classWeight: [1, 2, 3] }, /classWeight.*3 entries/],
    ['negative classWeight', { classWeight: [1, -2] }, /classWeight\[1\]/],
    ['maxBins 300', { maxBins: 300 }, /maxBins/],
    ['non-integer seed', { seed: 0.5 }, /seed/],
    ['nClasses below the labels', { nClasses: 1 }, /nClasses/]
  ];
  for (const [name, params, re] of cases) {
    it(name, () => expect(() => fitForest(X, y, params)).toThrow(re));
  }

  it('labels: NaN-like, negative and out of range', () => {
    expect(() => fitForest(X, new Int32Array(20).fill(-1), {})).toThrow(/y\[0\] = -1/);
    // Int32Array turns NaN into 0, so a Float64Array of labels is rejected outright.
    expect(() => fitForest(X, new Float64Array(20) as unknown as Int32Array, {})).toThrow(
      /Int32Array/
    );
    expect(() => fitForest(X, new Int32Array(20).fill(3), { nClasses: 2 })).toThrow(/out of range/);
  });

  it('X / y length mismatch and malformed X', () => {
    expect(() => fitForest(X, new Int32Array(19), {})).toThrow(/y has 19 labels but X has 20 rows/);
    expect(() =>
      fitForest({ data: new Float32Array(5), nRows: 2, nCols: 3 }, new Int32Array(2), {})
    ).toThrow(/X.data has 5 values/);
    const inf = randomMatrix(20, 4, 2);
    inf.data[3] = Infinity;
    expect(() => fitForest(inf, y, {})).toThrow(/infinite value at row 3, feature 0/);
  });

  it('empty training set', () => {
    expect(() =>
      fitForest({ data: new Float32Array(0), nRows: 0, nCols: 4 }, new Int32Array(0), {})
    ).toThrow(/no rows/);
  });

  it('sampleWeight length mismatch, negative or all zero', () => {
    expect(() => fitForest(X, y, {}, { sampleWeight: new Float64Array(3) })).toThrow(
      /sampleWeight has 3/
    );
    const neg = new Float64Array(20).fill(1);
    neg[4] = -1;
    expect(() => fitForest(X, y, {}, { sampleWeight: neg })).toThrow(/sampleWeight\[4\]/);
    expect(() => fitForest(X, y, {}, { sampleWeight: new Float64Array(20) })).toThrow(/weight 0/);
  });

  it('tree slices: bad offset or count', () => {
    expect(() => fitForest(X, y, { nTrees: 5 }, { treeOffset: -1 })).toThrow(/treeOffset/);
    expect(() => fitForest(X, y, { nTrees: 5 }, { treeOffset: 5 })).toThrow(
      /treeOffset.*leaves no trees/
    );
    expect(() => fitForest(X, y, { nTrees: 5 }, { nTrees: 0 })).toThrow(/opts.nTrees/);
  });

  it('prediction with the wrong feature count or bad tree weights', () => {
    const f = fitForest(X, y, { nTrees: 3 });
    expect(() => predictProba(f, randomMatrix(5, 3, 1))).toThrow(/3 feature columns.*trained on 4/);
    expect(() => predictProba(f, X, { treeWeights: new Float64Array(2) })).toThrow(/treeWeights/);
    expect(() => predictProba(f, X, { treeWeights: new Float64Array(3) })).toThrow(/sum to 0/);
  });

  it('concatenating forests of different tasks', () => {
    const f = fitForest(X, y, { nTrees: 2 });
    const g = fitForest(X, y, { nTrees: 2, nClasses: 3 });
    expect(() => concatForests([f, g])).toThrow(/parts\[1\] has 4 features and 3 classes/);
    expect(() => concatForests([])).toThrow(/non-empty/);
  });
});
