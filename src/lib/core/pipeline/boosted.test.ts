import { describe, expect, it } from 'vitest';
import { fitBoosted } from '../boost/fit.ts';
import { predictRaw } from '../boost/predict.ts';
import {
  iterationsFor,
  predictStagedBoosted,
  stageBoostParams,
  trainPooledBoosted,
  trainStagedBoosted
} from './boosted.ts';
import { concatRows, gatherLabels, gatherRows, prepareData } from './data.ts';
import { defaultPlan, validatePlan, withLearner, type TrainingPlan } from './plan.ts';
import { JobContext, TrainingCancelled, type RowAudit } from './job-context.ts';
import { resolveClassWeights, stageSeed } from './staged.ts';
import { syntheticInputs } from './synthetic.ts';
import { calibrationSplit } from './train.ts';

const inputs = syntheticInputs({ koi: 360, k2: 240, toi: 300 });

function boostedPlan(patch: (p: TrainingPlan) => void = () => {}): TrainingPlan {
  const plan = withLearner(defaultPlan('vetting', 'fast'), 'boosted');
  plan.stages = plan.stages.map((s) => ({
    ...s,
    trees: 15,
    boost: { ...s.boost, minSamplesLeaf: 5 }
  }));
  patch(plan);
  expect(validatePlan(plan)).toEqual([]);
  return plan;
}

function setup(plan: TrainingPlan) {
  const data = prepareData(inputs, plan);
  const trainRows: Record<string, Int32Array> = {};
  for (const m of data.missions) trainRows[m] = data.byMission[m].train;
  return { data, trainRows };
}

describe('plan: learner per stage', () => {
  it('the default plan has no learner field, so existing plans and fingerprints are unchanged', () => {
    const plan = defaultPlan('vetting');
    expect(plan.stages.every((s) => !('learner' in s) && !('boost' in s))).toBe(true);
    expect(withLearner(withLearner(plan, 'boosted'), 'forest')).toEqual(plan);
  });

  it('lists every problem of boosted settings', () => {
    const plan = withLearner(defaultPlan('vetting'), 'boosted') as unknown as Record<
      string,
      unknown
    >;
    const stages = plan.stages as Record<string, unknown>[];
    stages[0].boost = { learningRate: 0, maxLeaves: 1, depth: 3, earlyStoppingRounds: 0 };
    stages[1].learner = 'forest';
    stages[2].refit = { blend: 0.5 };
    const problems = validatePlan(plan).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      'stages[0].boost.depth: unknown setting; use learningRate, maxLeaves, minSamplesLeaf, l2, earlyStoppingRounds',
      'stages[0].boost.learningRate: must be a number in (0, 1], e.g. 0.1 (got 0)',
      'stages[0].boost.maxLeaves: must be an integer from 2 to 1024 (got 1)',
      'stages[0].boost.earlyStoppingRounds: must be an integer >= 1, or null for no early stopping (got 0)',
      "stages[1].learner: every stage must use the same learner; stage 1 uses 'boosted'",
      "stages[1].boost: only a 'boosted' stage takes boost settings; remove it",
      'stages[2].refit: boosted stages continue the earlier model instead; set it to null'
    ]);
    stages[1].learner = 'gbm';
    expect(validatePlan(plan).map((p) => p.path)).toContain('stages[1].learner');
  });
});

