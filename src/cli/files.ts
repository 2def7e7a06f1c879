/** File access for the commands: every failure becomes a CliError naming the file and the fix. */
import {
  createReadStream,
  mkdtempSync,
  openAsBlob,
  readFileSync,
  statSync,
  type Stats
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  LoadError,
  MAX_INPUT_BYTES,
  parseCsvBlob,
  type LoadResult
} from '../lib/core/missions/index.ts';
import {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  ModelFileError,
  readModel,
  type ModelFile
} from '../lib/core/model/index.ts';
import { CliError } from './errors.ts';
import { removeTemp, STDIO, trackTemp } from './output.ts';
import { shown } from './text.ts';

/** A model file larger than this cannot decompress within the reader's limit: refused unread. */
export const MAX_MODEL_FILE_BYTES = DEFAULT_MAX_DECOMPRESSED_BYTES;

function ioMessage(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  return error.message;
}

const mb = (b: number) => `${Math.round(b / (1024 * 1024))} MB`;

/** stat of an input, or a CliError saying it does not exist / cannot be opened. */
function statInput(file: string, what: string, option: string): Stats {
  const abs = path.resolve(file);
  try {
    return statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CliError(
        `${what} ${shown(file)} does not exist (looked for ${shown(abs)}). Check the path given to ${option}.`
      );
    }
    throw new CliError(`cannot open ${what} ${shown(file)}: ${ioMessage(e)}.`);
  }
}

/**
 * Checks that `file` can be read: a regular file, `-` (standard input), or a pipe / FIFO /
 * character device (read as a stream). `what` names it in messages ("data file").
 */
export function assertReadableFile(file: string, what: string, option: string): void {
  if (file === STDIO) return;
  const st = statInput(file, what, option);
  if (st.isDirectory()) {
    throw new CliError(`${what} ${shown(file)} is a folder; give a file to ${option}.`);
  }
  if (st.isSocket() || st.isBlockDevice()) {
    throw new CliError(
      `${what} ${shown(file)} is a ${st.isSocket() ? 'socket' : 'block device'}, not a file; give a CSV file to ${option}.`
    );
  }
}

/** The name shown for an input: its base name, or "standard input". */
export function inputName(file: string): string {
  return file === STDIO ? 'standard input' : path.basename(file);
}

/** A readable regular file holding the input: the file itself, or a bounded copy of a stream. */
export interface SeekableInput {
  path: string;
  /** Removes the copy, if one was made. */
  release(): void;
}

/**
 * Standard input, a pipe, a process substitution or a character device is copied into a
 * temporary file (at most `maxBytes`, refused beyond; binary content is refused at its first
 * bytes), so the loaders can read it by size and, for classify, twice. Regular files are used
 * as they are.
 */
export async function seekableInput(
  file: string,
  option: string,
  maxBytes: number
): Promise<SeekableInput> {
  if (file !== STDIO) {
    const st = statInput(file, 'input file', option);
    if (st.isFile()) return { path: path.resolve(file), release() {} };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'exoforest-input-'));
  trackTemp(dir);
  const copy = path.join(dir, 'input.csv');
  const name = inputName(file);
  const source = file === STDIO ? process.stdin : createReadStream(path.resolve(file));
  const sink = await open(copy, 'w');
  let total = 0;
  let first = true;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (first && chunk.length > 0) {
        first = false;
        const head = chunk.subarray(0, 1024);
        if (head.includes(0)) {
          throw new CliError(
            `${option} ${shown(name)} holds binary data (NUL bytes), not CSV text. Give a CSV file.`
          );
        }
      }
      total += chunk.length;
      if (total > maxBytes) {
        throw new CliError(
          `${option} ${shown(name)} is larger than ${mb(maxBytes)}, the limit for this command. Split the table, or give fewer rows.`
        );
      }
      await sink.write(chunk);
    }
  } catch (e) {
    await sink.close();
    removeTemp(dir);
    if (file !== STDIO) (source as ReturnType<typeof createReadStream>).destroy();
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${option} ${shown(name)}: ${ioMessage(e)}.`);
  }
  await sink.close();
  return { path: copy, release: () => removeTemp(dir) };
}

export interface LoadedTable extends LoadResult {
  file: string;
}

/** Loads one archive table (or canonical CSV); LoadErrors become CliErrors naming the file. */
export async function loadTable(
  file: string,
  option: string,
  onProgress?: (done: number, total: number) => void,
  maxBytes = MAX_INPUT_BYTES
): Promise<LoadedTable> {
  assertReadableFile(file, 'data file', option);
  const input = await seekableInput(file, option, maxBytes);
  try {
    const blob = await openAsBlob(input.path);
    const res = await parseCsvBlob(blob, { name: inputName(file), onProgress, maxBytes });
    return { ...res, file };
  } catch (e) {
    if (e instanceof LoadError) throw new CliError(`cannot use ${shown(file)}: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code)
      throw new CliError(`cannot read ${shown(file)}: ${ioMessage(e)}.`);
    throw e;
  } finally {
    input.release();
  }
}

/**
 * Reads and validates a model file. Its size and type are checked before a byte is read:
 * only a regular file (or a pipe, read up to the limit) of at most MAX_MODEL_FILE_BYTES.
 */
export async function loadModel(file: string, option: string): Promise<ModelFile> {
  if (file === STDIO) {
    throw new CliError(
      `${option}: a model cannot be read from standard input; give the model file's name.`
    );
  }
  const st = statInput(file, 'model file', option);
  if (st.isDirectory()) {
    throw new CliError(`model file ${shown(file)} is a folder; give a file to ${option}.`);
  }
  if (!st.isFile() && !st.isFIFO()) {
    throw new CliError(
      `model file ${shown(file)} is not a regular file (a ${st.isCharacterDevice() ? 'character device' : st.isBlockDevice() ? 'block device' : 'socket'}); give a model written by "exoforest train" (*.exoforest).`
    );
  }
  if (st.isFile() && st.size > MAX_MODEL_FILE_BYTES) {
    throw new CliError(
      `model file ${shown(file)} is ${mb(st.size)}; a model is at most ${mb(MAX_MODEL_FILE_BYTES)}, so this is not one. Give a model written by "exoforest train" (*.exoforest).`
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = st.isFile()
      ? new Uint8Array(readFileSync(path.resolve(file)))
      : await readCapped(path.resolve(file), MAX_MODEL_FILE_BYTES, file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read model ${shown(file)}: ${ioMessage(e)}.`);
  }
  try {
    return readModel(bytes);
  } catch (e) {
    if (e instanceof ModelFileError) {
      throw new CliError(
        `cannot use model ${shown(file)}: ${e.message} Give a model written by "exoforest train" (*.exoforest), or retrain it.`
      );
    }
    throw e;
  }
}

/** Reads a stream up to `max` bytes; more is refused. */
async function readCapped(file: string, max: number, shownName: string): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(file);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      stream.destroy();
      throw new CliError(
        `model file ${shown(shownName)} is larger than ${mb(max)}, so it is not a model. Give a model written by "exoforest train" (*.exoforest).`
      );
    }
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}
