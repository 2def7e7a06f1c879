import { describe, expect, it } from 'vitest';
import { concatForests } from '../forest/concat.ts';
import { fitForest } from '../forest/fit.ts';
import { predictProba } from '../forest/predict.ts';
import { makeClassification } from '../forest/synthetic.ts';
import { modelFingerprint } from '../model/fingerprint.ts';
import { readModel } from '../model/read.ts';
import { writeModel } from '../model/write.ts';
import { accuracy } from './metrics.ts';
import { defaultPlan, type TrainingPlan } from './plan.ts';
import { predictWithModel } from './predict.ts';
import {
  TrainingCancelled,
  type ForestTrainer,
  type RowAudit,
  type TrainingProgress
} from './job-context.ts';
import { rankCandidates, unresolvedRows } from './ranking.ts';
import { formatReportTable } from './report.ts';
import { fitMixtureWeights, groupProba } from './staged.ts';
import { syntheticInputs } from './synthetic.ts';
import { trainStaged, jobTreeCount } from './train.ts';
import { toModelFile } from './model.ts';

const CREATED = '2025-10-05T12:00:00.000Z';

/** A small, fast plan exercising every stage option. */
function smallPlan(overrides: Partial<TrainingPlan> = {}): TrainingPlan {
  const plan = defaultPlan('vetting', 'fast');
  plan.stages = plan.stages.map((s) => ({ ...s, trees: 12 }));
  // Exactly the synthetic tables' columns (canonical, derived and the extras they carry); no
  // hidden missingness and no masked copies (hide-missing.test.ts, masked-copies.test.ts).
  return {
    ...plan,
    features: syntheticFeatures,
    hideMissingness: [],
    maskedCopies: null,
    ...overrides
  };
}

const inputs = syntheticInputs({ koi: 360, k2: 240, toi: 300 });
const syntheticFeatures = [...new Set(inputs.flatMap((i) => i.table.features))];

