// Small key/value settings. activeModelId is set through setActiveModel (models.ts), which checks
// that the model exists and is cleared by deleteModel in the same transaction.

import type { StoreDB } from './db.ts';
import { toPlain } from './plain.ts';
import { read, write } from './tx.ts';
import type { SettingKey, Settings } from './types.ts';

export async function getSetting<K extends SettingKey>(
  db: StoreDB,
  key: K
): Promise<Settings[K] | undefined> {
  const record = await read(db, ['settings'], (tx) => tx.objectStore('settings').get(key));
  return record?.value as Settings[K] | undefined;
}

/** Low level: prefer the typed helpers (setActiveModel) where one exists. */
export async function setSetting<K extends SettingKey>(
  db: StoreDB,
  key: K,
  value: Settings[K]
): Promise<void> {
  const plain = toPlain(value, `Setting ${key}`, { json: true });
  await write(db, ['settings'], 1024, async (tx) => {
    await tx.objectStore('settings').put({ key, value: plain });
  });
}

export async function deleteSetting(db: StoreDB, key: SettingKey): Promise<void> {
  await write(db, ['settings'], 0, (tx) => tx.objectStore('settings').delete(key));
}
