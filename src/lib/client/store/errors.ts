// One error type for the UI to show: `message` is written for the user, `code` is for branching.

export type StoreErrorCode =
  | 'quota' // the browser refused to store more
  | 'not-found' // no record with that id
  | 'exists' // a record with that id is already stored
  | 'invalid' // bad input: empty name, non-plain value
  | 'blocked' // an older tab keeps the database from upgrading
  | 'closed' // this connection was closed (another tab upgraded, or the browser closed it)
  | 'version' // the stored database is newer than this app
  | 'schema' // the stored database lacks stores this version expects
  | 'unavailable' // no IndexedDB at all
  | 'failed'; // anything else

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

/** "12.3 MB", never "0.0 MB". */
export function formatMB(bytes: number): string {
  return `${Math.max(0.1, Math.round(bytes / 1e5) / 10).toFixed(1)} MB`;
}

export function quotaMessage(bytes: number): string {
  return (
    `The browser refused to store ${formatMB(bytes)}: storage is full. ` +
    'Delete old models or datasets, or free disk space, then try again.'
  );
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '';
}

/** True for a QuotaExceededError from a request, a transaction, or an old browser (code 22). */
export function isQuotaError(e: unknown): boolean {
  if (errorName(e) === 'QuotaExceededError') return true;
  return typeof e === 'object' && e !== null && 'code' in e && e.code === 22;
}

/**
 * Turns whatever IndexedDB threw into a StoreError with a message a user can act on.
 * `bytes` is the approximate size of the write, for the quota message.
 */
export function toStoreError(e: unknown, bytes = 0): StoreError {
  if (e instanceof StoreError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (isQuotaError(e)) return new StoreError('quota', quotaMessage(bytes), { cause: e });
  switch (errorName(e)) {
    case 'DataCloneError':
      return new StoreError(
        'invalid',
        'This value cannot be stored because it is not plain data (a Svelte $state proxy? ' +
          `Pass $state.snapshot(value) instead). Details: ${detail}`,
        { cause: e }
      );
    case 'ConstraintError':
      return new StoreError('exists', 'A record with this id is already stored.', { cause: e });
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return new StoreError(
        'closed',
        'The database connection is closed. Reload the page to open it again.',
        { cause: e }
      );
    case 'VersionError':
      return new StoreError(
        'version',
        'The stored data was written by a newer version of Exoforest. Reload the page to update.',
        { cause: e }
      );
    case 'AbortError':
      return new StoreError('failed', 'The browser cancelled the write: nothing was saved.', {
        cause: e
      });
    default:
      return new StoreError('failed', `The browser could not complete the operation: ${detail}`, {
        cause: e
      });
  }
}
