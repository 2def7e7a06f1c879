import { describe, expect, it } from 'vitest';
import { TrainingCancelled } from './job-context.ts';
import { TrainingDataError, jobFailure } from './job-failure.ts';
import { PlanError, defaultPlan } from './plan.ts';
import { trainStaged } from './train.ts';

describe('jobFailure', () => {
  it('reports unusable inputs as data errors, without the refusing function’s prefix', async () => {
    const e = await trainStaged([], defaultPlan('vetting')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrainingDataError);
    expect((e as Error).message).toMatch(/^trainStaged: give at least one input table/);
    expect(jobFailure(e, 'cancelled')).toEqual({
      kind: 'data',
      message: 'give at least one input table (e.g. the KOI, K2 and TOI downloads)'
    });
  });

  it('tells plan errors, cancellation and other failures apart', () => {
    const plan = new PlanError([{ path: 'seed', message: 'must be an integer' }]);
    expect(jobFailure(plan, 'x')).toMatchObject({ kind: 'plan', problems: plan.problems });
    expect(jobFailure(new TrainingCancelled(), 'stopped')).toEqual({
      kind: 'cancelled',
      message: 'stopped'
    });
    expect(jobFailure(new Error('trainStaged: looks like data'), 'x')).toEqual({
      kind: 'failed',
      message: 'trainStaged: looks like data'
    });
  });
});
