// The IndexedDB store's public API. Callers pass plain data only: $state.snapshot() Svelte state.

export * from './db.ts';
export * from './datasets.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export * from './models.ts';
export { toPlain } from './plain.ts';
export * from './quota.ts';
export * from './runs.ts';
export * from './settings.ts';
export type * from './types.ts';
