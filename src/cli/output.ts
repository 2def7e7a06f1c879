/**
 * Where the commands write, safely: an output never overwrites one of the run's inputs or
 * another output (compared by real path and by device + inode, so hard links and symlinks
 * count), a symlink is written through to its target, a FIFO or character device is streamed
 * into rather than replaced, `-` is standard output, and a regular file is written into a
 * temporary file beside it and renamed over it, which a signal removes.
 */
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats
} from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.ts';
import { shown } from './text.ts';

/** A file the command reads or writes, with the option that named it (for messages). */
export interface NamedPath {
  file: string;
  option: string;
}

/** `-` names standard input (for inputs) or standard output (for outputs). */
export const STDIO = '-';

function ioMessage(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  if (error.code === 'ENOSPC') return 'no space left on the device';
  return error.message;
}

/**
 * The path a write to `file` lands on: symlinks (of the file itself and of its folders) are
 * followed; a file that does not exist yet resolves through its folder.
 */
export function landingPath(file: string): string {
  const abs = path.resolve(file);
  try {
    return realpathSync(abs);
  } catch {
    // Not there yet, or a dangling symlink: follow the link by hand, then resolve the folder.
    let target = abs;
    for (let hops = 0; hops < 40; hops++) {
      let st: Stats;
      try {
        st = lstatSync(target);
      } catch {
        break;
      }
      if (!st.isSymbolicLink()) break;
      target = path.resolve(path.dirname(target), readlink(target));
    }
    let dir = path.dirname(target);
    try {
      dir = realpathSync(dir);
    } catch {
      // The folder does not exist yet; it is created at write time.
    }
    return path.join(dir, path.basename(target));
  }
}

function readlink(p: string): string {
  return readlinkSync(p);
}

/** stat, or undefined when nothing is there (a missing file, or a file where a folder should be). */
function safeStat(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** The nearest existing ancestor folder of `p` that is not a folder, if any. */
function fileInPath(p: string): string | null {
  for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
    const st = safeStat(dir);
    if (st) return st.isDirectory() ? null : dir;
    if (path.dirname(dir) === dir) return null;
  }
}

interface Identity {
  real: string;
  dev?: number;
  ino?: number;
}

function identity(file: string): Identity {
  const real = landingPath(file);
  const st = safeStat(real);
  return st ? { real, dev: st.dev, ino: st.ino } : { real };
}

