// Transaction helpers: every CRUD call runs in exactly one transaction, and any failure aborts it
// so nothing is half-written. Inside `fn`, await only IndexedDB requests: awaiting anything else
// lets the transaction auto-commit early.

import type { IDBPTransaction } from 'idb';
import { closedReason, type ExoforestDB, type StoreDB, type StoreName } from './db.ts';
import { StoreError, toStoreError } from './errors.ts';

export type ReadTx = IDBPTransaction<ExoforestDB, StoreName[], 'readonly'>;
export type WriteTx = IDBPTransaction<ExoforestDB, StoreName[], 'readwrite'>;

function begin<M extends 'readonly' | 'readwrite'>(
  db: StoreDB,
  stores: StoreName[],
  mode: M
): IDBPTransaction<ExoforestDB, StoreName[], M> {
  const reason = closedReason(db);
  if (reason) throw new StoreError('closed', reason);
  try {
    return db.transaction(stores, mode);
  } catch (e) {
    throw toStoreError(e);
  }
}

export async function read<T>(
  db: StoreDB,
  stores: StoreName[],
  fn: (tx: ReadTx) => Promise<T>
): Promise<T> {
  const tx = begin(db, stores, 'readonly');
  tx.done.catch(() => {}); // reported through fn's own rejection
  try {
    return await fn(tx);
  } catch (e) {
    throw toStoreError(e);
  }
}

/**
 * Runs `fn` in one readwrite transaction and resolves once it has committed. On any error
 * (a throw in `fn`, a failed request, a quota abort at commit) the whole transaction is rolled
 * back and a StoreError is thrown; `bytes` (the write's approximate size) goes into quota messages.
 */
export async function write<T>(
  db: StoreDB,
  stores: StoreName[],
  bytes: number,
  fn: (tx: WriteTx) => Promise<T>
): Promise<T> {
  const tx = begin(db, stores, 'readwrite');
  const done = tx.done;
  done.catch(() => {}); // handled below; avoids an unhandled rejection when fn fails first
  try {
    const result = await fn(tx);
    await done;
    return result;
  } catch (e) {
    // When the browser aborts the transaction (quota at commit time), requests fail with a bare
    // AbortError and the real reason is on the transaction.
    const aborted = (e as { name?: unknown } | null)?.name === 'AbortError';
    const reason = aborted && tx.error ? tx.error : e;
    try {
      tx.abort();
    } catch {
      // already aborted by the failed request, or finished
    }
    throw toStoreError(reason, bytes);
  }
}
