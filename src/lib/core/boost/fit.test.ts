import { describe, expect, it } from 'vitest';
import { makeClassification, sliceRows } from '../forest/synthetic.ts';
import { fitBoosted, shouldStop } from './fit.ts';
import { meanLoss } from './loss.ts';
import { predictBoosted, predictRaw } from './predict.ts';
import type { BoostedModel, BoostParams } from './types.ts';

const data = makeClassification({
  nRows: 900,
  nFeatures: 8,
  nInformative: 4,
  nRedundant: 2,
  missingRate: 0.05,
  flipY: 0.05,
  seed: 3
});
const train = sliceRows(data, 0, 600);
const other = sliceRows(data, 600, 900);
const multi = makeClassification({
  nRows: 600,
  nFeatures: 6,
  nInformative: 4,
  nClasses: 3,
  missingRate: 0.05,
  seed: 5
});

function expectSameModel(a: BoostedModel, b: BoostedModel): void {
  expect(Array.from(a.baseScore)).toEqual(Array.from(b.baseScore));
  for (const k of [
    'treeStart',
    'feature',
    'threshold',
    'missingLeft',
    'left',
    'right',
    'value',
    'cover',
    'gain'
  ] as const) {
    expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
  }
}

const SUBSAMPLED: BoostParams = {
  rowSubsample: 0.7,
  featureSubsample: 0.5,
  seed: 9,
  maxLeaves: 15
};

describe('continued training', () => {
  for (const [name, d, params] of [
    ['binary', train, {}],
    ['binary, row and feature subsampling', train, SUBSAMPLED],
    ['three classes', multi, { maxLeaves: 8 }]
  ] as const) {
    it(`${name}: 12 iterations then 8 more equal 20 at once, bit for bit`, () => {
      const whole = fitBoosted(d.X, d.y, { ...params, maxIter: 20 }).model;
      const first = fitBoosted(d.X, d.y, { ...params, maxIter: 12 }).model;
      const continued = fitBoosted(d.X, d.y, { ...params, maxIter: 8 }, { init: first });
      expect(continued.nIter).toBe(8);
      expectSameModel(continued.model, whole);
      expect(Array.from(predictRaw(continued.model, d.X))).toEqual(
        Array.from(predictRaw(whole, d.X))
      );
    });
  }

  it("on other rows equals training from the earlier model's raw scores", () => {
    const earlier = fitBoosted(train.X, train.y, { maxIter: 15, seed: 1 }).model;
    const params: BoostParams = {
      maxIter: 10,
      learningRate: 0.05,
      classWeight: 'balanced',
      ...SUBSAMPLED
    };
    const continued = fitBoosted(other.X, other.y, params, { init: earlier }).model;
    const fromScores = fitBoosted(other.X, other.y, params, {
      initRaw: predictRaw(earlier, other.X),
      iterationOffset: 15
    }).model;
    const nEarlier = earlier.treeStart.length - 1;
    expect(Array.from(fromScores.baseScore)).toEqual([0]);
    // The continued model is the earlier trees followed by exactly the trees grown from the scores.
    const firstNew = continued.treeStart[nEarlier];
    expect(Array.from(continued.value.subarray(firstNew))).toEqual(Array.from(fromScores.value));
    expect(Array.from(continued.feature.subarray(firstNew))).toEqual(
      Array.from(fromScores.feature)
    );
    expect(Array.from(continued.threshold.subarray(firstNew))).toEqual(
      Array.from(fromScores.threshold)
    );
    expect(Array.from(continued.value.subarray(0, firstNew))).toEqual(Array.from(earlier.value));
    const a = predictRaw(continued, data.X);
    const b = predictRaw(earlier, data.X);
    const c = predictRaw(fromScores, data.X);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - (b[i] + c[i]))).toBeLessThan(1e-12);
    // Continuing lowers the loss on the new rows.
    expect(meanLoss(other.y, undefined, predictRaw(continued, other.X), 1)).toBeLessThan(
      meanLoss(other.y, undefined, predictRaw(earlier, other.X), 1)
    );
  });
});

describe('early stopping on a validation split', () => {
  it("stops by scikit-learn's rule, and keeps the trees training without it would grow", () => {
    const params: BoostParams = { maxIter: 300, learningRate: 0.5, earlyStoppingRounds: 5 };
    const r = fitBoosted(train.X, train.y, params, { validation: { X: other.X, y: other.y } });
    expect(r.stoppedEarly).toBe(true);
    expect(r.nIter).toBeLessThan(300);
    expect(r.validationLoss.length).toBe(r.nIter + 1);
    expect(shouldStop(r.validationLoss, 5, 1e-7)).toBe(true);
    expect(shouldStop(r.validationLoss.slice(0, -1), 5, 1e-7)).toBe(false);
    const plain = fitBoosted(train.X, train.y, { ...params, maxIter: r.nIter }).model;
    expectSameModel(r.model, plain);
    // The recorded losses are the model's losses after each iteration.
    for (const it of [0, 1, r.nIter]) {
      const raw = predictRaw(r.model, other.X, { nIter: it });
      expect(r.validationLoss[it]).toBeCloseTo(meanLoss(other.y, undefined, raw, 1), 12);
    }
  });

  it('shouldStop needs rounds + 1 losses and an improvement above tol', () => {
    expect(shouldStop([1, 0.9, 0.8], 3, 0)).toBe(false);
    expect(shouldStop([1, 1, 1, 1], 3, 0)).toBe(true);
    expect(shouldStop([1, 1, 1, 0.99], 3, 0)).toBe(false);
    expect(shouldStop([1, 1, 1, 0.99], 3, 0.05)).toBe(true);
  });
});