describe('staged training on synthetic tables', () => {
  it('never lets a hold-out row reach any fit, refit, calibration or feature-selection step', async () => {
    const plan = smallPlan({ featureSelection: { method: 'permutation', keepTop: 8 } });
    plan.stages[2].refit = { blend: 0.5 };
    plan.stages[1].classWeight = 'balanced';
    const audits: RowAudit[] = [];
    const seenPeriods = new Set<number>();
    const finalPeriods = new Set<number>();
    // period_days (column 0) is unique per row, so the matrices a trainer receives identify their rows.
    const recordingTrainer: ForestTrainer = async (job) => {
      // The final model is refitted on every labelled row once the evaluation is done.
      const seen = job.label.startsWith('final model') ? finalPeriods : seenPeriods;
      for (let i = 0; i < job.X.nRows; i++) seen.add(job.X.data[i]);
      return fitForest(job.X, job.y, job.params, {
        sampleWeight: job.sampleWeight,
        onTree: job.onTree,
        shouldStop: job.shouldStop
      });
    };
    const result = await trainStaged(inputs, plan, {
      trainer: recordingTrainer,
      audit: (a) => audits.push(a),
      bootstrapReps: 5
    });
    const purposes = new Set(audits.map((a) => a.purpose));
    expect([...purposes].sort()).toEqual([
      'baseline',
      'calibration',
      'feature-selection',
      'final',
      'fit',
      'refit'
    ]);

    const holdout = new Set(result.holdout.rowKeys);
    expect(holdout.size).toBeGreaterThan(100);
    const evaluation = audits.filter((a) => a.purpose !== 'final');
    const used = new Set(evaluation.flatMap((a) => a.rowKeys));
    expect([...used].filter((k) => holdout.has(k))).toEqual([]);
    // The final model, trained after the evaluation, learns from every labelled row.
    const final = new Set(audits.filter((a) => a.purpose === 'final').flatMap((a) => a.rowKeys));
    expect([...holdout].every((k) => final.has(k))).toBe(true);
    expect(result.refit!.total).toBe(final.size);
    // Every non-hold-out labelled row was used somewhere (the audit is not vacuous).
    const labelled = inputs.reduce(
      (s, inp) => s + inp.table.labelVetting.filter((v) => v !== null).length,
      0
    );
    expect(used.size + holdout.size).toBe(labelled);

    // The same check from the matrices themselves.
    const holdoutPeriods = result.holdout.rowKeys.map((key) => {
      const [input, row] = key.split(':').map(Number);
      const t = inputs[input].table;
      return t.columns[t.features.indexOf('period_days')][row];
    });
    expect(result.features[0].name).toBe('period_days');
    expect(result.featureSelection!.kept).toContain('period_days');
    expect(holdoutPeriods.filter((p) => seenPeriods.has(p))).toEqual([]);
    expect(holdoutPeriods.every((p) => finalPeriods.has(p))).toBe(true);

    // Grouped: no host star on both sides.
    const trainHosts = new Set<string>();
    for (const key of used) {
      const [input, row] = key.split(':').map(Number);
      trainHosts.add(inputs[input].table.hostId[row]);
    }
    expect(result.holdout.hostIds.filter((h) => trainHosts.has(h))).toEqual([]);
  });

  it('is deterministic: the same seed gives byte-identical models, another seed does not', async () => {
    const plan = smallPlan();
    const a = await trainStaged(inputs, plan, { bootstrapReps: 5 });
    const b = await trainStaged(inputs, plan, { bootstrapReps: 5 });
    const bytesA = writeModel(toModelFile(a, { name: 'm', createdAt: CREATED }));
    const bytesB = writeModel(toModelFile(b, { name: 'm', createdAt: CREATED }));
    expect(Buffer.from(bytesA).equals(Buffer.from(bytesB))).toBe(true);
    expect(a.holdout.proba).toEqual(b.holdout.proba);
    expect(a.report).toEqual(b.report);
    const c = await trainStaged(
      inputs,
      { ...plan, seed: 7 },
      { bootstrapReps: 5, baselines: false }
    );
    expect(c.holdout.rowKeys).not.toEqual(a.holdout.rowKeys);
  });

  it('a trainer that grows tree slices separately gives the identical model', async () => {
    const plan = smallPlan();
    const sliced: ForestTrainer = async (job) => {
      const n = job.params.nTrees!;
      const cut = Math.floor(n / 3);
      const parts = [
        [0, cut],
        [cut, n - cut],
        [n, 0]
      ]
        .filter(([, count]) => count > 0)
        .map(([offset, count]) =>
          fitForest(job.X, job.y, job.params, {
            sampleWeight: job.sampleWeight,
            treeOffset: offset,
            nTrees: count
          })
        );
      for (let t = 1; t <= n; t++) job.onTree(t, n);
      return concatForests(parts);
    };
    const a = await trainStaged(inputs, plan, { bootstrapReps: 5, baselines: false });
    const b = await trainStaged(inputs, plan, {
      bootstrapReps: 5,
      baselines: false,
      trainer: sliced
    });
    const bytes = (r: typeof a) =>
      Buffer.from(writeModel(toModelFile(r, { name: 'm', createdAt: CREATED })));
    expect(bytes(a).equals(bytes(b))).toBe(true);
  });

  it('reports progress per stage and per tree, and cancels between trees', async () => {
    const plan = smallPlan();
    const events: TrainingProgress[] = [];
    await trainStaged(inputs, plan, { onProgress: (p) => events.push(p), bootstrapReps: 5 });
    const total = jobTreeCount(plan);
    // calibration pass + final pass, the same two passes on all rows, and the baselines
    // (pooled, per-mission, missing pattern)
    expect(total).toBe(2 * 36 + 2 * 36 + 3 * 36);
    expect(jobTreeCount({ ...plan, refitOnAllRows: false })).toBe(2 * 36 + 3 * 36);
    expect(events.every((e) => e.treesTotal === total)).toBe(true);
    for (let i = 1; i < events.length; i++)
      expect(events[i].treesDone).toBeGreaterThanOrEqual(events[i - 1].treesDone);
    expect(events.at(-1)).toMatchObject({ phase: 'done', treesDone: total });
    const phases = new Set(events.map((e) => e.phase));
    for (const p of [
      'prepare',
      'calibrate',
      'weights',
      'train',
      'baselines',
      'evaluate',
      'final',
      'rank',
      'done'
    ]) {
      expect(phases).toContain(p);
    }
    expect(new Set(events.filter((e) => e.phase === 'train').map((e) => e.stage))).toEqual(
      new Set([0, 1, 2])
    );
    expect(events.filter((e) => /: tree \d+ of \d+$/.test(e.message)).length).toBe(total);

    const controller = new AbortController();
    let trees = 0;
    const run = trainStaged(inputs, plan, {
      signal: controller.signal,
      onProgress: (p) => {
        if (/tree \d+ of/.test(p.message) && ++trees === 20) controller.abort();
      }
    });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelled);
    expect(trees).toBeLessThanOrEqual(21);
    await expect(trainStaged(inputs, plan, { shouldStop: () => true })).rejects.toThrow(
      /cancelled/
    );
  });

  it('the model file predicts exactly what training measured, after a write/read round trip', async () => {
    const result = await trainStaged(inputs, smallPlan(), { bootstrapReps: 5 });
    // The evaluated forest's file predicts the hold-out as the report measured it.
    const model = readModel(
      writeModel(toModelFile(result, { name: 'synthetic', createdAt: CREATED, evaluated: true }))
    );
    expect(model.calibration?.positiveClass).toBe('PLANET');
    expect(Object.keys(model.calibration!.byMission).sort()).toEqual(['k2', 'koi', 'toi']);
    expect(model.treeWeights?.per).toBe('stage');
    expect(Object.keys(model.treeWeights!.byMission).sort()).toEqual(['k2', 'koi', 'toi']);
    expect(model.meta.stages.map((s) => [s.mission, s.treeRange])).toEqual([
      ['koi', [0, 12]],
      ['k2', [12, 24]],
      ['toi', [24, 36]]
    ]);
    expect(model.meta.stages[1].rows.replayed).toBeGreaterThan(0);
    expect(model.meta.stages[0].rows.calibration).toBeGreaterThan(0);
    expect(model.meta.positiveClass).toBe('PLANET');
    const K = 2;
    const preds = inputs.map((inp) => predictWithModel(model, inp.table));
    const fromModel = new Float64Array(result.holdout.rowKeys.length * K);
    result.holdout.rowKeys.forEach((key, k) => {
      const [input, row] = key.split(':').map(Number);
      for (let c = 0; c < K; c++) fromModel[k * K + c] = preds[input].proba[row * K + c];
    });
    expect(fromModel).toEqual(result.holdout.proba);
    expect(accuracy(result.holdout.labels, fromModel, K)).toBe(
      result.report.models.staged!.combined.accuracy
    );

    // A row of a mission without weights falls back to the plain mean of all trees.
    const unknown = {
      ...inputs[0].table,
      mission: inputs[0].table.mission.map(() => 'unknown' as const)
    };
    const p = predictWithModel(model, unknown);
    expect(p.missions).toEqual([
      { mission: 'unknown', rows: unknown.objectId.length, weighted: false, calibrated: false }
    ]);
    expect(p.proba).not.toEqual(preds[0].proba);

    // The default file holds the final model (refitted on all rows): the training run ranked the
    // candidates with it, and the file ranks them the same.
    const final = readModel(writeModel(toModelFile(result, { name: 'final', createdAt: CREATED })));
    expect(modelFingerprint(final)).not.toBe(modelFingerprint(model));
    expect(final.meta.stages.map((s) => s.rows.train)).toEqual(
      ['koi', 'k2', 'toi'].map((m) => result.refit!.rows[m])
    );
    const ranked = rankCandidates(final, inputs[2].table);
    expect(ranked.length).toBe(unresolvedRows(inputs[2].table).length);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1].pPlanet).toBeGreaterThanOrEqual(ranked[i].pPlanet);
    const fromTraining = new Map(result.candidates!.map((c) => [c.objectId, c.pPlanet]));
    expect(ranked.every((c) => fromTraining.get(c.objectId) === c.pPlanet)).toBe(true);
    expect(result.candidates!.length).toBe(
      inputs.reduce((s, i) => s + unresolvedRows(i.table).length, 0)
    );
  });

  it('scores the staged model beside the three baselines in a JSON report and a text table', async () => {
    const plan = smallPlan();
    plan.stages.forEach((s) => (s.trees = 30));
    const result = await trainStaged(inputs, plan, { bootstrapReps: 20 });
    const { report } = result;
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(Object.keys(report.models)).toEqual([
      'staged',
      'pooled',
      'perMission',
      'averaged',
      'missingPattern'
    ]);
    for (const ev of Object.values(report.models)) {
      expect(Object.keys(ev!.byMission)).toEqual(['koi', 'k2', 'toi']);
      expect(ev!.combined.nRows).toBe(result.holdout.rowKeys.length);
      expect(ev!.combined.intervals!.accuracy.lo).not.toBeNull();
    }
    const staged = report.models.staged!.combined;
    expect(staged.accuracy).toBeGreaterThan(staged.baselineAccuracy! + 0.1);
    // Missions differ here (mission-specific label shifts): the staged model at least matches the baselines.
    for (const baseline of ['pooled', 'perMission', 'averaged'] as const) {
      expect(staged.accuracy).toBeGreaterThanOrEqual(report.models[baseline]!.combined.accuracy);
    }
    const text = formatReportTable(report);
    expect(text).toMatch(/staged\s+pooled\s+per-mission\s+averaged/);
    for (const row of ['KOI', 'K2', 'TESS', 'combined']) expect(text).toContain(row);
    expect(text).toMatch(/ROC AUC \(PLANET\)/);
  });

  it('trains the three-class disposition task, with feature selection by impurity', async () => {
    const plan = smallPlan({
      task: 'disposition',
      featureSelection: { method: 'impurity', cumulativeShare: 0.8 }
    });
    const result = await trainStaged(inputs, plan, { bootstrapReps: 5 });
    expect(result.classes).toEqual(['CONFIRMED', 'CANDIDATE', 'FALSE_POSITIVE']);
    expect(result.candidates).toBeNull();
    const fs = result.featureSelection!;
    expect(fs.kept.length).toBeLessThan(fs.ranking.length);
    expect(fs.kept.length + fs.dropped.length).toBe(fs.ranking.length);
    expect(result.features.map((f) => f.name)).toEqual(fs.kept);
    expect(fs.before.combined.nRows).toBe(fs.after.combined.nRows);
    expect(result.report.models.staged!.combined.positiveClass).toBeNull();
    const model = toModelFile(result, { name: 'disp', createdAt: CREATED });
    expect(model.meta.positiveClass).toBeNull();
    expect(() => rankCandidates(model, inputs[0].table)).toThrow(/no positive class/);
    expect(Object.keys(model.meta.importances).sort()).toEqual(['mdi', 'selection-impurity']);
  });

  it('says which data is missing for a stage', async () => {
    await expect(trainStaged(inputs.slice(0, 2), smallPlan())).rejects.toThrow(
      /'toi' stage but no input has vetting-labelled TOI rows/
    );
    await expect(trainStaged([], smallPlan())).rejects.toThrow(/at least one input table/);
    await expect(trainStaged(inputs, { ...smallPlan(), holdout: 2 })).rejects.toThrow(/holdout/);
  });
});

