import { afterEach, describe, expect, it, vi } from 'vitest';
import { forceCloseDatabase, freshFactory, rawOpen, sampleBytes } from './testing.ts';
import { closeStore, DB_VERSION, openStore, STORE_NAMES, type StoreDB } from './db.ts';
import { StoreError } from './errors.ts';
import { addModel, listModels } from './models.ts';
import { unwrap } from 'idb';

const model = { name: 'm', task: 'vetting', classes: ['PLANET'], stages: ['koi'], metrics: {} };
const open: StoreDB[] = [];
async function track(p: Promise<StoreDB>): Promise<StoreDB> {
  const db = await p;
  open.push(db);
  return db;
}
/** A database made by this app, then a raw connection to it (an old tab with no handlers). */
async function oldTab(factory: IDBFactory): Promise<IDBDatabase> {
  closeStore(await openStore({ factory, name: 'x' }));
  return rawOpen(factory, 'x', DB_VERSION);
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('openStore: schema and upgrades', () => {
  it('creates every store, key path and createdAt index when upgrading from version 0', async () => {
    const factory = freshFactory();
    closeStore(await openStore({ factory, name: 'x' }));
    const raw = await rawOpen(factory, 'x', DB_VERSION);
    expect(Array.from(raw.objectStoreNames).sort()).toEqual([...STORE_NAMES].sort());
    const tx = raw.transaction([...STORE_NAMES]);
    expect(tx.objectStore('models').keyPath).toBe('id');
    expect(tx.objectStore('settings').keyPath).toBe('key');
    for (const s of ['models', 'datasets', 'runs']) {
      expect(Array.from(tx.objectStore(s).indexNames)).toEqual(['createdAt']);
    }
    raw.close();
  });

  it('keeps stored records when reopened, and when a newer version upgrades past version 1', async () => {
    const factory = freshFactory();
    const v1 = await openStore({ factory, name: 'x' });
    await addModel(v1, { ...model, source: 'trained', bytes: sampleBytes() });
    closeStore(v1);
    // A future app opening at version 2 must not re-run the version-0 step (it would throw).
    const v2 = await track(openStore({ factory, name: 'x', version: DB_VERSION + 1 }));
    expect((await listModels(v2)).map((m) => m.name)).toEqual(['m']);
  });

  it('rejects a hand-made empty database at our version with a schema error naming the missing stores', async () => {
    const factory = freshFactory();
    (await rawOpen(factory, 'x', DB_VERSION)).close(); // created with no stores
    const err = await openStore({ factory, name: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('schema');
    expect(err.message).toContain('models, modelBlobs, datasets');
  });

  it('rejects a database written by a newer app version with a "reload" message', async () => {
    const factory = freshFactory();
    (await rawOpen(factory, 'x', DB_VERSION + 5)).close();
    const err = await openStore({ factory, name: 'x' }).catch((e) => e);
    expect(err.code).toBe('version');
    expect(err.message).toMatch(/newer version.*Reload/);
  });

  it('rejects with "unavailable" when there is no IndexedDB at all', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(openStore()).rejects.toMatchObject({ code: 'unavailable' });
    vi.unstubAllGlobals();
  });
});

describe('openStore: other tabs', () => {
  it('closes itself and calls onBlocking when another tab opens a newer version', async () => {
    const factory = freshFactory();
    const onBlocking = vi.fn();
    const oldTab = await openStore({ factory, name: 'x', onBlocking });
    const newTab = await track(openStore({ factory, name: 'x', version: DB_VERSION + 1 }));
    expect(onBlocking).toHaveBeenCalledOnce();
    expect(newTab.version).toBe(DB_VERSION + 1);
    const err = await listModels(oldTab).catch((e) => e);
    expect(err.code).toBe('closed');
    expect(err.message).toMatch(/another tab.*Reload the page/);
  });

  it('rejects after the timeout, telling the user to close other tabs, when an old tab will not close', async () => {
    const factory = freshFactory();
    const stubborn = await oldTab(factory); // no versionchange handler
    const err = await openStore({
      factory,
      name: 'x',
      version: DB_VERSION + 1,
      blockedTimeoutMs: 20
    }).catch((e) => e);
    expect(err.code).toBe('blocked');
    expect(err.message).toMatch(/Close the other tabs of the app, then reload/);
    // Once the old tab goes, the abandoned open completes and is closed again, so it does not
    // block a later upgrade in turn.
    stubborn.close();
    const later = await track(openStore({ factory, name: 'x', version: DB_VERSION + 2 }));
    expect(later.version).toBe(DB_VERSION + 2);
  });

  it('opens normally when the blocking tab closes before the timeout', async () => {
    const factory = freshFactory();
    const slow = await oldTab(factory);
    slow.onversionchange = () => setTimeout(() => slow.close(), 10);
    const db = await track(
      openStore({ factory, name: 'x', version: DB_VERSION + 1, blockedTimeoutMs: 2000 })
    );
    expect(db.version).toBe(DB_VERSION + 1);
  });

  it('reports a connection the browser terminated: onTerminated fires and later calls fail clearly', async () => {
    const factory = freshFactory();
    const onTerminated = vi.fn();
    const db = await openStore({ factory, name: 'x', onTerminated });
    forceCloseDatabase(unwrap(db) as never);
    expect(onTerminated).toHaveBeenCalledOnce();
    await expect(listModels(db)).rejects.toMatchObject({
      code: 'closed',
      message: expect.stringMatching(/browser closed the database/)
    });
  });
});
