/**
 * Nothing the user has is lost: an output that names an input (or another output) is refused
 * before anything is read; symlinks are written through, FIFOs and devices in place, `-` is
 * standard output, and a signal during a write leaves no temporary file.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFixture, DEFAULT_MODEL_FILE, ROOT, run } from './test-run.ts';

let tmp: string;
let table: string;
let tableText: string;
let model: string;
let modelBytes: Buffer;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'exoforest-out-'));
  table = path.join(tmp, 'toi.csv');
  tableText = readFileSync(cliFixture('toi.csv'), 'utf8');
  writeFileSync(table, tableText);
  model = path.join(tmp, 'm.exoforest');
  modelBytes = readFileSync(DEFAULT_MODEL_FILE);
  writeFileSync(model, modelBytes);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rows = (text: string) =>
  Papa.parse<string[]>(text, { comments: '#', skipEmptyLines: true }).data;

describe('an output that is an input is refused before anything is read (exit 2)', () => {
  it('classify x.csv --out x.csv', async () => {
    const r = await run('classify', table, '--model', model, '--out', table);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--out ".*toi\.csv" is the same file as FILE .*would destroy the input/
    );
    expect(readFileSync(table, 'utf8')).toBe(tableText);
  });

  it('through a hard link and through a symlink', async () => {
    const hard = path.join(tmp, 'hard.csv');
    const soft = path.join(tmp, 'soft.csv');
    linkSync(table, hard);
    symlinkSync(table, soft);
    for (const out of [hard, soft, path.join(tmp, '.', 'sub', '..', 'toi.csv')]) {
      const r = await run('classify', table, '--model', model, '--out', out);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/is the same file as FILE/);
    }
    expect(readFileSync(table, 'utf8')).toBe(tableText);
    expect(lstatSync(soft).isSymbolicLink()).toBe(true);
  });

  it('classify … --model m --out m', async () => {
    const r = await run('classify', table, '--model', model, '--out', model);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is the same file as --model/);
    expect(readFileSync(model).equals(modelBytes)).toBe(true);
  });

  it('train --data k.csv --out k.csv, and --out m --json m', async () => {
    const r = await run('train', '--data', table, '--out', table, '--trees', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out ".*" is the same file as --data/);
    expect(readFileSync(table, 'utf8')).toBe(tableText);
    const m = path.join(tmp, 'new.exoforest');
    const r2 = await run('train', '--data', table, '--out', m, '--json', m, '--trees', '1');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--json and --out name the same file/);
    expect(existsSync(m)).toBe(false);
    const r3 = await run('train', '--data', table, '--out', '-', '--json', '-', '--trees', '1');
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/both write to standard output/);
  });

  it('eval --json onto one of the folder tables', async () => {
    const dir = mkdtempSync(path.join(tmp, 'eval-'));
    writeFileSync(path.join(dir, 'toi.csv'), tableText);
    const r = await run('eval', '--data', dir, '--json', path.join(dir, 'toi.csv'));
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(dir, 'toi.csv'), 'utf8')).toBe(tableText);
  });
});

describe('where the output lands', () => {
  it('writes through a symlink to its target; the link stays', async () => {
    const target = path.join(tmp, 'target.csv');
    const link = path.join(tmp, 'link.csv');
    writeFileSync(target, 'old');
    symlinkSync(target, link);
    const r = await run('classify', table, '--model', model, '--out', link);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(rows(readFileSync(target, 'utf8')).length).toBe(rows(tableText).length);
  });

  it('streams into a FIFO: its reader gets the whole CSV', async () => {
    const fifo = path.join(tmp, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d) => (got += d));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const r = await run('classify', table, '--model', model, '--out', fifo);
    await done;
    expect(r.code).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(rows(got).length).toBe(rows(tableText).length);
  });

  it('a character device stays one: /dev/null, and /dev/full fails with a message', async () => {
    const r = await run('classify', table, '--model', model, '--out', '/dev/null');
    expect(r.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const full = await run('classify', table, '--model', model, '--out', '/dev/full');
    expect(full.code).not.toBe(0);
    expect(full.stderr).toMatch(/cannot write --out "\/dev\/full": no space left on the device/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('--out - writes to standard output; train --out - sends the metrics table to stderr', async () => {
    const r = await run('classify', table, '--model', model, '--out', '-');
    expect(r.code).toBe(0);
    expect(rows(r.stdout).length).toBe(rows(tableText).length);
    const j = path.join(tmp, 'r.json');
    const t = await run(
      'train',
      '--data',
      cliFixture('koi.csv'),
      '--trees',
      '1',
      '--out',
      path.join(tmp, 't.exoforest'),
      '--json',
      '-'
    );
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout).tool).toBe('exoforest');
    expect(t.stderr).toMatch(/majority/);
    expect(existsSync(j)).toBe(false);
  });

  it('a folder, a socket-like target or a missing parent folder get a clear message', async () => {
    const r = await run('classify', table, '--model', model, '--out', tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a folder; give a file name/);
    const nested = path.join(tmp, 'a', 'b', 'out.csv');
    const r2 = await run('classify', table, '--model', model, '--out', nested);
    expect(r2.code).toBe(0);
    expect(existsSync(nested)).toBe(true);
  });
});

describe('signals during a write', () => {
  it('SIGTERM removes OUT.<pid>.tmp and exits 143', async () => {
    const dir = mkdtempSync(path.join(tmp, 'sig-'));
    const script = path.join(dir, 'hold.mts');
    writeFileSync(
      script,
      `import { openOutput } from ${JSON.stringify(path.join(ROOT, 'src/cli/output.ts'))};
const s = openOutput(process.argv[2], '--out');
await s.write('x'.repeat(1 << 20));
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`
    );
    const out = path.join(dir, 'big.csv');
    const child = spawn(process.execPath, ['--import', 'tsx', script, out], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => String(d).includes('ready') && resolve())
    );
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(stderr).toMatch(/stopped by SIGTERM; nothing was written/);
  });
});
