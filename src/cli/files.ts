/** File access for the commands: every failure becomes a CliError naming the file and the fix. */
import {
  mkdirSync,
  openAsBlob,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  rmSync
} from 'node:fs';
import path from 'node:path';
import { parseCsvBlobWithRaw, type LoadResultWithRaw } from '../lib/core/classify/index.ts';
import { LoadError, parseCsvBlob, type LoadResult } from '../lib/core/missions/index.ts';
import { ModelFileError, readModel, type ModelFile } from '../lib/core/model/index.ts';
import { CliError } from './errors';

/** Checks that `file` is a readable regular file; `what` names it in messages ("data file"). */
export function assertReadableFile(file: string, what: string, option: string): void {
  const abs = path.resolve(file);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CliError(
        `${what} "${file}" does not exist (looked for ${abs}). Check the path given to ${option}.`
      );
    }
    throw new CliError(`cannot open ${what} "${file}": ${(e as Error).message}.`);
  }
  if (st.isDirectory()) {
    throw new CliError(`${what} "${file}" is a folder; give a file to ${option}.`);
  }
}

function ioMessage(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  return error.message;
}

export interface LoadedTable extends LoadResult {
  file: string;
}

/** Loads one archive table (or canonical CSV); LoadErrors become CliErrors naming the file. */
export async function loadTable(
  file: string,
  option: string,
  onProgress?: (done: number, total: number) => void
): Promise<LoadedTable> {
  assertReadableFile(file, 'data file', option);
  try {
    const blob = await openAsBlob(path.resolve(file));
    const res = await parseCsvBlob(blob, { name: path.basename(file), onProgress });
    return { ...res, file };
  } catch (e) {
    if (e instanceof LoadError) throw new CliError(`cannot use "${file}": ${e.message}`);
    if ((e as NodeJS.ErrnoException).code)
      throw new CliError(`cannot read "${file}": ${ioMessage(e)}.`);
    throw e;
  }
}

/** Same, keeping every raw row (for classification output). */
export async function loadTableWithRaw(file: string, option: string): Promise<LoadResultWithRaw> {
  assertReadableFile(file, 'input file', option);
  try {
    const blob = await openAsBlob(path.resolve(file));
    return await parseCsvBlobWithRaw(blob, { name: path.basename(file) });
  } catch (e) {
    if (e instanceof LoadError) throw new CliError(`cannot classify "${file}": ${e.message}`);
    if ((e as NodeJS.ErrnoException).code)
      throw new CliError(`cannot read "${file}": ${ioMessage(e)}.`);
    throw e;
  }
}

/** Reads and validates a model file. */
export function loadModel(file: string, option: string): ModelFile {
  assertReadableFile(file, 'model file', option);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path.resolve(file)));
  } catch (e) {
    throw new CliError(`cannot read model "${file}": ${ioMessage(e)}.`);
  }
  try {
    return readModel(bytes);
  } catch (e) {
    if (e instanceof ModelFileError) {
      throw new CliError(
        `cannot use model "${file}": ${e.message} Give a model written by "exoforest train" (*.exoforest), or retrain it.`
      );
    }
    throw e;
  }
}

/** Fails early (before any work) when an output path is a folder. */
export function assertOutputPath(file: string, option: string): void {
  if (statSync(path.resolve(file), { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliError(
      `${option} "${file}" is a folder; give a file name, e.g. ${path.join(file, 'out')}.`
    );
  }
}

/**
 * Writes a file whole or not at all: into a temporary file beside the target, then renamed
 * over it, so an interrupted run never leaves a half-written model or report.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, option: string): void {
  const abs = path.resolve(file);
  try {
    if (statSync(abs, { throwIfNoEntry: false })?.isDirectory()) {
      throw new CliError(
        `${option} "${file}" is a folder; give a file name, e.g. ${path.join(file, 'out')}.`
      );
    }
    mkdirSync(path.dirname(abs), { recursive: true });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot create the folder for ${option} "${file}": ${ioMessage(e)}.`);
  }
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${option} "${file}": ${ioMessage(e)}.`);
  }
}
