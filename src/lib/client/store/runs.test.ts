import { describe, expect, it, vi } from 'vitest';
import { FakeObjectStore, sampleBytes, sampleModel, useFreshStore } from './testing.ts';
import { getActiveModel, listModels } from './models.ts';
import { addRun, deleteRun, getRun, listRuns, restoreRun } from './runs.ts';

const model = sampleModel({
  name: 'run model',
  stages: ['koi'],
  metrics: { accuracy: 0.93 },
  bytes: sampleBytes(300)
});
const plan = { stages: [{ mission: 'koi', trees: 100 }], seed: 1 };

const db = useFreshStore();

describe('runs', () => {
  it('stores a run with its model in one go, linking and activating the model', async () => {
    const { run, model: saved } = await addRun(
      db(),
      { plan, report: { accuracy: 0.93 } },
      { model, activate: true }
    );
    expect(run.modelId).toBe(saved?.id);
    expect((await getRun(db(), run.id)).plan).toEqual(plan);
    expect((await getActiveModel(db()))?.id).toBe(saved?.id);
  });

  it('lists runs newest first, deletes one and restores it', async () => {
    await addRun(db(), { plan, report: null, createdAt: '2025-01-01T00:00:00Z' });
    const { run } = await addRun(db(), { plan, report: null, createdAt: '2025-03-01T00:00:00Z' });
    expect((await listRuns(db()))[0].id).toBe(run.id);
    const removed = await deleteRun(db(), run.id);
    expect((await listRuns(db())).length).toBe(1);
    await restoreRun(db(), removed);
    expect(await getRun(db(), run.id)).toEqual(run);
  });

  it('keeps neither run nor model when the run write hits the quota after the model was written', async () => {
    const put = FakeObjectStore.prototype.put;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: InstanceType<typeof FakeObjectStore>,
      ...args: Parameters<typeof put>
    ) {
      if (this.name === 'runs') throw new DOMException('full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(addRun(db(), { plan, report: null }, { model })).rejects.toMatchObject({
      code: 'quota'
    });
    vi.restoreAllMocks();
    expect(await listRuns(db())).toEqual([]);
    expect(await listModels(db())).toEqual([]);
  });

  it('names an unknown run id', async () => {
    await expect(getRun(db(), 'r-404')).rejects.toThrow('No run with id "r-404" is stored');
  });
});
