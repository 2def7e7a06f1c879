// Test-only helper (imported by *.test.ts, never by the app). idb checks values with
// `instanceof IDBRequest` etc., so Node needs those classes as globals; the database itself
// always comes from a fresh factory passed explicitly, never from a global indexedDB.

import * as fake from 'fake-indexeddb';

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
