/**
 * The app's one IndexedDB connection: opened on first use (never during prerendering), with
 * persistent storage requested once. If another tab upgrades the schema or the browser closes
 * the database, listeners hear why, and the next call opens it again.
 */
import {
  openStore,
  requestPersistence,
  storageEstimate,
  StoreError,
  type StorageEstimate,
  type StoreDB
} from './store/index.ts';
import { toStoreError } from './store/errors.ts';

let opening: Promise<StoreDB> | undefined;
let persisted: Promise<boolean> | undefined;
const closedListeners = new Set<(message: string) => void>();

function closed(message: string): void {
  opening = undefined;
  for (const listener of closedListeners) listener(message);
}

/** The open database (opened once; reopened after the browser or another tab closed it). */
export function store(): Promise<StoreDB> {
  opening ??= openStore({
    onBlocking: () =>
      closed('Exoforest was updated in another tab. Reload this page to keep using saved models.'),
    onTerminated: () => closed('The browser closed the database. Reload the page to reopen it.')
  });
  const current = opening;
  current.catch(() => {
    if (opening === current) opening = undefined; // let a later call try again
  });
  persisted ??= current.then(() => requestPersistence()).catch(() => false);
  return current;
}

/** Called with a message when the connection closes under the app (another tab, site data cleared). */
export function onStoreClosed(listener: (message: string) => void): () => void {
  closedListeners.add(listener);
  return () => closedListeners.delete(listener);
}

/** Whether the browser agreed to keep this site's data under storage pressure. */
export function isPersisted(): Promise<boolean> {
  return persisted ?? Promise.resolve(false);
}

/** How much this site stores, or null when the browser does not say. */
export function storageUsage(): Promise<StorageEstimate | null> {
  return storageEstimate();
}

/**
 * A message for the user from anything the store (or the browser under it) threw; a full disk
 * (QuotaExceededError) becomes the store's "storage is full" message.
 */
export function storeMessage(e: unknown, bytes = 0): string {
  const fromBrowser = typeof DOMException !== 'undefined' && e instanceof DOMException;
  if (e instanceof StoreError || fromBrowser || !(e instanceof Error)) {
    return toStoreError(e, bytes).message;
  }
  return e.message;
}
