import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/index.ts';
import { writeModel } from '../model/index.ts';
import { defaultPlan } from './plan.ts';
import { toModelFile } from './model.ts';
import type { ForestTrainer, TrainingProgress } from './job-context.ts';
import { syntheticInputs } from './synthetic.ts';
import { jobTreeCount, stagedTreeCount, trainStaged } from './train.ts';

const inputs = syntheticInputs({ koi: 300, k2: 200, toi: 240 });

function plan() {
  const p = defaultPlan('vetting', 'fast');
  p.stages = p.stages.map((s) => ({ ...s, trees: 10 }));
  return p;
}

/** A trainer whose forests finish later, tree by tree, so concurrent forests interleave. */
function slowTrainer(log: string[]): ForestTrainer {
  return async (job) => {
    log.push(`start ${job.label}`);
    const total = job.params.nTrees ?? 0;
    for (let t = 1; t <= total; t++) {
      await new Promise((r) => setTimeout(r, 0));
      job.onTree(t, total);
    }
    log.push(`end ${job.label}`);
    return fitForest(job.X, job.y, job.params, { sampleWeight: job.sampleWeight });
  };
}

describe('trainStaged with concurrentBaselines', () => {
  it('grows the baselines alongside the staged model and gives the same model and report', async () => {
    const log: string[] = [];
    const events: TrainingProgress[] = [];
    const a = await trainStaged(inputs, plan(), { bootstrapReps: 20 });
    const b = await trainStaged(inputs, plan(), {
      bootstrapReps: 20,
      trainer: slowTrainer(log),
      concurrentBaselines: true,
      onProgress: (p) => events.push(p)
    });
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
    const bytes = (r: typeof a) =>
      Buffer.from(writeModel(toModelFile(r, { name: 'm', createdAt: '2025-01-01T00:00:00Z' })));
    expect(bytes(b).equals(bytes(a))).toBe(true);
    // Scored and ranked early (while the baselines grow): the same numbers and ranking.
    expect(b.candidates).toEqual(a.candidates);
    expect(b.importances).toEqual(a.importances);

    // A baseline forest started before the staged model's last one ended.
    const firstBaseline = log.findIndex((l) => l.startsWith('start baseline'));
    const lastStaged = log.findLastIndex((l) => l.startsWith('end staged'));
    expect(firstBaseline).toBeGreaterThan(-1);
    expect(firstBaseline).toBeLessThan(lastStaged);
    // The per-mission forests start with the calibration pass; the pooled forest (the largest)
    // only once the staged model's last pass has been requested.
    for (const l of [
      'start baseline: koi forest',
      'end calibration pass stage 1 (koi)',
      'start staged stage 3 (toi)',
      'start baseline: pooled'
    ])
      expect(log).toContain(l);
    expect(log.indexOf('start baseline: koi forest')).toBeLessThan(
      log.indexOf('end calibration pass stage 1 (koi)')
    );
    expect(log.indexOf('start baseline: pooled')).toBeGreaterThan(
      log.indexOf('start staged stage 3 (toi)')
    );

    // Progress stays one count: never back, the total at the end, and baseline trees are
    // credited only once the baselines phase starts (stage bars see only their own trees).
    const total = jobTreeCount(plan());
    for (let i = 1; i < events.length; i++)
      expect(events[i].treesDone).toBeGreaterThanOrEqual(events[i - 1].treesDone);
    expect(events.at(-1)).toMatchObject({ phase: 'done', treesDone: total });
    const beforeBaselines = events.slice(
      0,
      events.findIndex((e) => e.phase === 'baselines')
    );
    expect(beforeBaselines.every((e) => e.treesDone <= stagedTreeCount(plan()))).toBe(true);
    expect(beforeBaselines.some((e) => e.message.startsWith('baseline'))).toBe(false);
  });

  it('requests every stage forest of a pass at once without leaf refits, in order with them', async () => {
    const together: string[] = [];
    await trainStaged(inputs, plan(), { trainer: slowTrainer(together), baselines: false });
    // Stage 2 of the calibration pass starts before stage 1 ends.
    expect(together).toContain('start calibration pass stage 2 (k2)');
    expect(together.indexOf('start calibration pass stage 2 (k2)')).toBeLessThan(
      together.indexOf('end calibration pass stage 1 (koi)')
    );

    const refitPlan = plan();
    refitPlan.stages[2].refit = { blend: 0.5 };
    const inOrder: string[] = [];
    const a = await trainStaged(inputs, refitPlan, { bootstrapReps: 0 });
    const b = await trainStaged(inputs, refitPlan, {
      bootstrapReps: 0,
      trainer: slowTrainer(inOrder)
    });
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
    const starts = inOrder.filter((l) => l.startsWith('start calibration'));
    expect(starts).toHaveLength(3);
    for (const [k, l] of starts.entries()) {
      if (k > 0)
        expect(inOrder.indexOf(l)).toBeGreaterThan(
          inOrder.indexOf(`end ${starts[k - 1].slice(6)}`)
        );
    }
  });
});