describe('staged boosting', () => {
  it("each stage continues from the earlier stages' raw scores on its own rows", async () => {
    const plan = boostedPlan((p) => {
      p.stages[1].classWeight = 'balanced';
      p.stages[2].boost = { ...p.stages[2].boost, learningRate: 0.3 };
    });
    const { data, trainRows } = setup(plan);
    const staged = await trainStagedBoosted(new JobContext({}), data, plan, trainRows);
    expect(staged.stages.map((s) => s.iterationRange[0])).toEqual([
      0,
      staged.stages[0].iterationRange[1],
      staged.stages[1].iterationRange[1]
    ]);
    // Rebuild stage 3 (TESS) by hand: its rows (own + replayed at 0.3), the model after stage 2
    // as starting scores, its own settings and the iterations it kept.
    const st = plan.stages[2];
    const s3 = staged.stages[2];
    const own = trainRows.toi;
    const rows = concatRows([own, trainRows.koi, trainRows.k2]);
    const y = gatherLabels(data.y, rows);
    const sw = new Float64Array(rows.length).fill(1).fill(0.3, own.length);
    const X = gatherRows(data.X, rows);
    const before = s3.iterationRange[0];
    const params = stageBoostParams(
      st,
      2,
      stageSeed(plan.seed, 'toi'),
      resolveClassWeights(st.classWeight, y, sw, 2),
      s3.iterationRange[1] - before
    );
    expect(params.learningRate).toBe(0.3);
    const fromScores = fitBoosted(X, y, params, {
      sampleWeight: sw,
      initRaw: predictRaw(staged.model, X, { nIter: before }),
      iterationOffset: before
    }).model;
    const first = staged.model.treeStart[before];
    expect(Array.from(staged.model.value.subarray(first))).toEqual(Array.from(fromScores.value));
    expect(Array.from(staged.model.threshold.subarray(first))).toEqual(
      Array.from(fromScores.threshold)
    );
  });

  it('predicts each mission with the model as it stood after its stage', async () => {
    const plan = boostedPlan();
    const { data, trainRows } = setup(plan);
    const staged = await trainStagedBoosted(new JobContext({}), data, plan, trainRows);
    const rows = concatRows(data.missions.map((m) => data.byMission[m].holdout));
    const X = gatherRows(data.X, rows);
    const missions = Array.from(rows, (i) => data.mission[i]);
    const p = predictStagedBoosted(staged, X, missions);
    for (const m of ['koi', 'k2', 'toi'] as const) {
      const k = missions.indexOf(m);
      const raw = predictRaw(staged.model, gatherRows(X, [k]), { nIter: iterationsFor(staged, m) });
      expect(p[2 * k + 1]).toBeCloseTo(1 / (1 + Math.exp(-raw[0])), 14);
    }
    expect(iterationsFor(staged, 'toi')).toBe((staged.model.treeStart.length - 1) / 1);
    expect(iterationsFor(staged, 'koi')).toBeLessThan(iterationsFor(staged, 'toi')!);
  });

  it('early-stops on calibration rows it never trains on, then retrains for the kept iterations', async () => {
    const plan = boostedPlan((p) => {
      p.stages = p.stages.map((s) => ({
        ...s,
        trees: 200,
        boost: { ...s.boost, learningRate: 0.5, earlyStoppingRounds: 3 }
      }));
    });
    const { data, trainRows } = setup(plan);
    const audits: RowAudit[] = [];
    const ctx = new JobContext({ audit: (a) => audits.push(a) });
    const staged = await trainStagedBoosted(ctx, data, plan, trainRows);
    const { cal } = calibrationSplit(data, plan, trainRows);
    const calKeys = new Set(
      Object.values(cal).flatMap((r) => Array.from(r, (i) => data.rowKey[i]))
    );
    const pass1 = audits.filter((a) => a.label.startsWith('early-stopping pass'));
    const fitKeys = pass1.filter((a) => a.purpose === 'fit').flatMap((a) => a.rowKeys);
    expect(fitKeys.filter((k) => calKeys.has(k))).toEqual([]);
    const stopKeys = pass1.filter((a) => a.purpose === 'calibration').flatMap((a) => a.rowKeys);
    expect(new Set(stopKeys)).toEqual(calKeys);
    // Nothing ever touches the hold-out.
    const holdout = new Set(
      data.missions.flatMap((m) => Array.from(data.byMission[m].holdout, (i) => data.rowKey[i]))
    );
    expect(audits.flatMap((a) => a.rowKeys).filter((k) => holdout.has(k))).toEqual([]);
    // Early stopping cut every stage well before 200 iterations; pass 2 kept those counts.
    for (const s of staged.stages)
      expect(s.iterationRange[1] - s.iterationRange[0]).toBeLessThan(200);
    const final = audits.filter((a) => a.label.startsWith('staged') && a.purpose === 'fit');
    expect(final.length).toBe(3);
  });

  it('pooled boosted baseline trains on every mission and stops on the calibration rows', async () => {
    const plan = boostedPlan();
    const { data, trainRows } = setup(plan);
    const model = await trainPooledBoosted(new JobContext({}), data, plan, trainRows);
    expect(model.nFeatures).toBe(data.X.nCols);
    expect(model.treeStart.length - 1).toBeLessThanOrEqual(45);
  });

  it('boosts three classes for the disposition task (one tree per class and iteration)', async () => {
    const plan = withLearner(defaultPlan('disposition', 'fast'), 'boosted');
    plan.stages = plan.stages.map((s) => ({ ...s, trees: 6 }));
    const { data, trainRows } = setup(plan);
    const staged = await trainStagedBoosted(new JobContext({}), data, plan, trainRows);
    expect(staged.model.nOutputs).toBe(3);
    const nIter = staged.stages[2].iterationRange[1];
    expect(staged.model.treeStart.length - 1).toBe(3 * nIter);
    const rows = data.byMission.toi.holdout;
    const p = predictStagedBoosted(
      staged,
      gatherRows(data.X, rows),
      Array(rows.length).fill('toi')
    );
    for (let i = 0; i < rows.length; i++)
      expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 12);
  });

  it('reports progress after every iteration of every stage', async () => {
    const plan = boostedPlan((p) => {
      p.stages = p.stages.map((s) => ({ ...s, groupWeights: false }));
    });
    const { data, trainRows } = setup(plan);
    const messages: string[] = [];
    const ctx = new JobContext({ onProgress: (e) => messages.push(`${e.stage}: ${e.message}`) });
    const staged = await trainStagedBoosted(ctx, data, plan, trainRows);
    staged.stages.forEach((st, s) => {
      const n = st.iterationRange[1] - st.iterationRange[0];
      const its = messages.filter(
        (m) => m.startsWith(`${s}: staged stage ${s + 1}`) && m.includes('iteration ')
      );
      expect(its.length).toBe(n);
      expect(its[n - 1]).toContain(`iteration ${n} of 15`);
    });
  });

  it('stops between iterations when cancelled', async () => {
    const plan = boostedPlan();
    const { data, trainRows } = setup(plan);
    let calls = 0;
    const ctx = new JobContext({ shouldStop: () => ++calls > 5 });
    await expect(trainStagedBoosted(ctx, data, plan, trainRows)).rejects.toBeInstanceOf(
      TrainingCancelled
    );
  });
});

describe('trainStaged and boosted plans', () => {
  it('refuses a boosted plan with a message saying what to do (no silent forest)', async () => {
    const { trainStaged } = await import('./train.ts');
    await expect(trainStaged(inputs, boostedPlan())).rejects.toThrow(
      /learner 'boosted' cannot be trained into a model file yet; use learner 'forest'/
    );
  });
});
