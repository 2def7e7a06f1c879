import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { fitForest } from './fit.ts';
import { mdiImportance, permutationImportance } from './importance.ts';
import { matrixFromRows } from './test-utils.ts';

/** Feature 0 decides the class (with 5% label noise); feature 1 is pure noise. */
function pureVsNoise(n: number, seed: number) {
  const rng = createRng(seed);
  const rows: number[][] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next();
    rows.push([a, rng.next()]);
    y[i] = (a > 0.4 ? 1 : 0) ^ (rng.next() < 0.05 ? 1 : 0);
  }
  return { X: matrixFromRows(rows), y };
}

describe('feature importance', () => {
  const train = pureVsNoise(1000, 1);
  const test = pureVsNoise(1000, 2);
  // Leaves of 20 rows keep trees from memorising the label noise with the noise feature.
  const f = fitForest(train.X, train.y, {
    nTrees: 50,
    seed: 3,
    maxFeatures: 1,
    minSamplesLeaf: 20
  });

  it('MDI sums to 1 and gives the noise feature near zero', () => {
    const imp = mdiImportance(f);
    expect(imp[0] + imp[1]).toBeCloseTo(1, 12);
    expect(imp[0]).toBeGreaterThan(0.9);
    expect(imp[1]).toBeLessThan(0.1);
  });

  it('permutation importance is large for the pure feature and about zero for noise', () => {
    const { mean, std, baseline } = permutationImportance(f, test.X, test.y, {
      seed: 1,
      repeats: 4
    });
    expect(baseline).toBeGreaterThan(0.9);
    // Shuffling the decisive feature drops accuracy to about chance.
    expect(mean[0]).toBeGreaterThan(0.3);
    expect(Math.abs(mean[1])).toBeLessThan(0.02);
    expect(std[0]).toBeGreaterThanOrEqual(0);
  });

  it('permutation importance is reproducible from its seed and accepts a custom metric', () => {
    const a = permutationImportance(f, test.X, test.y, { seed: 5, repeats: 2 });
    const b = permutationImportance(f, test.X, test.y, { seed: 5, repeats: 2 });
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    const c = permutationImportance(f, test.X, test.y, {
      seed: 5,
      repeats: 2,
      metric: (yy, p) => {
        // Mean probability of the true class.
        let s = 0;
        for (let i = 0; i < yy.length; i++) s += p[i * 2 + yy[i]];
        return s / yy.length;
      }
    });
    expect(c.mean[0]).toBeGreaterThan(c.mean[1]);
    expect(() => permutationImportance(f, test.X, test.y, { seed: 1, repeats: 0 })).toThrow(
      /repeats/
    );
  });

  it('MDI is all zeros when no tree splits', () => {
    const g = fitForest(train.X, train.y, { nTrees: 3, maxDepth: 0 });
    expect(Array.from(mdiImportance(g))).toEqual([0, 0]);
  });
});
