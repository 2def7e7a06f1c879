import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestPersistence, storageEstimate } from './quota.ts';

afterEach(() => vi.unstubAllGlobals());

describe('quota', () => {
  it('returns null / false when navigator.storage is missing', async () => {
    vi.stubGlobal('navigator', {});
    expect(await storageEstimate()).toBeNull();
    expect(await requestPersistence()).toBe(false);
  });

  it('reports usage and quota in bytes', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 10, quota: 1000 }) } });
    expect(await storageEstimate()).toEqual({ usedBytes: 10, quotaBytes: 1000 });
  });

  it('does not ask again when already persistent, and returns what persist() grants', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persisted: async () => true, persist } });
    expect(await requestPersistence()).toBe(true);
    expect(persist).not.toHaveBeenCalled();
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist } });
    expect(await requestPersistence()).toBe(true);
    vi.stubGlobal('navigator', {
      storage: { persist: async () => Promise.reject(new Error('denied')) }
    });
    expect(await requestPersistence()).toBe(false);
  });
});
