import { describe, expect, it } from 'vitest';
import {
  defaultPlan,
  type MetricReport,
  type ModelEvaluation,
  type TrainingPlan
} from '../../core/pipeline/index.ts';
import type { RunRecord } from '../store/types.ts';
import type { TrainSummary } from '../../workers/train.worker.ts';
import {
  STORED_CANDIDATES,
  compareEvaluations,
  compareRuns,
  historyRows,
  makeRunReport,
  planDifferences,
  readRunReport,
  runInput
} from './history.ts';

function metric(accuracy: number, rocAuc: number | null, brier = 0.1): MetricReport {
  return {
    nRows: 10,
    classes: ['PLANET', 'FALSE_POSITIVE'],
    positiveClass: 'PLANET',
    accuracy,
    baselineAccuracy: 0.5,
    balancedAccuracy: accuracy,
    macroF1: accuracy,
    rocAuc,
    prAuc: rocAuc,
    brier,
    logLoss: NaN,
    perClass: [],
    confusion: [
      [1, 0],
      [0, 1]
    ],
    calibration: null,
    rocCurve: { fpr: [0, 1], tpr: [0, 1], threshold: [null, null] },
    prCurve: null,
    intervals: null,
    bootstrap: null
  };
}

function evaluation(acc: number): ModelEvaluation {
  return {
    byMission: { koi: metric(acc, 0.9), toi: metric(acc - 0.1, 0.8) },
    combined: metric(acc - 0.05, 0.85)
  };
}

function summary(plan: TrainingPlan, acc: number, candidates = 3): TrainSummary {
  return {
    plan,
    task: plan.task,
    classes: ['PLANET', 'FALSE_POSITIVE'],
    features: [{ name: 'period_days', unit: 'days' }],
    report: {
      task: plan.task,
      classes: ['PLANET', 'FALSE_POSITIVE'],
      positiveClass: 'PLANET',
      missions: ['koi', 'toi'],
      holdout: plan.holdout,
      rows: { koi: { train: 8, holdout: 2 }, toi: { train: 8, holdout: 2 } },
      trees: 6,
      features: ['period_days'],
      models: { staged: evaluation(acc), pooled: evaluation(acc - 0.01) },
      bootstrapReps: 0
    },
    importances: { mdi: { period_days: 1 } },
    permutation: null,
    featureSelection: null,
    missions: [],
    stages: [],
    groupWeights: {},
    candidates: Array.from({ length: candidates }, (_, i) => ({
      rank: i + 1,
      row: i,
      line: i + 2,
      objectId: `K${i}`,
      hostId: `koi:${i}`,
      mission: 'koi',
      rawLabel: 'CANDIDATE',
      pPlanet: 1 - i / (candidates + 1)
    })),
    trees: 6,
    timings: { train: 1 }
  };
}

const ds = [{ id: 'a', name: 'koi.csv', kind: 'koi', fingerprint: 'f', downloadDate: null }];

function record(
  id: string,
  createdAt: string,
  plan: TrainingPlan,
  acc: number,
  modelId?: string
): RunRecord {
  const report = makeRunReport(summary(plan, acc), ds, 1234.4, 2);
  return { id, createdAt, ...runInput(report), ...(modelId ? { modelId } : {}) };
}

