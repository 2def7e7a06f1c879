import { describe, expect, it } from 'vitest';
import { makeClassification } from '../forest/synthetic.ts';
import { fitBoosted } from './fit.ts';
import type { BoostedModel } from './types.ts';
import { validateBoostedModel } from './validate.ts';

const d = makeClassification({
  nRows: 300,
  nFeatures: 4,
  nInformative: 3,
  missingRate: 0.1,
  seed: 4
});
const good = fitBoosted(d.X, d.y, { maxIter: 4, maxLeaves: 6, minSamplesLeaf: 5 }).model;

function broken(edit: (m: BoostedModel) => void): BoostedModel {
  const m = structuredClone(good);
  edit(m);
  return m;
}

/** First split node of tree 0 (the root, which splits here). */
const root = 0;

describe('validateBoostedModel', () => {
  it('accepts trained models, two and three classes', () => {
    expect(() => validateBoostedModel(good)).not.toThrow();
    const m3 = makeClassification({
      nRows: 300,
      nFeatures: 4,
      nInformative: 3,
      nClasses: 3,
      seed: 4
    });
    expect(() => validateBoostedModel(fitBoosted(m3.X, m3.y, { maxIter: 3 }).model)).not.toThrow();
    expect(good.feature[root]).toBeGreaterThanOrEqual(0);
  });

  const cases: [string, (m: BoostedModel) => void, RegExp][] = [
    [
      'a child pointing back (a loop)',
      (m) => (m.left[m.left[root]] = root),
      /must come after its parent|must have no children/
    ],
    ['a child in another tree', (m) => (m.right[root] = m.treeStart[1]), /inside the tree's nodes/],
    ['two parents for one node', (m) => (m.right[root] = m.left[root]), /already has a parent/],
    [
      'a feature beyond the columns',
      (m) => (m.feature[root] = 4),
      /feature 4 is not a column 0..3/
    ],
    [
      'a NaN threshold',
      (m) => (m.threshold[root] = NaN),
      /threshold NaN must be a number or \+Infinity/
    ],
    [
      'a non-finite leaf value',
      (m) => (m.value[m.left[root]] = Infinity),
      /value Infinity is not finite/
    ],
    ['a wrong output count', (m) => (m.nOutputs = 2), /nOutputs must be 1 for 2 classes/],
    ['a short base score', (m) => (m.baseScore = new Float64Array(0)), /baseScore has 0 values/],
    ['a node array of the wrong length', (m) => (m.gain = m.gain.subarray(1)), /array "gain" has/],
    [
      'a leaf with children',
      (m) => (m.left[m.treeStart[1] - 1] = m.treeStart[1] - 1),
      /a leaf \(feature -1\) must have no children/
    ]
  ];
  for (const [name, edit, msg] of cases) {
    it(`rejects ${name}`, () => expect(() => validateBoostedModel(broken(edit))).toThrow(msg));
  }
});