describe('fitBoosted', () => {
  it('is reproducible from its seed, and subsampling draws depend on it', () => {
    const a = fitBoosted(train.X, train.y, { ...SUBSAMPLED, maxIter: 10 }).model;
    const b = fitBoosted(train.X, train.y, { ...SUBSAMPLED, maxIter: 10 }).model;
    const c = fitBoosted(train.X, train.y, { ...SUBSAMPLED, maxIter: 10, seed: 10 }).model;
    expectSameModel(a, b);
    expect(Array.from(a.value)).not.toEqual(Array.from(c.value));
  });

  it('learns: held-out accuracy well above the majority class, binary and three classes', () => {
    const m = fitBoosted(train.X, train.y, { maxIter: 60 }).model;
    const pred = predictBoosted(m, other.X);
    let ok = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === other.y[i]) ok++;
    expect(ok / pred.length).toBeGreaterThan(0.8);
    const mt = sliceRows(multi, 0, 450);
    const mv = sliceRows(multi, 450, 600);
    const m3 = fitBoosted(mt.X, mt.y, { maxIter: 60 }).model;
    expect(m3.nOutputs).toBe(3);
    const p3 = predictBoosted(m3, mv.X);
    ok = 0;
    for (let i = 0; i < p3.length; i++) if (p3[i] === mv.y[i]) ok++;
    expect(ok / p3.length).toBeGreaterThan(0.6);
  });

  it('respects maxLeaves, maxDepth and minSamplesLeaf', () => {
    const m = fitBoosted(train.X, train.y, { maxIter: 5, maxLeaves: 6, minSamplesLeaf: 30 }).model;
    for (let t = 0; t + 1 < m.treeStart.length; t++) {
      let leaves = 0;
      for (let nd = m.treeStart[t]; nd < m.treeStart[t + 1]; nd++) if (m.feature[nd] < 0) leaves++;
      expect(leaves).toBeLessThanOrEqual(6);
    }
    const d = fitBoosted(train.X, train.y, { maxIter: 3, maxDepth: 2, maxLeaves: Infinity }).model;
    const depthOf = (root: number): number =>
      d.feature[root] < 0 ? 0 : 1 + Math.max(depthOf(d.left[root]), depthOf(d.right[root]));
    for (let t = 0; t + 1 < d.treeStart.length; t++) expect(depthOf(d.treeStart[t])).toBe(2);
  });

  it('sends missing values of a feature that had none in training to the larger child', () => {
    const X = { data: new Float32Array(200), nRows: 200, nCols: 1 };
    const y = new Int32Array(200);
    for (let i = 0; i < 200; i++) {
      X.data[i] = i;
      y[i] = i < 60 ? 1 : 0;
    }
    const m = fitBoosted(X, y, { maxIter: 1, maxLeaves: 2 }).model;
    expect(m.threshold[0]).toBeGreaterThan(59);
    expect(m.threshold[0]).toBeLessThan(60);
    expect(m.missingLeft[0]).toBe(0);
    const raw = predictRaw(m, { data: Float32Array.of(NaN, 150), nRows: 2, nCols: 1 });
    expect(raw[0]).toBe(raw[1]);
  });
});

describe('fitBoosted rejects bad input with a message that says what to pass', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'maxIter 0',
      () => fitBoosted(train.X, train.y, { maxIter: 0 }),
      /maxIter must be an integer >= 1/
    ],
    [
      'learningRate 0',
      () => fitBoosted(train.X, train.y, { learningRate: 0 }),
      /learningRate must be a number in \(0, 10\]/
    ],
    [
      'rowSubsample 1.5',
      () => fitBoosted(train.X, train.y, { rowSubsample: 1.5 }),
      /rowSubsample must be a number in \(0, 1\]/
    ],
    [
      'no limit on tree size',
      () => fitBoosted(train.X, train.y, { maxLeaves: Infinity }),
      /cannot both be Infinity/
    ],
    ['one class', () => fitBoosted(train.X, new Int32Array(600)), /at least 2 classes/],
    [
      'initRaw of the wrong length',
      () => fitBoosted(train.X, train.y, {}, { initRaw: new Float64Array(3) }),
      /initRaw must be a Float64Array of rows x outputs = 600 x 1/
    ],
    [
      'non-finite initRaw',
      () => fitBoosted(train.X, train.y, {}, { initRaw: new Float64Array(600).fill(NaN) }),
      /initRaw\[0\] = NaN is not finite/
    ],
    [
      'init with other columns',
      () =>
        fitBoosted(
          multi.X,
          train.y,
          {},
          { init: fitBoosted(train.X, train.y, { maxIter: 1 }).model }
        ),
      /X has 6 feature columns but the model was trained on 8/
    ],
    [
      'validation label out of range',
      () =>
        fitBoosted(
          train.X,
          train.y,
          {},
          { validation: { X: other.X, y: new Int32Array(300).fill(4) } }
        ),
      /validation.y\[0\] = 4 is not a class 0..1/
    ]
  ];
  for (const [name, run, msg] of cases) it(name, () => expect(run).toThrow(msg));
});