describe('tree-group mixture weights', () => {
  it('put the weight on the group that predicts the calibration rows best', () => {
    const y = Int32Array.from([0, 1, 0, 1, 0, 1]);
    const good = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.8, 0.2, 0.3, 0.7, 0.9, 0.1, 0.1, 0.9]);
    const bad = Float64Array.from([0.4, 0.6, 0.6, 0.4, 0.5, 0.5, 0.6, 0.4, 0.4, 0.6, 0.5, 0.5]);
    const w = fitMixtureWeights([bad, good], y, 2);
    expect(w[0] + w[1]).toBeCloseTo(1, 12);
    expect(w[1]).toBeGreaterThan(0.95);
    expect(fitMixtureWeights([good], y, 2)).toEqual([1]);
    // Two complementary groups: the mixture beats either alone.
    const a = Float64Array.from([1, 0, 0.5, 0.5, 1, 0, 0.5, 0.5]);
    const b = Float64Array.from([0.5, 0.5, 0, 1, 0.5, 0.5, 0, 1]);
    const m = fitMixtureWeights([a, b], Int32Array.from([0, 1, 0, 1]), 2);
    expect(m[0]).toBeGreaterThan(0.3);
    expect(m[1]).toBeGreaterThan(0.3);
  });

  it('a stage forest alone gives bit for bit its tree group of the joined forest', () => {
    const a = makeClassification({ nRows: 300, nFeatures: 5, nInformative: 3, seed: 21 });
    const parts = [
      fitForest(a.X, a.y, { nTrees: 7, seed: 1 }),
      fitForest(a.X, a.y, { nTrees: 5, seed: 2, maxDepth: 3 })
    ];
    const joined = concatForests(parts);
    expect(Array.from(predictProba(parts[0], a.X))).toEqual(
      Array.from(groupProba(joined, [0, 7], a.X))
    );
    expect(Array.from(predictProba(parts[1], a.X))).toEqual(
      Array.from(groupProba(joined, [7, 12], a.X))
    );
  });
});
