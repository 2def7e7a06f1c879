// The warm-up run of the train worker. Its own file: the worker module remembers that it is
// warm once a warm-up or a run has finished, so these tests need a fresh module.
import { describe, expect, it } from 'vitest';
import { defaultPlan, trainStaged } from '../core/pipeline/index.ts';
import { api } from './train.worker.ts';
import { fixtureInputs as inputs, forestPorts } from './train-test-utils.ts';

describe('train worker warm-up', () => {
  it('is stopped by a run at the next forest, leaves no model behind, and the run is unchanged', async () => {
    const plan = defaultPlan('vetting', 'fast');
    plan.seed = 5;
    for (const s of plan.stages) s.trees = 4;
    const direct = await trainStaged(await inputs(), plan);
    const runInputs = await inputs();

    const warmPool = forestPorts();
    const warming = api.warmUp(warmPool.ports);
    // Let the warm-up get its first forests out to the workers.
    while (warmPool.calls[0] === 0) await new Promise((r) => setTimeout(r, 5));
    expect(() => api.modelBytes('x')).toThrow(/No trained model/);

    const atStop = warmPool.calls[0] + warmPool.calls[1];
    const runPool = forestPorts();
    const out = await api.train({ inputs: runInputs, plan, pool: runPool.ports });
    await warming;
    const warmForests = warmPool.calls[0] + warmPool.calls[1];
    warmPool.close();
    runPool.close();
    if (!out.ok) throw new Error(out.error.message);
    expect(out.summary.report).toEqual(direct.report);
    expect(out.summary.candidates).toEqual(direct.candidates);
    // A whole warm-up grows 2 passes x 3 stages + 4 baselines + 3 missing-pattern forests = 13
    // forests on each worker (no final refit: it would grow the same forests again).
    // The warm-up sends one forest at a time (split over the two workers): at most the one in
    // flight grows after the stop.
    expect(atStop).toBeGreaterThan(0);
    expect(warmForests).toBeLessThanOrEqual(atStop + 2);
    // The run's model is the one kept.
    expect(api.modelBytes('x').length).toBeGreaterThan(0);
  });

  it('after a finished run or warm-up, a warm-up grows nothing and closes the ports it got', async () => {
    const pool = forestPorts();
    await api.warmUp(pool.ports);
    pool.close();
    expect(pool.calls).toEqual([0, 0]);
  });
});

describe('train worker warm-up on a fresh module', () => {
  it('stopWarmUp stops it at the next forest, before any run starts', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    const fresh = await import('./train.worker.ts');
    const pool = forestPorts();
    const warming = fresh.api.warmUp(pool.ports);
    while (pool.calls[0] === 0) await new Promise((r) => setTimeout(r, 1));
    fresh.api.stopWarmUp();
    const atStop = pool.calls[0] + pool.calls[1];
    await warming;
    expect(pool.calls[0] + pool.calls[1]).toBeLessThanOrEqual(atStop + 2);
    pool.close();
    // Not warm yet: a later warm-up runs in full.
    const again = forestPorts();
    await fresh.api.warmUp(again.ports);
    expect(again.calls).toEqual([13, 13]);
    again.close();
  });

  it('grows the synthetic job on every pool worker, keeps no model, and runs once', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    const fresh = await import('./train.worker.ts');
    const pool = forestPorts();
    await fresh.api.warmUp(pool.ports);
    expect(pool.calls[0]).toBe(13);
    expect(pool.calls[1]).toBe(13);
    expect(() => fresh.api.modelBytes('x')).toThrow(/No trained model/);
    await fresh.api.warmUp(pool.ports);
    expect(pool.calls).toEqual([13, 13]);
    pool.close();
  });
});
