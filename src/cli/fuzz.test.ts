/**
 * A generated corpus of bad inputs against the CLI (nothing committed: every case is built here
 * from the small fixtures). Each case is "handled cleanly" when: the exit code is 0 or 2 (1 only
 * for an output device that fails), a failure says what is wrong on stderr as
 * "exoforest <command>: ...", no stack trace or raw control character reaches the terminal,
 * the inputs are unchanged, no temporary file is left, and the output is either absent (on a
 * failure) or complete (a CSV whose every record has the header's fields, or a readable model).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../lib/core/model/index.ts';
import { cliFixture, run } from './test-run.ts';

interface Case {
  name: string;
  argv: string[];
  /** Files that must be unchanged afterwards. */
  inputs: string[];
  /** Where output is written (checked: absent on failure, complete on success). */
  out?: { file: string; kind: 'csv' | 'model' };
  /** Exit codes accepted (default 0 and 2). */
  codes?: number[];
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha = (f: string) =>
  existsSync(f) && statSync(f).isFile()
    ? createHash('sha256').update(readFileSync(f)).digest('hex')
    : 'not a file';
const STACK = /\n\s+at .+:\d+:\d+|TypeError|ReferenceError|RangeError|Maximum call stack/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // eslint-disable-line no-control-regex

let dir: string;
let model: string;
const cases: Case[] = [];

function table(name: string, content: string | Uint8Array): string {
  const f = path.join(dir, 'in', name);
  writeFileSync(f, content);
  return f;
}

