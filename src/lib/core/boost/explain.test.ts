import { describe, expect, it } from 'vitest';
import { makeClassification } from '../forest/synthetic.ts';
import { boostedContributions, gainImportance } from './explain.ts';
import { fitBoosted } from './fit.ts';
import { predictRaw } from './predict.ts';

describe('boosted path contributions', () => {
  for (const nClasses of [2, 3]) {
    it(`bias + contributions = raw scores for every row (${nClasses} classes, missing values)`, () => {
      const d = makeClassification({
        nRows: 300,
        nFeatures: 5,
        nInformative: 3,
        nClasses,
        missingRate: 0.1,
        seed: 11
      });
      const m = fitBoosted(d.X, d.y, { maxIter: 15, maxLeaves: 8 }).model;
      const raw = predictRaw(m, d.X);
      const K = m.nOutputs;
      for (let r = 0; r < d.X.nRows; r += 7) {
        const c = boostedContributions(m, d.X, r);
        for (let k = 0; k < K; k++) {
          let s = c.bias[k];
          for (let f = 0; f < m.nFeatures; f++) s += c.contributions[f * K + k];
          expect(s).toBeCloseTo(raw[r * K + k], 10);
          expect(c.prediction[k]).toBeCloseTo(raw[r * K + k], 12);
        }
      }
    });
  }

  it('rejects a row outside X', () => {
    const d = makeClassification({ nRows: 100, nFeatures: 3, nInformative: 2, seed: 1 });
    const m = fitBoosted(d.X, d.y, { maxIter: 2 }).model;
    expect(() => boostedContributions(m, d.X, 100)).toThrow(/row must be an integer from 0 to 99/);
  });
});

describe('gain importance', () => {
  it('sums to 1 and ranks the informative features above pure noise', () => {
    // Features 0..2 informative, 3..7 noise (makeClassification puts informative ones first).
    const d = makeClassification({ nRows: 800, nFeatures: 8, nInformative: 3, seed: 2 });
    const imp = gainImportance(fitBoosted(d.X, d.y, { maxIter: 30 }).model);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const minInformative = Math.min(imp[0], imp[1], imp[2]);
    for (let f = 3; f < 8; f++) expect(imp[f]).toBeLessThan(minInformative);
  });
});
