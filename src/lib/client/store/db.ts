// Opening the database: schema, upgrades, and the cross-tab events (blocked, blocking, terminated).

import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { StoreError, toStoreError } from './errors.ts';
import type {
  DatasetSummary,
  DatasetTable,
  ModelBlob,
  ModelSummary,
  RunRecord,
  SettingKey,
  SettingRecord
} from './types.ts';

export const DB_NAME = 'exoforest';
/** Bump this and add a `case` to upgradeSchema to change the schema. */
export const DB_VERSION = 1;
/** How long to wait for other tabs to let an upgrade through before giving up. */
export const BLOCKED_TIMEOUT_MS = 4000;

export interface ExoforestDB extends DBSchema {
  models: { key: string; value: ModelSummary; indexes: { createdAt: string } };
  modelBlobs: { key: string; value: ModelBlob };
  datasets: { key: string; value: DatasetSummary; indexes: { createdAt: string } };
  datasetTables: { key: string; value: DatasetTable };
  runs: { key: string; value: RunRecord; indexes: { createdAt: string } };
  settings: { key: SettingKey; value: SettingRecord };
}

export type StoreName = StoreNames<ExoforestDB>;
export type StoreDB = IDBPDatabase<ExoforestDB>;
export const STORE_NAMES: readonly StoreName[] = [
  'models',
  'modelBlobs',
  'datasets',
  'datasetTables',
  'runs',
  'settings'
];

type UpgradeTx = IDBPTransaction<ExoforestDB, StoreName[], 'versionchange'>;

export interface OpenStoreOptions {
  name?: string;
  /** The IndexedDB to use; defaults to the global one (tests pass a fresh fake-indexeddb one). */
  factory?: IDBFactory;
  /** Another tab wants a newer schema: this connection is now closed, tell the user to reload. */
  onBlocking?: () => void;
  /** The browser closed the connection (storage cleared, disk error). */
  onTerminated?: () => void;
  blockedTimeoutMs?: number;
  /** Schema version to ask for. Only tests set this, to play a newer app in another tab. */
  version?: number;
}

/**
 * Each case upgrades from `oldVersion` to the next version and falls through to the next case,
 * so a database at any old version reaches DB_VERSION in order. To add version 2: add
 * `case 1: { ... }` (using `_tx` to migrate records if needed) and set DB_VERSION = 2.
 */
export function upgradeSchema(
  db: IDBPDatabase<ExoforestDB>,
  oldVersion: number,
  _tx: UpgradeTx
): void {
  switch (oldVersion) {
    case 0: {
      db.createObjectStore('models', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      db.createObjectStore('modelBlobs', { keyPath: 'id' });
      db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      db.createObjectStore('datasetTables', { keyPath: 'id' });
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      db.createObjectStore('settings', { keyPath: 'key' });
    }
    // falls through
  }
}

// Why a connection is unusable, for a clear error instead of a bare InvalidStateError.
const closedReasons = new WeakMap<object, string>();

export function closedReason(db: StoreDB): string | undefined {
  return closedReasons.get(db);
}

const RELOAD =
  'Exoforest was updated (or its data cleared) in another tab, so this tab closed its ' +
  'database connection. ' +
  'Reload the page to use the new version.';
const TERMINATED =
  'The browser closed the database (site data was cleared, or the disk failed). ' +
  'Reload the page to open it again.';

/** Closes a connection on purpose; later calls on it fail with a clear 'closed' error. */
export function closeStore(db: StoreDB): void {
  closedReasons.set(db, 'The database was closed. Reload the page to open it again.');
  db.close();
}

/**
 * Opens (creating or upgrading as needed) the app's database. Rejects with a StoreError:
 * 'blocked' if another tab holds an older version open for longer than blockedTimeoutMs,
 * 'version' if the stored database is newer than this app, 'schema' if it lacks our stores.
 */
export function openStore(opts: OpenStoreOptions = {}): Promise<StoreDB> {
  const factory = opts.factory ?? globalThis.indexedDB;
  if (!factory) {
    return Promise.reject(
      new StoreError(
        'unavailable',
        'This browser does not offer IndexedDB (some private modes turn it off), so Exoforest ' +
          'cannot keep datasets or models. Use a normal window to save your work.'
      )
    );
  }
  const name = opts.name ?? DB_NAME;
  const version = opts.version ?? DB_VERSION;
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (e: unknown) => {
      clearTimeout(timer);
      if (!settled) reject(toStoreError(e));
      settled = true;
    };
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (e) {
      fail(e); // e.g. SecurityError where storage is disabled
      return;
    }
    request.onupgradeneeded = (event) => {
      // A throw here aborts the upgrade transaction, and the request then fails with AbortError.
      const tx = wrap(request.transaction!) as unknown as UpgradeTx;
      upgradeSchema(wrap(request.result) as StoreDB, event.oldVersion, tx);
    };
    request.onblocked = () => {
      // Other tabs got a versionchange event; give them a moment to close before asking the user.
      timer ??= setTimeout(
        () =>
          fail(
            new StoreError(
              'blocked',
              'Exoforest is open in another tab with an older version, which keeps this tab from ' +
                'updating its storage. Close the other tabs of the app, then reload this page.'
            )
          ),
        opts.blockedTimeoutMs ?? BLOCKED_TIMEOUT_MS
      );
    };
    request.onerror = () => {
      const e = request.error;
      // AbortError here means the upgrade transaction failed: say so, not "write cancelled".
      if (e?.name !== 'AbortError') return fail(e);
      fail(
        new StoreError('failed', 'Setting up storage failed. Reload the page to try again.', {
          cause: e
        })
      );
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      const raw = request.result;
      // We already gave up (blocked): nobody will use this connection, so don't hold it open.
      if (settled) return raw.close();
      const missing = STORE_NAMES.filter((s) => !raw.objectStoreNames.contains(s));
      if (missing.length) {
        raw.close();
        return fail(
          new StoreError(
            'schema',
            `The stored database "${name}" (version ${raw.version}) lacks the stores ` +
              `${missing.join(', ')}, so it was not made by this app. Clear this site's data to start over.`
          )
        );
      }
      const db = wrap(raw) as StoreDB;
      raw.onversionchange = () => {
        // Another tab asks for a newer schema (or deletes the database): step aside.
        closedReasons.set(db, RELOAD);
        raw.close();
        opts.onBlocking?.();
      };
      raw.onclose = () => {
        closedReasons.set(db, TERMINATED);
        opts.onTerminated?.();
      };
      settled = true;
      resolve(db);
    };
  });
}
