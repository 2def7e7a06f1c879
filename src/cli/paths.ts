/** Paths relative to the package root (not the current directory), so `npx exoforest` works anywhere. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the folder holding package.json, bin/, src/ and models/. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shipped default model. */
export const DEFAULT_MODEL = path.join(PACKAGE_ROOT, 'models', 'default.exoforest');

/** The archive tables beside the project (tests, evaluation, the default model). */
export const DEFAULT_DATA_DIR =
  process.env.EXOFOREST_DATA ?? path.resolve(PACKAGE_ROOT, '../shared/data');
