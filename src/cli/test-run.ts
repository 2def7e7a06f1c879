/** Test helpers: the CLI run in-process (main(argv), streams captured) or as a real process. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from './main.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/exoforest.js');
export const cliFixture = (name: string) => path.join(ROOT, 'tests/fixtures/cli', name);
export const DEFAULT_MODEL_FILE = path.join(ROOT, 'models/default.exoforest');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main(argv) with both streams (and console.*) captured. */
export async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink =
    (append: (s: string) => void) =>
    (chunk: unknown, a?: unknown, b?: unknown): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const cb = typeof a === 'function' ? a : typeof b === 'function' ? b : undefined;
      if (cb) (cb as () => void)();
      return true;
    };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(sink((s) => (stdout += s)) as never),
    vi.spyOn(process.stderr, 'write').mockImplementation(sink((s) => (stderr += s)) as never),
    vi
      .spyOn(console, 'log')
      .mockImplementation((...x: unknown[]) => void (stdout += x.join(' ') + '\n')),
    vi
      .spyOn(console, 'error')
      .mockImplementation((...x: unknown[]) => void (stderr += x.join(' ') + '\n'))
  ];
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** Runs bin/exoforest.js as a child process; `input` is written to its standard input. */
export function runProcess(
  argv: string[],
  opts: { input?: string | Buffer; cwd?: string; shell?: boolean } = {}
): Promise<Run & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = opts.shell
      ? spawn('bash', ['-c', argv.join(' ')], { cwd: opts.cwd ?? ROOT })
      : spawn(process.execPath, [BIN, ...argv], { cwd: opts.cwd ?? ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
