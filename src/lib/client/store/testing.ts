// Test-only helper (imported by *.test.ts, never by the app). idb checks values with
// `instanceof IDBRequest` etc., so Node needs those classes as globals; the database itself
// always comes from a fresh factory passed explicitly, never from a global indexedDB.

import * as fake from 'fake-indexeddb';
import { afterEach, beforeEach, vi } from 'vitest';
import { closeStore, openStore, type StoreDB } from './db.ts';
import type { NewModel } from './types.ts';

Object.assign(globalThis, {
  IDBCursor: fake.IDBCursor,
  IDBCursorWithValue: fake.IDBCursorWithValue,
  IDBDatabase: fake.IDBDatabase,
  IDBIndex: fake.IDBIndex,
  IDBKeyRange: fake.IDBKeyRange,
  IDBObjectStore: fake.IDBObjectStore,
  IDBOpenDBRequest: fake.IDBOpenDBRequest,
  IDBRequest: fake.IDBRequest,
  IDBTransaction: fake.IDBTransaction,
  IDBVersionChangeEvent: fake.IDBVersionChangeEvent
});

export { forceCloseDatabase, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';

/** A new, empty IndexedDB for one test. */
export function freshFactory(): IDBFactory {
  return new fake.IDBFactory() as unknown as IDBFactory;
}

/** Opens a database with the raw API (no idb), as another tab or an older app would. */
export function rawOpen(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade?: (db: IDBDatabase) => void
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, version);
    req.onupgradeneeded = () => upgrade?.(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function sampleBytes(n = 64, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
}

/**
 * A fresh store per test: opens it before each test and closes it (and restores mocks) after.
 * Read the database through the returned getter inside tests.
 */
export function useFreshStore(): () => StoreDB {
  let db: StoreDB | undefined;
  beforeEach(async () => {
    db = await openStore({ factory: freshFactory() });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (db) closeStore(db);
  });
  return () => {
    if (!db) throw new Error('useFreshStore: the store opens in beforeEach; read it inside a test');
    return db;
  };
}

/** A model record to store, with `over` replacing any field. */
export const sampleModel = (over: Partial<NewModel> = {}): NewModel => ({
  name: 'Kepler then TESS',
  task: 'vetting',
  classes: ['PLANET', 'FALSE_POSITIVE'],
  stages: ['koi', 'toi'],
  metrics: { accuracy: 0.925, auc: 0.97 },
  source: 'trained',
  bytes: sampleBytes(1000),
  ...over
});