describe('run history', () => {
  it('stores plain JSON: NaN becomes null, the ranking is capped', () => {
    const plan = defaultPlan('vetting', 'fast');
    const report = makeRunReport(summary(plan, 0.9, STORED_CANDIDATES + 50), ds, 999.6, 4);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.summary.report.models.staged!.combined.logLoss).toBeNull();
    expect(report.summary.candidates).toHaveLength(STORED_CANDIDATES);
    expect(report.candidatesTotal).toBe(STORED_CANDIDATES + 50);
    expect(report.elapsedMs).toBe(1000);
    // The baselines' curves are dropped (as in a model file); the staged model keeps its own.
    expect(report.summary.report.models.pooled!.combined.rocCurve).toBeNull();
    expect(report.summary.report.models.staged!.combined.rocCurve).toEqual({
      fpr: [0, 1],
      tpr: [0, 1],
      threshold: [null, null]
    });
    const { plan: storedPlan } = runInput(report);
    expect(storedPlan).toEqual(plan);
  });

  it('reads back only reports this app wrote', () => {
    const plan = defaultPlan('vetting', 'fast');
    const run = record('r1', '2026-01-01T00:00:00.000Z', plan, 0.9);
    expect(readRunReport(run)?.summary.plan).toEqual(plan);
    expect(readRunReport({ report: null })).toBeNull();
    expect(readRunReport({ report: { version: 99 } })).toBeNull();
    expect(readRunReport({ report: 'text' })).toBeNull();
  });

  it('lists runs newest first with their headline numbers, hiding replaced records', () => {
    const a = defaultPlan('vetting', 'fast');
    const b = structuredClone(a);
    b.stages = b.stages.filter((s) => s.mission !== 'k2');
    b.stages[1].trees = 10;
    const runs = [
      record('old', '2026-01-01T00:00:00.000Z', a, 0.9),
      record('new', '2026-01-02T00:00:00.000Z', b, 0.8, 'm1'),
      record('gone', '2026-01-03T00:00:00.000Z', a, 0.7),
      { id: 'foreign', createdAt: '2025-01-01T00:00:00.000Z', plan: null, report: { x: 1 } }
    ];
    const rows = historyRows(runs, new Set(['gone']));
    expect(rows.map((r) => r.id)).toEqual(['new', 'old', 'foreign']);
    expect(rows[0]).toMatchObject({
      task: 'vetting',
      stages: 'KOI > TESS',
      trees: 50,
      seed: 42,
      datasets: 'koi.csv',
      modelId: 'm1',
      readable: true
    });
    expect(rows[0].accuracy).toBeCloseTo(0.75, 12);
    expect(rows[2]).toMatchObject({ readable: false, stages: '', accuracy: null });
  });

  it('compares two runs metric by metric, per mission and combined, knowing which way is better', () => {
    const plan = defaultPlan('vetting', 'fast');
    const a = readRunReport(record('a', '2026-01-01T00:00:00.000Z', plan, 0.9))!;
    const b = readRunReport(record('b', '2026-01-02T00:00:00.000Z', plan, 0.8))!;
    const rows = compareRuns(a, b);
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(['KOI', 'TESS', 'combined']));
    const acc = rows.find((r) => r.scope === 'koi' && r.metric === 'accuracy')!;
    expect(acc.a).toBeCloseTo(0.9);
    expect(acc.b).toBeCloseTo(0.8);
    expect(acc.delta).toBeCloseTo(-0.1);
    expect(acc.bBetter).toBe(false);
    const brier = rows.find((r) => r.scope === 'combined' && r.metric === 'brier')!;
    expect(brier.delta).toBe(0);
    expect(brier.bBetter).toBeNull();
    // A mission only one side has still gets a row, with null on the other side.
    const only = compareEvaluations(evaluation(0.9), {
      byMission: {},
      combined: metric(0.5, null)
    });
    const koi = only.find((r) => r.scope === 'koi' && r.metric === 'rocAuc')!;
    expect([koi.a, koi.b, koi.delta, koi.bBetter]).toEqual([0.9, null, null, null]);
    const lowerBrier = compareEvaluations(
      { byMission: {}, combined: metric(0.5, null, 0.2) },
      { byMission: {}, combined: metric(0.5, null, 0.1) }
    ).find((r) => r.metric === 'brier')!;
    expect(lowerBrier.bBetter).toBe(true);
  });

  it('says what differs between two plans', () => {
    const a = defaultPlan('vetting', 'default');
    const b = structuredClone(a);
    b.seed = 7;
    b.stages[1].trees = 40;
    b.stages[2].replay = null;
    b.stages[0].maxDepth = 10;
    b.featureSelection = { method: 'impurity', keepTop: 8 };
    expect(planDifferences(a, b)).toEqual([
      'seed: 42 -> 7',
      'Kepler KOI stage max depth: unlimited -> 10',
      'K2 stage trees: 100 -> 40',
      'TESS TOI stage replay weight: 0.3 -> none',
      'feature selection: none -> {"method":"impurity","keepTop":8}'
    ]);
    expect(planDifferences(a, a)).toEqual([]);
    const reordered = structuredClone(a);
    reordered.stages.reverse();
    expect(planDifferences(a, reordered)[0]).toBe('stages: KOI > K2 > TESS -> TESS > K2 > KOI');
  });
});
