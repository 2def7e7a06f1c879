import { MessageChannel } from 'node:worker_threads';
import { expose, proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFingerprint, readModel, writeModel } from '../core/model/index.ts';
import {
  defaultPlan,
  toModelFile,
  trainStaged,
  type TrainingInput,
  type TrainingPlan,
  type TrainingProgress
} from '../core/pipeline/index.ts';
import { api, type TrainRequest, type TrainWorkerApi } from './train.worker.ts';
import { fixtureInputs, forestPorts, nodeEndpoint } from './train-test-utils.ts';

const inputs = fixtureInputs;

function smallPlan(): TrainingPlan {
  const plan = defaultPlan('vetting', 'fast');
  plan.seed = 11;
  for (const s of plan.stages) s.trees = 5;
  return plan;
}

/** Forest workers that fail a request which does not carry bins instead of X. */
const binnedPorts = () =>
  forestPorts((req) => {
    // The train worker bins each forest's X once and sends the bins instead of X.
    if (!req.bins) throw new Error('forest request without bins');
    if (req.X) throw new Error('forest request with X beside its bins');
  });

describe('train worker API over a MessagePort (Comlink contract)', () => {
  const { port1, port2 } = new MessageChannel();
  expose(api, nodeEndpoint(port1));
  const remote: Remote<TrainWorkerApi> = wrap<TrainWorkerApi>(nodeEndpoint(port2));
  let data: TrainingInput[];
  beforeAll(async () => {
    data = await inputs();
  });
  afterAll(() => {
    remote[releaseProxy]();
    port1.close();
    port2.close();
  });

  it('gives the in-process pipeline result when forests are grown on forest-worker ports', async () => {
    const plan = smallPlan();
    const direct = await trainStaged(data, plan);
    const events: TrainingProgress[] = [];
    const workers = binnedPorts();
    const req: TrainRequest = { inputs: await inputs(), plan, pool: workers.ports };
    const out = await remote.train(
      transfer(req, workers.ports as unknown as Transferable[]),
      proxy((p: TrainingProgress) => void events.push(p))
    );
    workers.close();
    if (!out.ok) throw new Error(out.error.message);
    const s = out.summary;
    expect(s.report).toEqual(direct.report);
    expect(s.candidates).toEqual(direct.candidates);
    expect(s.importances).toEqual(direct.importances);
    expect(s.missions).toEqual(direct.missions);
    expect(s.trees).toBe(15);
    // Every forest of the job went to the workers, each split: 2 passes x 3 stages, 4 baselines,
    // 3 missing-pattern forests, and the final model's 2 passes x 3 stages on every labelled row.
    expect(workers.calls).toEqual([19, 19]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events.at(-1)?.phase).toBe('done');
    expect(events.at(-1)?.treesDone).toBe(events.at(-1)?.treesTotal);

    // Hold-out permutation importance, on request: one number per feature, per mission and combined.
    expect(s.permutation).toBeNull();
    const steps: number[] = [];
    const perm = await remote.permutation(
      2,
      proxy((done: number) => void steps.push(done))
    );
    const features = s.features.map((f) => f.name);
    expect(Object.keys(perm!.combined)).toEqual(features);
    expect(Object.keys(perm!.byMission)).toEqual(['koi', 'k2', 'toi']);
    expect(Object.values(perm!.combined).every(Number.isFinite)).toBe(true);
    expect(perm!.repeats).toBe(2);
    // Same seed, same numbers.
    expect(await remote.permutation(2)).toEqual(perm);
    await new Promise((r) => setTimeout(r, 20));
    expect(steps.at(-1)).toBe(3 * features.length);

    // The model file: same trees and weights as the in-process model (fingerprint), named as asked.
    const bytes = await remote.modelBytes('browser model', {
      createdAt: '2026-01-01T00:00:00.000Z'
    });
    const model = readModel(bytes);
    expect(model.meta.name).toBe('browser model');
    const expected = toModelFile(direct, {
      name: 'browser model',
      createdAt: '2026-01-01T00:00:00.000Z'
    });
    expect(modelFingerprint(model)).toBe(modelFingerprint(expected));
    expect(Buffer.from(bytes).equals(Buffer.from(writeModel(expected)))).toBe(true);
  });

  it('grows every forest on the forest-worker ports it is given, called in this thread', async () => {
    const plan = smallPlan();
    const direct = await trainStaged(data, plan);
    const workers = binnedPorts();
    const out = await api.train({ inputs: await inputs(), plan, pool: workers.ports });
    workers.close();
    if (!out.ok) throw new Error(out.error.message);
    expect(out.summary.report).toEqual(direct.report);
    expect(out.summary.candidates).toEqual(direct.candidates);
    expect(workers.calls).toEqual([19, 19]);
  });

  it('without the final refit, grows only the evaluated forests and writes the CLI --no-refit file', async () => {
    const plan = { ...smallPlan(), refitOnAllRows: false };
    const direct = await trainStaged(data, plan);
    const workers = binnedPorts();
    const out = await api.train({ inputs: await inputs(), plan, pool: workers.ports });
    workers.close();
    if (!out.ok) throw new Error(out.error.message);
    expect(workers.calls).toEqual([13, 13]);
    const opts = { createdAt: '2026-01-01T00:00:00.000Z' };
    const bytes = api.modelBytes('kept', opts);
    const expected = writeModel(toModelFile(direct, { name: 'kept', ...opts }));
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    expect(readModel(bytes).meta.stages.map((s) => s.rows.train)).toEqual(
      direct.missions.map((m) => m.rows.train)
    );
  });

  it('grows the trees itself when no trainer is given', async () => {
    const plan = smallPlan();
    plan.stages = plan.stages.slice(0, 1);
    const out = await remote.train({ inputs: await inputs(), plan });
    const direct = await trainStaged(data, plan);
    expect(out.ok && out.summary.report).toEqual(direct.report);
  });

  it('trains on tables kept ahead of the run, under their current names, again and again', async () => {
    const plan = smallPlan();
    const direct = await trainStaged(data, plan);
    const tables = await inputs();
    tables.forEach((t, i) => remote.keep(`ds-${i}`, t.table));
    await remote.keepOnly(['ds-0', 'ds-1', 'ds-2']);
    const refs = tables.map((t, i) => ({
      kept: `ds-${i}`,
      name: `renamed ${t.name}`,
      report: t.report
    }));
    for (let run = 0; run < 2; run++) {
      const out = await remote.train({ inputs: refs, plan });
      if (!out.ok) throw new Error(out.error.message);
      // The kept tables are not changed by a run: the second run gives the same numbers.
      expect(out.summary.report).toEqual(direct.report);
      expect(out.summary.candidates).toEqual(direct.candidates);
      expect(out.summary.missions.flatMap((m) => m.datasets)).toEqual(
        expect.arrayContaining(['renamed koi.csv'])
      );
    }
    // Dropped by keepOnly: the run says so and what to do.
    await remote.keepOnly(['ds-0', 'ds-1']);
    const out = await remote.train({ inputs: refs, plan });
    expect(out).toEqual({
      ok: false,
      error: {
        kind: 'data',
        message: 'the table of dataset "renamed toi.csv" is not loaded: start the run again'
      }
    });
  });

  it('a new training run interrupts a permutation job of the previous model', async () => {
    const plan = smallPlan();
    await remote.train({ inputs: await inputs(), plan });
    const perm = remote.permutation(50);
    const next = remote.train({ inputs: await inputs(), plan });
    expect(await perm).toBeNull();
    expect((await next).ok).toBe(true);
  });

  it('returns plan problems, data problems and cancellation as outcomes, not throws', async () => {
    const bad = smallPlan();
    bad.stages[0].trees = 0;
    const planOut = await remote.train({ inputs: await inputs(), plan: bad });
    expect(planOut.ok).toBe(false);
    if (!planOut.ok) {
      expect(planOut.error.kind).toBe('plan');
      expect(planOut.error.problems?.[0].path).toBe('stages[0].trees');
    }
    // No model is kept from a failed run.
    await expect(remote.modelBytes('x')).rejects.toThrow(/No trained model/);

    const koiOnly = (await inputs()).slice(0, 1);
    const dataOut = await remote.train({ inputs: koiOnly, plan: smallPlan() });
    expect(dataOut.ok).toBe(false);
    if (!dataOut.ok) {
      expect(dataOut.error.kind).toBe('data');
      expect(dataOut.error.message).toMatch(/'k2' stage but no input/);
    }

    // cancel() stops the job at the next tree.
    let asked = false;
    const workers = binnedPorts();
    const cancelOut = await remote.train(
      transfer(
        { inputs: await inputs(), plan: smallPlan(), pool: workers.ports },
        workers.ports as unknown as Transferable[]
      ),
      proxy((p: TrainingProgress) => {
        if (p.treesDone > 0 && !asked) {
          asked = true;
          void remote.cancel();
        }
      })
    );
    workers.close();
    expect(cancelOut).toEqual({
      ok: false,
      error: { kind: 'cancelled', message: 'Training was cancelled.' }
    });
  });
});
