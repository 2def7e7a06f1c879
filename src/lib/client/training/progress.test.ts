import { describe, expect, it } from 'vitest';
import {
  defaultPlan,
  jobTreeCount,
  type TrainingPhase,
  type TrainingPlan
} from '../../core/pipeline/index.ts';
import {
  applyProgress,
  estimateRemaining,
  formatDuration,
  initialProgress,
  progressBars
} from './progress.ts';

function smallPlan(): TrainingPlan {
  const plan = defaultPlan('vetting', 'fast');
  plan.stages.forEach((s, i) => (s.trees = 2 + i));
  return plan;
}

describe('training progress bars', () => {
  it("add up to the pipeline's job tree count", () => {
    const plans: TrainingPlan[] = [smallPlan()];
    const withSel = smallPlan();
    withSel.featureSelection = { method: 'impurity', keepTop: 5 };
    plans.push(withSel);
    const keep = smallPlan();
    keep.calibration = { fraction: 0.2, mode: 'keep' };
    plans.push(keep);
    const noWeights = smallPlan();
    noWeights.stages.forEach((s) => (s.groupWeights = false));
    plans.push(noWeights);
    plans.push({ ...smallPlan(), refitOnAllRows: false });
    for (const plan of plans) {
      const total = progressBars(plan).reduce((n, b) => n + b.total, 0);
      expect(total).toBe(jobTreeCount(plan));
    }
    expect(progressBars(withSel).map((b) => b.label)).toEqual([
      'Feature ranking',
      'Stage 1: Kepler KOI',
      'Stage 2: K2',
      'Stage 3: TESS TOI',
      'Baselines',
      'Final model (all rows)'
    ]);
    expect(progressBars({ ...smallPlan(), refitOnAllRows: false }).at(-1)!.label).toBe('Baselines');
  });

  it('credits trees to the forest that grew them, even when its last tree is reported late', () => {
    const plan = smallPlan(); // trees 2, 3, 4; retrain: 2 passes
    let s = initialProgress(plan);
    const ev = (phase: TrainingPhase, stage: number | null, treesDone: number) => {
      s = applyProgress(s, { phase, stage, treesDone, treesTotal: s.treesTotal, message: phase });
    };
    ev('prepare', null, 0);
    ev('calibrate', 0, 0);
    ev('calibrate', 0, 1);
    // Stage 0's second tree is never reported: the next forest starts at 2.
    ev('calibrate', 1, 2);
    ev('calibrate', 1, 5);
    ev('calibrate', 2, 5);
    ev('calibrate', 2, 9);
    ev('weights', 0, 9);
    ev('train', 0, 9);
    ev('train', 0, 11);
    ev('refit', 1, 11);
    ev('train', 1, 11);
    ev('train', 1, 14);
    ev('train', 2, 14);
    ev('train', 2, 18);
    const done = (key: string) => s.bars.find((b) => b.key === key)!.done;
    expect([done('stage-0'), done('stage-1'), done('stage-2'), done('baselines')]).toEqual([
      4, 6, 8, 0
    ]);
    ev('baselines', null, 18);
    ev('baselines', null, 30);
    expect(done('baselines')).toBe(12);
    // The final model: both passes again, on every labelled row (after 27 baseline trees).
    ev('final', null, 45);
    ev('final', null, 59);
    expect(done('final')).toBe(14);
    ev('done', null, 63);
    expect(s.bars.every((b) => b.done === b.total)).toBe(true);
    expect(s.treesDone).toBe(63);
    expect(s.treesDone).toBe(jobTreeCount(plan));
  });

  it('estimates the time left from the trees grown so far', () => {
    expect(estimateRemaining(0, 100, 5000)).toBeNull();
    expect(estimateRemaining(1, 100, 500)).toBeNull(); // too early to say
    expect(estimateRemaining(25, 100, 10_000)).toBe(30_000);
    expect(estimateRemaining(100, 100, 10_000)).toBe(0);
    expect(formatDuration(4_400)).toBe('4 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
