import { describe, expect, it, vi } from 'vitest';
import { FakeObjectStore, sampleBytes, sampleModel, useFreshStore } from './testing.ts';
import { StoreError } from './errors.ts';
import {
  addModel,
  deleteModel,
  getActiveModel,
  getModel,
  getModelSummary,
  listModels,
  renameModel,
  restoreModel,
  setActiveModel
} from './models.ts';
import { getSetting } from './settings.ts';

const newModel = sampleModel;

const db = useFreshStore();

describe('models CRUD', () => {
  it('adds a model and lists summaries newest first, without the file bytes', async () => {
    await addModel(db(), newModel({ name: 'old', createdAt: '2024-01-01T00:00:00Z' }));
    const added = await addModel(
      db(),
      newModel({ name: 'new', createdAt: '2025-01-01T00:00:00Z' })
    );
    expect(added).toMatchObject({ name: 'new', sizeBytes: 1000, source: 'trained' });
    expect(added.id).toMatch(/^[0-9a-f-]{32,36}$/);
    const list = await listModels(db());
    expect(list.map((m) => m.name)).toEqual(['new', 'old']);
    expect(list.every((m) => !('bytes' in m))).toBe(true);
  });

  it('gets a model back with bit-identical bytes', async () => {
    const { id } = await addModel(db(), newModel({ bytes: sampleBytes(500, 7) }));
    const got = await getModel(db(), id);
    expect(got.bytes).toEqual(sampleBytes(500, 7));
    expect(got.classes).toEqual(['PLANET', 'FALSE_POSITIVE']);
  });

  it('stores only the viewed bytes when given a subarray of a bigger buffer', async () => {
    const big = sampleBytes(4096);
    const { id, sizeBytes } = await addModel(db(), newModel({ bytes: big.subarray(100, 200) }));
    const got = await getModel(db(), id);
    expect(sizeBytes).toBe(100);
    expect(got.bytes.buffer.byteLength).toBe(100);
    expect(got.bytes).toEqual(big.subarray(100, 200));
  });

  it('stores non-finite metrics as null so the summary stays JSON-safe', async () => {
    const { id } = await addModel(db(), newModel({ metrics: { auc: NaN, f1: 0.5, x: Infinity } }));
    expect((await getModelSummary(db(), id)).metrics).toEqual({ auc: null, f1: 0.5, x: null });
  });

  it('renames a model, trimming the name', async () => {
    const { id } = await addModel(db(), newModel());
    expect((await renameModel(db(), id, '  Better name ')).name).toBe('Better name');
    expect((await getModelSummary(db(), id)).name).toBe('Better name');
  });

  it('deletes a model and its bytes, and restoreModel puts both back unchanged', async () => {
    const { id } = await addModel(db(), newModel());
    const before = await getModel(db(), id);
    const removed = await deleteModel(db(), id);
    expect(removed.model).toEqual(before);
    expect(await listModels(db())).toEqual([]);
    await expect(getModel(db(), id)).rejects.toMatchObject({ code: 'not-found' });
    await restoreModel(db(), removed);
    expect(await getModel(db(), id)).toEqual(before);
  });
});

describe('active model', () => {
  it('sets and gets the active model', async () => {
    const { id } = await addModel(db(), newModel());
    expect(await getActiveModel(db())).toBeNull();
    await setActiveModel(db(), id);
    expect((await getActiveModel(db()))?.id).toBe(id);
    await setActiveModel(db(), null);
    expect(await getActiveModel(db())).toBeNull();
  });

  it('clears the active-model setting when the active model is deleted, and undo restores it', async () => {
    const { id } = await addModel(db(), newModel(), { activate: true });
    const removed = await deleteModel(db(), id);
    expect(removed.wasActive).toBe(true);
    expect(await getSetting(db(), 'activeModelId')).toBeUndefined();
    await restoreModel(db(), removed);
    expect((await getActiveModel(db()))?.id).toBe(id);
  });

  it('leaves the active model alone when another model is deleted', async () => {
    const a = await addModel(db(), newModel(), { activate: true });
    const b = await addModel(db(), newModel());
    expect((await deleteModel(db(), b.id)).wasActive).toBe(false);
    expect((await getActiveModel(db()))?.id).toBe(a.id);
  });

  it('undo does not steal "active" from a model chosen after the delete', async () => {
    const a = await addModel(db(), newModel(), { activate: true });
    const b = await addModel(db(), newModel());
    const removed = await deleteModel(db(), a.id);
    await setActiveModel(db(), b.id);
    await restoreModel(db(), removed);
    expect((await getActiveModel(db()))?.id).toBe(b.id);
  });
});

