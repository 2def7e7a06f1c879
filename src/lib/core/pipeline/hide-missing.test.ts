/**
 * Hidden missingness: a mission whose labels can be read from which values are missing gets
 * its missing values filled from training values, identically in training and in the saved
 * model's predictions, and the missing-pattern baseline says how much the pattern alone knows.
 */
import { describe, expect, it } from 'vitest';
import { readModel } from '../model/read.ts';
import { writeModel } from '../model/write.ts';
import { prepareData } from './data.ts';
import { applyFill, fillValue, learnFill } from './hide-missing.ts';
import { toModelFile } from './model.ts';
import { defaultPlan, type TrainingPlan } from './plan.ts';
import { predictWithModel } from './predict.ts';
import { missingPatternWarnings } from './report.ts';
import { syntheticInputs } from './synthetic.ts';
import { trainStaged } from './train.ts';

/** K2 rows whose planets lack depth_ppm and teq_k: the label is in the missing pattern. */
function leakyInputs() {
  const inputs = syntheticInputs({ koi: 240, k2: 240, toi: 240 }, 3);
  const k2 = inputs[1].table;
  for (const f of ['depth_ppm', 'teq_k']) {
    const col = k2.columns[k2.features.indexOf(f)];
    k2.labelVetting.forEach((v, i) => {
      if (v === 'PLANET') col[i] = NaN;
    });
  }
  return inputs;
}

function plan(hide: TrainingPlan['hideMissingness']): TrainingPlan {
  const p = defaultPlan('vetting', 'fast');
  p.stages = p.stages.map((s) => ({ ...s, trees: 15 }));
  p.features = [...new Set(syntheticInputs().flatMap((i) => i.table.features))];
  return { ...p, hideMissingness: hide };
}

describe('hidden missingness', () => {
  it('learns quantiles from the given rows only and fills each object with the same draw', () => {
    const X = { data: Float32Array.from([1, 2, 3, NaN, 1000]), nRows: 5, nCols: 1 };
    const fill = learnFill(X, [0, 1, 2, 3]); // row 4 (1000) is not a training row
    expect(fill[0]![0]).toBe(1);
    expect(fill[0]!.at(-1)).toBe(3);
    const a = fillValue(fill[0]!, 'K2-1 b', 'depth_ppm');
    expect(a).toBeGreaterThanOrEqual(1);
    expect(a).toBeLessThanOrEqual(3);
    expect(fillValue(fill[0]!, 'K2-1 b', 'depth_ppm')).toBe(a);
    applyFill(X, [3, 4], ['K2-1 b', 'K2-2 b'], ['depth_ppm'], fill);
    expect(X.data[3]).toBe(a);
    expect(X.data[4]).toBe(1000); // observed values are never replaced
    expect(learnFill({ data: Float32Array.from([NaN]), nRows: 1, nCols: 1 }, [0])).toEqual([null]);
  });

  it('prepareData fills only the hidden mission, from its training rows, and keeps the raw pattern', () => {
    const inputs = leakyInputs();
    const data = prepareData(inputs, plan(['k2']));
    const n = data.X.nRows;
    const j = data.features.indexOf('depth_ppm');
    const k2 = data.byMission.k2;
    for (const i of k2.all) expect(Number.isNaN(data.X.data[j * n + i])).toBe(false);
    expect(Array.from(k2.all).some((i) => data.missing[j * n + i] === 1)).toBe(true);
    const koiMissing = Array.from(data.byMission.koi.all).filter((i) =>
      Number.isNaN(data.X.data[j * n + i])
    );
    expect(koiMissing.length).toBeGreaterThan(0); // KOI is not filled
    const trainValues = Array.from(k2.train, (i) => data.X.data[j * n + i]).filter(
      (_, k) => data.missing[j * n + k2.train[k]] === 0
    );
    const q = data.fill.k2[j]!;
    expect(q[0]).toBe(trainValues.reduce((a, b) => Math.min(a, b)));
    expect(q.at(-1)).toBe(trainValues.reduce((a, b) => Math.max(a, b)));
  });

  it('the saved model fills the same way: its predictions are the training report, bit for bit', async () => {
    const inputs = leakyInputs();
    // The evaluated forest itself (no refit on all rows), uncalibrated, so the file's
    // predictions can be compared with the hold-out's.
    const result = await trainStaged(
      inputs,
      { ...plan(['k2']), refitOnAllRows: false },
      { bootstrapReps: 0 }
    );
    const file = writeModel(
      toModelFile(result, { name: 'hidden', createdAt: '2025-10-05T00:00:00Z' })
    );
    const model = readModel(file);
    expect(Object.keys(model.meta.missingFill ?? {})).toEqual(['k2']);
    const keys = result.holdout.rowKeys;
    const preds = inputs.map((i) => predictWithModel(model, i.table));
    keys.forEach((key, r) => {
      const [input, row] = key.split(':').map(Number);
      expect(preds[input].proba[row * 2]).toBe(result.holdout.proba[r * 2]);
    });
  });

  it('the missing-pattern baseline finds the leak, and the warning says whether it is hidden', async () => {
    const inputs = leakyInputs();
    const open = await trainStaged(inputs, plan([]), { bootstrapReps: 0, rankCandidates: false });
    const pattern = open.report.models.missingPattern!;
    expect(pattern.byMission.k2.accuracy).toBeGreaterThan(0.95);
    expect(pattern.byMission.koi.accuracy).toBeLessThan(0.8);
    const w = missingPatternWarnings(open.report).find((x) => x.mission === 'k2');
    expect(w?.hidden).toBe(false);
    expect(w?.message).toMatch(/^K2: a forest that sees only which values are missing reaches/);
    expect(missingPatternWarnings(open.report).map((x) => x.mission)).not.toContain('koi');
    const hidden = await trainStaged(inputs, plan(['k2']), {
      bootstrapReps: 0,
      rankCandidates: false
    });
    const hw = missingPatternWarnings(hidden.report).find((x) => x.mission === 'k2');
    expect(hw?.hidden).toBe(true);
    expect(hw?.message).toMatch(/The model does not see it/);
    // Hidden, the model can no longer read the label from the pattern.
    expect(hidden.report.models.staged!.byMission.k2.accuracy).toBeLessThan(
      open.report.models.staged!.byMission.k2.accuracy
    );
  });
});