function buildCorpus(): void {
  const toi = readFileSync(cliFixture('toi.csv'), 'utf8');
  const koi = readFileSync(cliFixture('koi.csv'), 'utf8');
  const k2 = readFileSync(cliFixture('k2.csv'), 'utf8');
  const modelBytes = readFileSync(model);
  const rand = rng(16);
  const lines = toi.split('\n');
  const h = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
  const header = lines[h];
  const csvOut = (n: string) => ({ file: path.join(dir, 'out', `${n}.csv`), kind: 'csv' as const });
  const classifyCase = (name: string, content: string | Uint8Array) => {
    const f = table(`${name}.csv`, content);
    const out = csvOut(name);
    cases.push({
      name: `classify ${name}`,
      argv: ['classify', f, '--model', model, '--out', out.file],
      inputs: [f, model],
      out
    });
  };

  // Tables: empty, blank, comments only, header only, binary formats.
  const fixed: [string, string | Uint8Array][] = [
    ['empty', ''],
    ['blank-lines', '\n\n  \n\t\n'],
    ['comments-only', '# only\n# comments\n'],
    ['header-only', lines.slice(0, h + 1).join('\n')],
    ['png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ['zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
    ['gzip', gzipSync(Buffer.from(toi))],
    ['pdf', '%PDF-1.4\n%\xe2\xe3\n'],
    ['xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])],
    ['utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toi, 'utf16le')])],
    ['nul-bytes', `a,b\n1\u00002,3\n`],
    ['unknown-table', 'foo,bar,baz\n1,2,3\n'],
    ['no-features', 'toi,tid,tfopwg_disp\n1.01,5,PC\n'],
    ['unterminated-quote', `${header}\n"1000.01,${'x,'.repeat(5000)}`],
    ['duplicate-header', `${header},pl_orbper\n${lines[h + 1]},1\n`],
    ['decimal-comma-comma-delimited', toi.replace(/(\d)\.(\d)/g, '$1,$2')],
    [
      'all-na',
      [header, ...lines.slice(h + 1, h + 20).map((l) => l.replace(/[^,]+/g, 'n/a'))].join('\n')
    ],
    ['control-chars-header', toi.replace('pl_orbper', 'pl_\x1b]0;t\x07orbper')],
    ['control-chars-cells', toi.replace(/,PC,/g, ',P\x1b[2JC,')],
    ['huge-numbers', toi.replace(/,(\d+\.\d+),/g, ',1e400,')],
    ['infinity-tokens', toi.replace(/,(\d+\.\d+),/g, ',Infinity,')],
    ['negative-everything', toi.replace(/,(\d+\.\d+),/g, ',-$1,')],
    ['formula-cells', toi.replace(/,PC,/g, ',=cmd|calc!A1,')],
    ['cr-only', toi.replace(/\n/g, '\r')],
    ['mixed-line-ends', toi.replace(/\n/g, (_m) => (rand() < 0.5 ? '\r\n' : '\n'))],
    ['bom-twice', `\ufeff\ufeff${toi}`],
    ['ragged-every-row', [header, ...lines.slice(h + 1).map((l) => l + ',extra,cells')].join('\n')],
    ['one-giant-field', `${header}\n"${'9'.repeat(200000)}"\n`],
    ['quoted-numeric-newline', toi.replace(/,(\d+\.\d+),/, ',"12\n",')],
    ['k2-all-not-default', k2.replace(/,1,/g, ',0,')],
    ['only-delimiters', ',,,,\n,,,,\n'],
    [
      'semicolon-header-comma-rows',
      header.replace(/,/g, ';') + '\n' + lines.slice(h + 1).join('\n')
    ],
    ['tab-only', '\t\t\t\n\t\t\n'],
    [
      'not-utf8',
      Buffer.concat([
        Buffer.from(toi.slice(0, 3000)),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
        Buffer.from(toi.slice(3000))
      ])
    ],
    ['html', '<!doctype html><html><body>Not found</body></html>'],
    ['json', JSON.stringify({ rows: [1, 2, 3] })]
  ];
  for (const [name, content] of fixed) classifyCase(name, content);

  // Tables cut at random byte offsets, and with random bytes flipped.
  const bytes = Buffer.from(toi);
  for (let i = 0; i < 30; i++) {
    classifyCase(`truncated-${i}`, bytes.subarray(0, Math.floor(rand() * bytes.length)));
  }
  for (let i = 0; i < 30; i++) {
    const b = Buffer.from(bytes);
    for (let k = 0; k < 1 + Math.floor(rand() * 20); k++) {
      b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    }
    classifyCase(`flipped-${i}`, b);
  }
  // Random fields shuffled between rows (wrong field counts, text in number columns).
  for (let i = 0; i < 10; i++) {
    const shuffled = lines.map((l, k) => {
      if (k <= h || l === '') return l;
      const cells = l.split(',');
      const a = Math.floor(rand() * cells.length);
      const b2 = Math.floor(rand() * cells.length);
      [cells[a], cells[b2]] = [cells[b2], cells[a]];
      return rand() < 0.1 ? cells.slice(0, a).join(',') : cells.join(',');
    });
    classifyCase(`shuffled-${i}`, shuffled.join('\n'));
  }

  // Training data that must not make a model.
  const trainBad: [string, string | Uint8Array][] = [
    ['train-empty', ''],
    [
      'train-all-na',
      [header, ...lines.slice(h + 1).map((l) => l.replace(/,(-?\d+\.\d+)/g, ',n/a'))].join('\n')
    ],
    ['train-no-labels', toi.replace(/,(PC|FP|KP|CP|APC|FA),/g, ',,')],
    ['train-unknown-labels', toi.replace(/,(PC|FP|KP|CP|APC|FA),/g, ',MAYBE,')],
    ['train-binary', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])],
    ['train-header-only', lines.slice(0, h + 1).join('\n')],
    ['train-one-row', [header, lines[h + 1]].join('\n')],
    ['train-duplicate-header', koi.replace('koi_period,', 'koi_period,koi_period,')]
  ];
  for (const [name, content] of trainBad) {
    const f = table(`${name}.csv`, content);
    const out = { file: path.join(dir, 'out', `${name}.exoforest`), kind: 'model' as const };
    cases.push({
      name,
      argv: ['train', '--data', f, '--trees', '1', '--out', out.file],
      inputs: [f],
      out
    });
  }

  // Model files: empty, text, truncated, flipped, bombs, devices, huge.
  const modelCase = (name: string, content: string | Uint8Array | null, file?: string) => {
    const f = file ?? path.join(dir, 'in', `${name}.exoforest`);
    if (content !== null) writeFileSync(f, content);
    cases.push({ name: `inspect ${name}`, argv: ['inspect', f], inputs: file ? [] : [f] });
  };
  modelCase('model-empty', '');
  modelCase('model-csv', toi);
  modelCase('model-json', '{"format":"exoforest-model"}');
  modelCase('model-gzip-garbage', gzipSync(Buffer.from('EXOF garbage garbage')));
  modelCase('model-gzip-bomb', gzipSync(Buffer.alloc(80 * 1024 * 1024)));
  modelCase('model-gzip-text', gzipSync(Buffer.from(toi)));
  modelCase('model-dev-zero', null, '/dev/zero');
  modelCase('model-dev-null', null, '/dev/null');
  modelCase('model-folder', null, path.join(dir, 'in'));
  modelCase('model-missing', null, path.join(dir, 'in', 'no-such.exoforest'));
  const sparse = path.join(dir, 'in', 'model-huge.exoforest');
  writeFileSync(sparse, '');
  truncateSync(sparse, 300 * 1024 * 1024);
  modelCase('model-huge-sparse', null, sparse);
  for (let i = 0; i < 15; i++) {
    modelCase(
      `model-truncated-${i}`,
      modelBytes.subarray(0, Math.floor(rand() * modelBytes.length))
    );
  }
  for (let i = 0; i < 15; i++) {
    const b = Buffer.from(modelBytes);
    for (let k = 0; k < 1 + Math.floor(rand() * 8); k++) {
      b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    }
    modelCase(`model-flipped-${i}`, b);
  }

  // Paths: outputs that are inputs, folders, devices, bad options.
  const good = table('good.csv', toi);
  const link = path.join(dir, 'in', 'good-link.csv');
  execFileSync('ln', ['-s', good, link]);
  const hard = path.join(dir, 'in', 'good-hard.csv');
  execFileSync('ln', [good, hard]);
  const fileAsDir = path.join(dir, 'in', 'good.csv', 'x.csv');
  const pathCases: [string, string[], number[]?][] = [
    ['out-is-input', ['classify', good, '--model', model, '--out', good]],
    ['out-is-symlink-to-input', ['classify', good, '--model', model, '--out', link]],
    ['out-is-hardlink-to-input', ['classify', good, '--model', model, '--out', hard]],
    ['out-is-model', ['classify', good, '--model', model, '--out', model]],
    ['train-out-is-data', ['train', '--data', good, '--out', good, '--trees', '1']],
    [
      'train-json-is-data',
      ['train', '--data', good, '--out', path.join(dir, 'out', 'x.exoforest'), '--json', good]
    ],
    [
      'train-out-is-json',
      [
        'train',
        '--data',
        good,
        '--out',
        path.join(dir, 'out', 'same'),
        '--json',
        path.join(dir, 'out', 'same')
      ]
    ],
    ['out-is-folder', ['classify', good, '--model', model, '--out', path.join(dir, 'out')]],
    ['out-under-a-file', ['classify', good, '--model', model, '--out', fileAsDir]],
    ['out-dev-full', ['classify', good, '--model', model, '--out', '/dev/full'], [1, 2]],
    ['input-folder', ['classify', path.join(dir, 'in'), '--model', model]],
    ['input-missing', ['classify', path.join(dir, 'in', 'nope.csv'), '--model', model]],
    [
      'input-dev-zero',
      ['classify', '/dev/zero', '--model', model, '--out', path.join(dir, 'out', 'z.csv')]
    ],
    [
      'plan-is-csv',
      ['train', '--data', good, '--plan', good, '--out', path.join(dir, 'out', 'p.exoforest')]
    ],
    [
      'plan-dev-zero',
      [
        'train',
        '--data',
        good,
        '--plan',
        '/dev/zero',
        '--out',
        path.join(dir, 'out', 'p.exoforest')
      ]
    ],
    [
      'trees-negative',
      ['train', '--data', good, '--trees', '-5', '--out', path.join(dir, 'out', 't.exoforest')]
    ],
    [
      'trees-huge',
      ['train', '--data', good, '--trees', '1e9', '--out', path.join(dir, 'out', 't.exoforest')]
    ],
    [
      'seed-text',
      ['train', '--data', good, '--seed', 'abc', '--out', path.join(dir, 'out', 't.exoforest')]
    ],
    [
      'holdout-nan',
      ['train', '--data', good, '--holdout', 'NaN', '--out', path.join(dir, 'out', 't.exoforest')]
    ],
    [
      'stages-empty',
      ['train', '--data', good, '--stages', ',,', '--out', path.join(dir, 'out', 't.exoforest')]
    ],
    ['top-zero', ['inspect', model, '--top', '0']],
    ['eval-data-file', ['eval', '--data', good]],
    ['eval-empty-folder', ['eval', '--data', path.join(dir, 'empty')]],
    [
      'control-char-file-name',
      ['classify', path.join(dir, 'in', 'x\x1b[31m\x07.csv'), '--model', model]
    ],
    ['unknown-command-control', ['\x1b]0;x\x07']]
  ];
  mkdirSync(path.join(dir, 'empty'));
  for (const [name, argv, codes] of pathCases) {
    cases.push({ name, argv, inputs: [good, model], codes });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'exoforest-fuzz-'));
  mkdirSync(path.join(dir, 'in'));
  mkdirSync(path.join(dir, 'out'));
  model = path.join(dir, 'in', 'small.exoforest');
  const r = await run(
    'train',
    '--data',
    cliFixture('koi.csv'),
    '--data',
    cliFixture('k2.csv'),
    '--data',
    cliFixture('toi.csv'),
    '--trees',
    '2',
    '--out',
    model
  );
  if (r.code !== 0) throw new Error(r.stderr);
  buildCorpus();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Why a case was not handled cleanly ('' when it was). */
async function check(c: Case): Promise<string> {
  const before = c.inputs.map(sha);
  const args = c.argv;
  const r = await run(...args);
  const problems: string[] = [];
  const codes = c.codes ?? [0, 2];
  if (!codes.includes(r.code)) problems.push(`exit ${r.code}`);
  if (STACK.test(r.stderr)) problems.push('stack trace or internal error on stderr');
  if (CONTROL.test(r.stderr)) problems.push('raw control character on stderr');
  if (r.code !== 0 && !/^exoforest( \w+)?: \S/m.test(r.stderr)) problems.push('no message');
  c.inputs.forEach((f, k) => {
    if (sha(f) !== before[k]) problems.push(`input ${path.basename(f)} changed`);
  });
  const leftovers = readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.tmp'));
  if (leftovers.length) problems.push(`temporary files left: ${leftovers.join(', ')}`);
  if (c.out) {
    const there = existsSync(c.out.file);
    if (r.code !== 0 && there) problems.push('output written although the run failed');
    if (r.code === 0 && !there) problems.push('no output although the run succeeded');
    if (r.code === 0 && there && c.out.kind === 'csv') {
      const parsed = Papa.parse<string[]>(readFileSync(c.out.file, 'utf8'), {
        skipEmptyLines: true
      });
      const width = parsed.data[0]?.length ?? 0;
      if (!parsed.data[0]?.includes('pred_label')) problems.push('output has no pred_label');
      if (parsed.data.some((row) => row.length !== width))
        problems.push('output rows of the wrong width');
    }
    if (r.code === 0 && there && c.out.kind === 'model') {
      try {
        readModel(new Uint8Array(readFileSync(c.out.file)));
      } catch (e) {
        problems.push(`unreadable model: ${(e as Error).message}`);
      }
    }
    if (there) rmSync(c.out.file);
  }
  return problems.length ? `${problems.join('; ')} | ${r.stderr.slice(0, 300)}` : '';
}

describe('fuzz corpus of bad inputs', () => {
  it('handles every case cleanly', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const failures: string[] = [];
    for (const c of cases) {
      const why = await check(c);
      if (why) failures.push(`${c.name}: ${why}`);
    }
    console.log(`fuzz: ${cases.length} tried, ${cases.length - failures.length} handled cleanly`);
    expect(failures).toEqual([]);
  });
});