describe('models: bad input gets a clear message', () => {
  it.each([
    ['an empty name', { name: '   ' }, 'A model name cannot be empty.'],
    ['no classes', { classes: [] }, "A model's classes cannot be empty."],
    ['no bytes', { bytes: new Uint8Array(0) }, 'has no file bytes'],
    ['a bad source', { source: 'downloaded' as never }, "source must be 'trained' or 'imported'"],
    ['a bad date', { createdAt: 'yesterday' }, 'createdAt must be an ISO date (got "yesterday")']
  ])('rejects %s', async (_what, over, message) => {
    const err = await addModel(db(), newModel(over)).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('invalid');
    expect(err.message).toContain(message);
    expect(await listModels(db())).toEqual([]);
  });

  it('names the unknown id in get, rename, delete and setActive', async () => {
    const calls = [
      getModel(db(), 'nope'),
      renameModel(db(), 'nope', 'x'),
      deleteModel(db(), 'nope'),
      setActiveModel(db(), 'nope')
    ];
    for (const call of calls) {
      await expect(call).rejects.toMatchObject({
        code: 'not-found',
        message: expect.stringContaining('No model with id "nope" is stored')
      });
    }
  });

  it('rejects an empty new name and keeps the old one', async () => {
    const { id } = await addModel(db(), newModel({ name: 'keep' }));
    await expect(renameModel(db(), id, '')).rejects.toThrow('A model name cannot be empty.');
    expect((await getModelSummary(db(), id)).name).toBe('keep');
  });

  it('refuses a duplicate id instead of overwriting the stored model', async () => {
    await addModel(db(), newModel({ id: 'same', name: 'first' }));
    const err = await addModel(db(), newModel({ id: 'same', name: 'second' })).catch((e) => e);
    expect(err).toMatchObject({ code: 'exists', message: expect.stringContaining('"same"') });
    expect((await getModelSummary(db(), 'same')).name).toBe('first');
  });
});

describe('models: a failed write leaves nothing behind', () => {
  const quotaOn = (storeName: string, when: 'sync' | 'at-commit') => {
    const put = FakeObjectStore.prototype.put;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: InstanceType<typeof FakeObjectStore>,
      ...args: Parameters<typeof put>
    ) {
      if (this.name !== storeName) return put.apply(this, args);
      if (when === 'sync') throw new DOMException('Quota exceeded', 'QuotaExceededError');
      // The write is queued, then the browser aborts the whole transaction, as at commit time.
      const request = put.apply(this, args);
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
  };

  it.each(['sync', 'at-commit'] as const)(
    'turns QuotaExceededError (%s) into a StoreError and stores neither summary, bytes nor setting',
    async (when) => {
      quotaOn('modelBlobs', when);
      const err = await addModel(db(), newModel({ bytes: sampleBytes(2_500_000) }), {
        activate: true
      }).catch((e) => e);
      vi.restoreAllMocks();
      expect(err).toBeInstanceOf(StoreError);
      expect(err.code).toBe('quota');
      expect(err.message).toBe(
        'The browser refused to store 2.5 MB: storage is full. ' +
          'Delete old models or datasets, or free disk space, then try again.'
      );
      expect(await listModels(db())).toEqual([]);
      expect(await getSetting(db(), 'activeModelId')).toBeUndefined();
      const blobs = await db().getAll('modelBlobs');
      expect(blobs).toEqual([]);
    }
  );

  it('restoring after a quota failure leaves the model deleted, not half back', async () => {
    const { id } = await addModel(db(), newModel(), { activate: true });
    const removed = await deleteModel(db(), id);
    quotaOn('modelBlobs', 'sync');
    await expect(restoreModel(db(), removed)).rejects.toMatchObject({ code: 'quota' });
    vi.restoreAllMocks();
    expect(await listModels(db())).toEqual([]);
    expect(await getActiveModel(db())).toBeNull();
  });
});
