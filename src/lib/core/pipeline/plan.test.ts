import { describe, expect, it } from 'vitest';
import {
  bannedReason,
  POSITION_COLUMNS,
  RELATIVE_UNCERTAINTY_FEATURES,
  SKY_FEATURES
} from '../missions/index.ts';
import { resolveFeatures } from './data.ts';
import {
  FEATURE_SETS,
  PRESET_TREES,
  PlanError,
  assertValidPlan,
  defaultPlan,
  totalTrees,
  validatePlan,
  type TrainingPlan
} from './plan.ts';

const paths = (plan: unknown) => validatePlan(plan).map((p) => p.path);

describe('training plans', () => {
  it('the default plans and presets are valid', () => {
    for (const task of ['vetting', 'disposition'] as const) {
      for (const preset of ['fast', 'default', 'thorough'] as const) {
        const plan = defaultPlan(task, preset);
        expect(validatePlan(plan)).toEqual([]);
        expect(plan.stages.map((s) => s.mission)).toEqual(['koi', 'k2', 'toi']);
        expect(totalTrees(plan)).toBe(3 * PRESET_TREES[preset]);
      }
    }
    expect(() => defaultPlan('vetting', 'huge' as never)).toThrow(
      /unknown preset 'huge'.*fast, default, thorough/
    );
  });

  it('a plan is plain JSON (survives a round trip unchanged)', () => {
    const plan = defaultPlan('vetting');
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('names every bad setting and what is allowed', () => {
    const plan = defaultPlan('vetting') as unknown as Record<string, unknown>;
    const bad = {
      ...plan,
      task: 'regression',
      seed: 1.5,
      holdout: 0,
      features: ['period_days', 'koi_score', 'nonsense', 'period_days'],
      stages: [
        {
          ...defaultPlan().stages[0],
          trees: 0,
          maxFeatures: 0,
          maxDepth: 0,
          minSamplesLeaf: 0,
          criterion: 'mse',
          replay: { weight: 0.3 }
        },
        {
          ...defaultPlan().stages[1],
          mission: 'koi',
          classWeight: [1],
          refit: { blend: 2 },
          groupWeights: 'yes'
        },
        { ...defaultPlan().stages[2], replay: { weight: 0 }, minSamplesSplit: 1 }
      ],
      featureSelection: { method: 'gain', keepTop: 3, cumulativeShare: 0.9 },
      calibration: { fraction: 0.9, mode: 'sometimes' }
    };
    const problems = validatePlan(bad);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath.task).toMatch(/'vetting' or 'disposition'.*'regression'/);
    expect(byPath.seed).toMatch(/integer/);
    expect(byPath.holdout).toMatch(/between 0 and 1/);
    expect(byPath['features[1]']).toMatch(/koi_score.*may not be a feature/);
    expect(byPath['features[2]']).toMatch(/unknown feature 'nonsense'/);
    expect(byPath['features[3]']).toMatch(/listed twice/);
    expect(byPath['stages[0].trees']).toMatch(/integer from 1 to 10000 \(got 0\)/);
    expect(byPath['stages[0].maxFeatures']).toMatch(/'sqrt', 'log2'/);
    expect(byPath['stages[0].maxDepth']).toMatch(/>= 1, or null/);
    expect(byPath['stages[0].minSamplesLeaf']).toMatch(/>= 1/);
    expect(byPath['stages[0].criterion']).toMatch(/'gini' or 'entropy'/);
    expect(byPath['stages[0].replay']).toMatch(/first stage has no earlier rows/);
    expect(byPath['stages[1].mission']).toMatch(/'koi' already has a stage/);
    expect(byPath['stages[1].classWeight']).toMatch(/'balanced', null, or 2 finite weights/);
    expect(byPath['stages[1].refit']).toMatch(/0 < blend <= 1/);
    expect(byPath['stages[1].groupWeights']).toMatch(/true or false/);
    expect(byPath['stages[2].replay']).toMatch(/0 < weight <= 1/);
    expect(byPath['stages[2].minSamplesSplit']).toMatch(/>= 2/);
    expect(byPath['featureSelection.method']).toMatch(/'impurity' or 'permutation'/);
    expect(byPath.featureSelection).toMatch(/exactly one of keepTop/);
    expect(byPath['calibration.fraction']).toMatch(/0.05 to 0.5/);
    expect(byPath['calibration.mode']).toMatch(/'retrain' or 'keep'/);
  });

  it('checks the shape of the whole plan and of the stage list', () => {
    expect(paths(null)).toEqual(['plan']);
    expect(paths({ ...defaultPlan(), stages: [] })).toEqual(['stages']);
    expect(paths({ ...defaultPlan(), features: 'everything' })).toEqual(['features']);
    expect(
      paths({ ...defaultPlan(), stages: [{ ...defaultPlan().stages[0], mission: 'corot' }] })
    ).toEqual(['stages[0].mission']);
    const disposition = defaultPlan('disposition');
    disposition.stages[0].classWeight = [1, 2, 3];
    expect(validatePlan(disposition)).toEqual([]);
    disposition.stages[0].classWeight = [1, 2];
    expect(paths(disposition)).toEqual(['stages[0].classWeight']);
  });

  it('assertValidPlan throws a PlanError listing every problem', () => {
    const plan: TrainingPlan = { ...defaultPlan(), holdout: 0.9, seed: -0.5 };
    try {
      assertValidPlan(plan);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanError);
      expect((e as PlanError).problems.map((p) => p.path)).toEqual(['seed', 'holdout']);
      expect((e as Error).message).toMatch(
        /Invalid training plan:\n {2}- seed: .*\n {2}- holdout: at most 0.5/
      );
    }
    expect(assertValidPlan(defaultPlan())).toEqual(defaultPlan());
  });

  it('named feature sets hold no banned column and no raw position; the default set has the new information', () => {
    for (const m of ['koi', 'k2', 'toi'] as const) {
      for (const spec of FEATURE_SETS) {
        const fs = resolveFeatures(spec, [m]);
        expect(
          fs.filter((f) => bannedReason(f) !== null),
          spec
        ).toEqual([]);
        // Raw positions identify stars: only the latitudes and the ephemeris match are features.
        expect(
          fs.filter((f) => POSITION_COLUMNS.includes(f)),
          spec
        ).toEqual([]);
      }
    }
    const full = resolveFeatures(defaultPlan('vetting').features, ['koi', 'k2', 'toi']);
    for (const f of [...RELATIVE_UNCERTAINTY_FEATURES, ...SKY_FEATURES, 'toi_pm_total_mas_yr']) {
      expect(full, f).toContain(f);
    }
    expect(
      validatePlan({ ...defaultPlan('vetting'), features: ['period_days', 'pl_tranmid'] })
    ).toEqual([
      expect.objectContaining({ path: 'features[1]', message: expect.stringMatching(/date proxy/) })
    ]);
  });
});