function same(a: Identity, b: Identity): boolean {
  if (a.real === b.real) return true;
  return a.ino !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Refuses (exit 2, before anything is read) an output that is one of the inputs or another
 * output. Character devices (/dev/null, /dev/stdout) may be named more than once.
 */
export function assertDistinctPaths(outputs: NamedPath[], inputs: NamedPath[]): void {
  const seen: { p: NamedPath; id: Identity }[] = [];
  let stdout: NamedPath | null = null;
  for (const o of outputs) {
    if (o.file === STDIO) {
      if (stdout) {
        throw new CliError(
          `${stdout.option} and ${o.option} both write to standard output ("-"); give one of them a file name.`
        );
      }
      stdout = o;
    }
  }
  const inIds = inputs.filter((i) => i.file !== STDIO).map((i) => ({ p: i, id: identity(i.file) }));
  for (const o of outputs) {
    if (o.file === STDIO) continue;
    const id = identity(o.file);
    const st = safeStat(id.real);
    if (st?.isCharacterDevice()) continue;
    for (const i of inIds) {
      if (same(id, i.id)) {
        throw new CliError(
          `${o.option} ${shown(o.file)} is the same file as ${i.p.option} ${shown(i.p.file)}` +
            `${id.real !== path.resolve(o.file) ? ` (both are ${shown(id.real)})` : ''}; ` +
            'writing it would destroy the input. Choose another output file name.'
        );
      }
    }
    for (const s of seen) {
      if (same(id, s.id)) {
        throw new CliError(
          `${o.option} and ${s.p.option} name the same file (${shown(o.file)}); give each output its own file name.`
        );
      }
    }
    seen.push({ p: o, id });
  }
}

/** Fails early (before any work) when an output path is a folder or a file type nothing can be written to. */
export function assertOutputPath(file: string, option: string): void {
  if (file === STDIO) return;
  const target = landingPath(file);
  const blocker = fileInPath(target);
  if (blocker) {
    throw new CliError(
      `${option} ${shown(file)} cannot be created: ${shown(blocker)} is a file, not a folder. Give a path inside a folder.`
    );
  }
  const st = safeStat(target);
  if (st?.isDirectory()) {
    throw new CliError(
      `${option} ${shown(file)} is a folder; give a file name, e.g. ${shown(path.join(file, 'out'))}.`
    );
  }
  if (st && (st.isSocket() || st.isBlockDevice())) {
    throw new CliError(
      `${option} ${shown(file)} is a ${st.isSocket() ? 'socket' : 'block device'}; give a regular file name, or "-" for standard output.`
    );
  }
}

/**
 * Temporary files being written; removed on SIGINT, SIGTERM, SIGHUP and at exit. The handlers
 * are installed only while there is one, so they never outlive the write.
 */
const pending = new Set<string>();

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function removePending(): void {
  for (const f of pending) rmSync(f, { force: true, recursive: true });
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removePending();
  process.stderr.write(`\nexoforest: stopped by ${signal}; nothing was written to the output.\n`);
  process.exit(SIGNAL_CODES[signal] ?? 1);
}

function setHandlers(on: boolean): void {
  const method = on ? 'on' : 'off';
  process[method]('exit', removePending);
  for (const signal of Object.keys(SIGNAL_CODES)) process[method](signal, onSignal);
}

/** Registers a temporary file (or folder) to remove on a signal or at exit. */
export function trackTemp(file: string): void {
  if (pending.size === 0) setHandlers(true);
  pending.add(file);
}

/** Removes a tracked temporary file (or folder) now. */
export function removeTemp(file: string): void {
  rmSync(file, { force: true, recursive: true });
  untrack(file);
}

function untrack(file: string): void {
  if (pending.delete(file) && pending.size === 0) setHandlers(false);
}

/** An output opened for writing in pieces; `commit` makes it visible, `abort` removes it. */
export interface OutputSink {
  write(text: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

function stdoutSink(option: string): OutputSink {
  let broken = false;
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') broken = true;
  };
  process.stdout.on('error', onError);
  return {
    write(text) {
      if (broken) return Promise.resolve();
      return new Promise((resolve, reject) => {
        process.stdout.write(text, (e) => {
          if (!e) return resolve();
          // A reader that stops early (`| head`) closes the pipe: end the output quietly.
          if ((e as NodeJS.ErrnoException).code === 'EPIPE') {
            broken = true;
            return resolve();
          }
          reject(new CliError(`cannot write ${option} to standard output: ${ioMessage(e)}.`, 1));
        });
      });
    },
    async commit() {
      process.stdout.off('error', onError);
    },
    abort() {
      process.stdout.off('error', onError);
    }
  };
}

function fdWrite(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Opens `file` for writing. Regular files (or a name not there yet) get a temporary file beside
 * the symlink-resolved target; FIFOs and character devices are written in place.
 */
export function openOutput(file: string, option: string): OutputSink {
  if (file === STDIO) return stdoutSink(option);
  assertOutputPath(file, option);
  const target = landingPath(file);
  const st = safeStat(target);
  const fail = (e: unknown): never => {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write ${option} ${shown(file)}: ${ioMessage(e)}.`);
  };
  if (st && (st.isFIFO() || st.isCharacterDevice())) {
    let fd: number;
    try {
      fd = openSync(target, 'w');
    } catch (e) {
      return fail(e);
    }
    let closed = false;
    const close = () => {
      if (!closed) closeSync(fd);
      closed = true;
    };
    return {
      async write(text) {
        try {
          fdWrite(fd, text);
        } catch (e) {
          close();
          fail(e);
        }
      },
      async commit() {
        close();
      },
      abort: close
    };
  }
  try {
    mkdirSync(path.dirname(target), { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create the folder for ${option} ${shown(file)}: ${ioMessage(e)}.`);
  }
  const tmp = `${target}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', st ? st.mode & 0o777 : 0o666);
  } catch (e) {
    return fail(e);
  }
  trackTemp(tmp);
  let open = true;
  const abort = () => {
    if (open) closeSync(fd);
    open = false;
    removeTemp(tmp);
  };
  return {
    async write(text) {
      try {
        fdWrite(fd, text);
      } catch (e) {
        abort();
        fail(e);
      }
    },
    async commit() {
      try {
        fsyncSync(fd);
        closeSync(fd);
        open = false;
        renameSync(tmp, target);
        untrack(tmp);
      } catch (e) {
        abort();
        fail(e);
      }
    },
    abort
  };
}

/** Writes a whole file (or not at all) through openOutput. */
export async function writeOutput(
  file: string,
  data: string | Uint8Array,
  option: string
): Promise<void> {
  const sink = openOutput(file, option);
  try {
    await sink.write(data);
    await sink.commit();
  } catch (e) {
    sink.abort();
    throw e;
  }
}
