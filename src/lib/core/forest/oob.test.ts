import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { concatForests } from './concat.ts';
import { fitForest } from './fit.ts';
import { oobScore } from './oob.ts';
import { predict } from './predict.ts';
import { makeClassification, sliceRows } from './synthetic.ts';
import { accuracy, randomMatrix } from './test-utils.ts';

describe('oobScore', () => {
  it('is an honest estimate: about chance on random labels, where training accuracy is near 1', () => {
    const X = randomMatrix(400, 4, 1);
    const rng = createRng(2);
    const y = new Int32Array(400).map(() => rng.int(2));
    const f = fitForest(X, y, { nTrees: 40, seed: 7, minSamplesLeaf: 1 });
    expect(accuracy(predict(f, X), y)).toBeGreaterThan(0.95);
    const oob = oobScore(f, X, y, { seed: 7 });
    expect(oob.nScored).toBe(400);
    expect(Math.abs(oob.accuracy - 0.5)).toBeLessThan(0.1);
  });

  it('matches held-out accuracy on learnable data', () => {
    const d = makeClassification({ nRows: 2000, nFeatures: 8, nInformative: 4, seed: 3 });
    const tr = sliceRows(d, 0, 1000);
    const te = sliceRows(d, 1000, 2000);
    const f = fitForest(tr.X, tr.y, { nTrees: 60, seed: 1 });
    const oob = oobScore(f, tr.X, tr.y, { seed: 1 });
    expect(Math.abs(oob.accuracy - accuracy(predict(f, te.X), te.y))).toBeLessThan(0.04);
    // The wrong seed replays the wrong bootstraps: rows seen in training look out of bag and
    // the estimate turns optimistic.
    const wrong = oobScore(f, tr.X, tr.y, { seed: 2 });
    expect(wrong.accuracy).toBeGreaterThan(oob.accuracy + 0.02);
  });

  it('replays the right bootstraps for a slice via treeOffset', () => {
    const d = makeClassification({ nRows: 500, nFeatures: 6, nInformative: 3, seed: 4 });
    const params = { nTrees: 20, seed: 9 };
    const whole = oobScore(fitForest(d.X, d.y, params), d.X, d.y, { seed: 9 });
    const a = fitForest(d.X, d.y, params, { treeOffset: 0, nTrees: 10 });
    const b = fitForest(d.X, d.y, params, { treeOffset: 10, nTrees: 10 });
    const joined = oobScore(concatForests([a, b]), d.X, d.y, { seed: 9 });
    expect(joined.accuracy).toBe(whole.accuracy);
    const second = oobScore(b, d.X, d.y, { seed: 9, treeOffset: 10 });
    expect(second.nScored).toBeGreaterThan(0);
    expect(() => oobScore(b, d.X, d.y, { seed: 0.5 })).toThrow(/seed/);
  });
});
