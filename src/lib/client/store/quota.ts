// Storage quota and persistence. navigator.storage is missing in old browsers, some private
// modes, insecure contexts and Node: every function degrades to "unknown" instead of throwing.

export interface StorageEstimate {
  usedBytes: number;
  quotaBytes: number;
}

function storageManager(): StorageManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** How much this site uses and may use, or null when the browser does not say. */
export async function storageEstimate(): Promise<StorageEstimate | null> {
  const storage = storageManager();
  if (typeof storage?.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return { usedBytes: usage, quotaBytes: quota };
  } catch {
    return null;
  }
}

/**
 * Asks the browser not to evict this site's data under storage pressure. Resolves to whether
 * storage is persistent now (false when the browser refuses or cannot say).
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = storageManager();
  try {
    if (typeof storage?.persisted === 'function' && (await storage.persisted())) return true;
    if (typeof storage?.persist !== 'function') return false;
    return await storage.persist();
  } catch {
    return false;
  }
}
