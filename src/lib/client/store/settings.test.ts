import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshFactory } from './testing.ts';
import { closeStore, openStore, type StoreDB } from './db.ts';
import { deleteSetting, getSetting, setSetting } from './settings.ts';

let db: StoreDB;
beforeEach(async () => {
  db = await openStore({ factory: freshFactory() });
});
afterEach(() => closeStore(db));

it('sets, reads and deletes a setting; an unset one reads as undefined', async () => {
  expect(await getSetting(db, 'activeModelId')).toBeUndefined();
  await setSetting(db, 'activeModelId', 'abc');
  expect(await getSetting(db, 'activeModelId')).toBe('abc');
  await deleteSetting(db, 'activeModelId');
  expect(await getSetting(db, 'activeModelId')).toBeUndefined();
});
