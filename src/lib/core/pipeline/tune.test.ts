import { describe, expect, it } from 'vitest';
import { defaultPlan, type TrainingPlan } from './plan.ts';
import { syntheticInputs } from './synthetic.ts';
import { crossValidate, pairedDifference } from './tune.ts';

const inputs = syntheticInputs({ koi: 240, k2: 160, toi: 200 });

function smallPlan(): TrainingPlan {
  const plan = defaultPlan('vetting', 'fast');
  plan.stages = plan.stages.map((s) => ({ ...s, trees: 6 }));
  return plan;
}

describe('grouped cross-validation on the training rows', () => {
  it('reports every fold, and the folds together give the overall accuracy', async () => {
    const F = 3;
    const cv = await crossValidate(inputs, smallPlan(), { folds: F });
    for (const model of ['staged', 'pooled', 'perMission', 'averaged'] as const) {
      for (const m of ['koi', 'k2', 'toi', 'combined']) {
        const perFold = cv.foldAccuracy[model]![m];
        const counts = cv.foldRows[m];
        expect(perFold).toHaveLength(F);
        expect(counts).toHaveLength(F);
        const rows = counts.reduce((x, y) => x + y, 0);
        expect(rows).toBe(cv.scores[model]![m].rows);
        const weighted = perFold.reduce((s, a, k) => s + a * counts[k], 0) / rows;
        expect(weighted).toBeCloseTo(cv.scores[model]![m].accuracy, 10);
      }
    }
  });

  it('a fold seed changes the folds but not the rows being scored', async () => {
    const a = await crossValidate(inputs, smallPlan(), { folds: 3, baselines: false });
    const b = await crossValidate(inputs, smallPlan(), {
      folds: 3,
      baselines: false,
      foldSeed: 7
    });
    for (const m of ['koi', 'k2', 'toi', 'combined']) {
      expect(b.scores.staged![m].rows).toBe(a.scores.staged![m].rows);
    }
    expect(b.foldAccuracy.staged!.combined).not.toEqual(a.foldAccuracy.staged!.combined);
  });
});

describe('paired difference over folds', () => {
  it('is zero with no spread for identical lists', () => {
    expect(pairedDifference([0.9, 0.8, 0.85], [0.9, 0.8, 0.85])).toEqual({ mean: 0, se: 0 });
  });

  it('gives the mean gain and the standard error of the per-fold gains', () => {
    // gains 1 and 3: mean 2, sample variance 2, standard error sqrt(2 / 2) = 1.
    const r = pairedDifference([2, 5], [1, 2]);
    expect(r.mean).toBeCloseTo(2, 12);
    expect(r.se).toBeCloseTo(1, 12);
    // A constant shift of every fold moves the mean, not the spread.
    const shifted = pairedDifference([2.5, 5.5], [1, 2]);
    expect(shifted.mean).toBeCloseTo(2.5, 12);
    expect(shifted.se).toBeCloseTo(r.se, 12);
  });

  it('refuses lists of different lengths or a single fold', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/equal length/);
    expect(() => pairedDifference([1], [1])).toThrow(/>= 2/);
  });
});
