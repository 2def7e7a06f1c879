/**
 * IndexedDB failure paths not covered elsewhere: a transaction the browser aborts without a
 * tx.error (nothing saved, a StoreError that says so), and failures while reading (a request
 * that errors, a store that throws, a connection closed under the caller): each becomes a
 * StoreError with a message, never a raw DOMException, and stored data is untouched.
 */
import { describe, expect, it, vi } from 'vitest';
import { StoreError } from './errors.ts';
import { addModel, getModel, listModels } from './models.ts';
import { IDBIndex } from 'fake-indexeddb';
import { getDataset } from './datasets.ts';
import { closeStore } from './db.ts';
import { FakeObjectStore, sampleModel, useFreshStore } from './testing.ts';

const db = useFreshStore();

type Store = InstanceType<typeof FakeObjectStore>;
type Tx = { abort(): void; error: DOMException | null };

describe('a transaction aborted with no tx.error', () => {
  it('rejects the write with a StoreError and stores nothing', async () => {
    const put = FakeObjectStore.prototype.put;
    let txError: unknown = 'unset';
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: Store,
      ...args: Parameters<typeof put>
    ) {
      const request = put.apply(this, args);
      const tx = this.transaction as unknown as Tx;
      tx.abort(); // as a browser does on, e.g., a crash of its storage process
      txError = tx.error;
      return request;
    });
    const err = await addModel(db(), sampleModel()).catch((e) => e);
    vi.restoreAllMocks();
    expect(txError).toBeNull();
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('failed');
    expect(err.message).toBe('The browser cancelled the write: nothing was saved.');
    expect(await listModels(db())).toEqual([]);
  });
});

describe('failures on the read path', () => {
  it('a get that fails (request error) gives a StoreError; the record is still there after', async () => {
    const { id } = await addModel(db(), sampleModel({ name: 'kept' }));
    const get = FakeObjectStore.prototype.get;
    vi.spyOn(FakeObjectStore.prototype, 'get').mockImplementation(function (
      this: Store,
      ...args: Parameters<typeof get>
    ) {
      if (this.name === 'modelBlobs') throw new DOMException('disk I/O failed', 'UnknownError');
      return get.apply(this, args);
    });
    const err = await getModel(db(), id).catch((e) => e);
    vi.restoreAllMocks();
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('failed');
    expect(err.message).toMatch(/could not complete the operation: disk I\/O failed/);
    expect((await getModel(db(), id)).name).toBe('kept');
  });

  it('a list whose index getAll throws gives a StoreError; the models are still listed after', async () => {
    await addModel(db(), sampleModel({ name: 'listed' }));
    vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(() => {
      throw new DOMException('The operation failed', 'UnknownError');
    });
    const err = await listModels(db()).catch((e) => e);
    vi.restoreAllMocks();
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('failed');
    expect((await listModels(db())).map((m) => m.name)).toEqual(['listed']);
  });

  it('reading from a connection closed under the caller says to reload', async () => {
    const { id } = await addModel(db(), sampleModel());
    closeStore(db());
    const err = await getModel(db(), id).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('closed');
    expect(err.message).toMatch(/Reload the page/);
    const err2 = await getDataset(db(), 'x').catch((e) => e);
    expect(err2).toBeInstanceOf(StoreError);
  });
});
