/**
 * The CLI against inputs a hostile or careless user gives it: control characters in names,
 * standard input and pipes, a model file that is huge or not a file, load warnings that must
 * reach stderr, and the streamed classify output (chunk boundaries, bounded buffers).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyTable,
  classifyToCsv,
  createRowClassifier,
  NOTE_MAX_LISTED,
  parseCsvTextWithRaw
} from '../lib/core/classify/index.ts';
import { parseCsvText } from '../lib/core/missions/index.ts';
import { readModel, writeModel, type ModelFile } from '../lib/core/model/index.ts';
import { writeClassified } from './classify-stream.ts';
import type { OutputSink } from './output.ts';
import { escapeControls } from './text.ts';
import { cliFixture, DEFAULT_MODEL_FILE, run, runProcess } from './test-run.ts';

let tmp: string;
let model: ModelFile;
const toiText = readFileSync(cliFixture('toi.csv'), 'utf8');
const records = (text: string) =>
  Papa.parse<string[]>(text, { comments: '#', skipEmptyLines: true }).data;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'exoforest-hostile-'));
  model = readModel(new Uint8Array(readFileSync(DEFAULT_MODEL_FILE)));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // eslint-disable-line no-control-regex

describe('control characters from files are escaped visibly', () => {
  it('escapeControls names ESC, BEL, C1 and bidi overrides', () => {
    expect(escapeControls('a\x1b]0;x\x07b\x9b\u202e\n')).toBe('a\\e]0;x\\ab\\x9B\\u202E\\n');
  });

  it('inspect: a model named "\\e]0;…\\a" cannot retitle the terminal', async () => {
    const evil = structuredClone(model);
    evil.meta.name = '\x1b]0;pwned\x07 model';
    evil.meta.notes = 'line\x1b[2Jcleared';
    const file = path.join(tmp, 'evil.exoforest');
    writeFileSync(file, writeModel(evil));
    const r = await run('inspect', file);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout).toContain('\\e]0;pwned\\a model');
    expect(r.stdout).toContain('line\\e[2Jcleared');
  });

  it('error messages: a file name, and a header read from the file', async () => {
    const r = await run('classify', path.join(tmp, 'no\x1b[31mred.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toContain('no\\e[31mred.csv');
    const bad = path.join(tmp, 'bell.csv');
    writeFileSync(bad, 'x\x07y,z\x1b[2J\n1,2\n');
    const r2 = await run('classify', bad);
    expect(r2.code).toBe(2);
    expect(r2.stderr).not.toMatch(CONTROL);
  });

  it('load warnings quoting cells', async () => {
    const file = path.join(tmp, 'cells.csv');
    const lines = toiText.split('\n');
    const header = lines.findIndex((l) => l.startsWith('toi,') || l.includes(',toi,'));
    const cols = Papa.parse<string[]>(lines[header]).data[0];
    const period = cols.indexOf('pl_orbper');
    const cells = Papa.parse<string[]>(lines[header + 1]).data[0];
    cells[period] = 'bad\x1b[2Jvalue';
    lines[header + 1] = Papa.unparse([cells]);
    writeFileSync(file, lines.join('\n'));
    const r = await run('classify', file, '--out', path.join(tmp, 'cells.out.csv'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: cells\.csv: pl_orbper: 1 cell is not a number/);
    expect(r.stderr).not.toMatch(CONTROL);
  });
});

describe('load warnings reach standard error', () => {
  it('classify and train print them, one short line each', async () => {
    const r = await run('classify', cliFixture('toi.csv'), '--out', path.join(tmp, 'w.csv'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: toi\.csv: 1 row had a different number of fields than the header/m
    );
    const t = await run(
      'train',
      '--data',
      cliFixture('toi.csv'),
      '--trees',
      '1',
      '--out',
      path.join(tmp, 'w.exoforest')
    );
    expect(t.code).toBe(0);
    expect(t.stderr).toMatch(/^warning: toi\.csv: 1 row had a different number of fields/m);
    for (const line of (r.stderr + t.stderr).split('\n').filter((l) => l.startsWith('warning:'))) {
      expect(line.length).toBeLessThan(300);
    }
  });
});

describe('standard input, pipes and process substitution are read as streams', () => {
  it('classify - < file, cat file | classify /dev/stdin, classify <(cat file)', async () => {
    const expected = records(toiText).length;
    const a = await runProcess(['classify', '-'], { input: toiText });
    expect(a.stderr).toMatch(/classified 102 rows of standard input/);
    expect(a.code).toBe(0);
    expect(records(a.stdout).length).toBe(expected);
    const quoted = JSON.stringify(cliFixture('toi.csv'));
    const b = await runProcess(
      [
        `cat ${quoted} | node bin/exoforest.js classify /dev/stdin > ${tmp}/b.csv &&`,
        `node bin/exoforest.js classify <(cat ${quoted}) --out ${tmp}/c.csv`
      ],
      { shell: true }
    );
    expect(b.stderr).not.toMatch(/is empty/);
    expect(b.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'b.csv'), 'utf8')).toBe(a.stdout);
    expect(readFileSync(path.join(tmp, 'c.csv'), 'utf8')).toBe(a.stdout);
  });

  it('train reads a FIFO; an empty pipe says it is empty', async () => {
    const fifo = path.join(tmp, 'in.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = runProcess([`cat ${JSON.stringify(cliFixture('koi.csv'))} > ${fifo}`], {
      shell: true
    });
    const r = await run(
      'train',
      '--data',
      fifo,
      '--trees',
      '1',
      '--out',
      path.join(tmp, 'f.exoforest')
    );
    await writer;
    expect(r.stderr).toMatch(/read in\.fifo: Kepler KOI/);
    expect(r.code).toBe(0);
    const empty = await runProcess(['classify', '-'], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/"standard input" is empty/);
  });
});

describe('a model file is checked by size and type before it is read', () => {
  it('inspect /dev/zero, a FIFO-less device and a 65 MB file are refused at once', async () => {
    const z = await run('inspect', '/dev/zero');
    expect(z.code).toBe(2);
    expect(z.stderr).toMatch(/"\/dev\/zero" is not a regular file \(a character device\)/);
    const big = path.join(tmp, 'big.exoforest');
    writeFileSync(big, '');
    truncateSync(big, 65 * 1024 * 1024); // sparse: nothing is written
    const started = process.hrtime.bigint();
    const b = await run('inspect', big);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/is 65 MB; a model is at most 64 MB/);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    const m = await run('classify', cliFixture('toi.csv'), '--model', '/dev/zero');
    expect(m.code).toBe(2);
  });
});

describe('pred_notes are capped', () => {
  it('a row missing most of the model features lists a few, then "and N more"', () => {
    const text = 'object_id,mission,period_days\nA,toi,3.5\n';
    const { table } = parseCsvText(text, { name: 'one.csv' });
    const row = createRowClassifier(model, table).scored(0);
    expect(row.missing.length).toBeGreaterThan(NOTE_MAX_LISTED);
    const listed = /missing: ([^;]*)/.exec(row.notes)![1];
    expect(listed).toMatch(new RegExp(` and ${row.missing.length - NOTE_MAX_LISTED} more$`));
    expect(listed.replace(/ and \d+ more$/, '').split(' ')).toHaveLength(NOTE_MAX_LISTED);
  });
});

describe('classify streams its output', () => {
  it('64-byte chunks give the same CSV as the in-memory writer, holding at most a row or two', async () => {
    const file = path.join(tmp, 'stream.csv');
    writeFileSync(file, toiText);
    const { table, report, raw } = parseCsvTextWithRaw(toiText, { name: 'toi.csv' });
    const whole = classifyToCsv(
      classifyTable(model, table, raw, { setAside: report.setAside.rows }),
      raw
    );
    let got = '';
    let writes = 0;
    const sink: OutputSink = {
      async write(t) {
        writes++;
        got += String(t);
      },
      async commit() {},
      abort() {}
    };
    const stats = await writeClassified(
      file,
      table,
      report,
      createRowClassifier(model, table),
      sink,
      64
    );
    expect(got).toBe(whole);
    expect(stats.counts.rows).toBe(raw.rows.length);
    expect(stats.chunks).toBe(Math.ceil(statSync(file).size / 64));
    const longest = whole.split('\n').reduce((m, l) => Math.max(m, l.length), 0);
    expect(stats.maxBufferedChars).toBeLessThanOrEqual(2 * (longest + 1));
    expect(writes).toBeGreaterThan(raw.rows.length / 2);
  });
});

describe('silent garbage is refused or read correctly', () => {
  /** The TOI fixture with every number in the feature columns replaced by `cell`. */
  function blanked(cell: (v: string) => string, delimiter = ','): string {
    const rows = records(toiText);
    const keep = new Set(['toi', 'tid', 'tfopwg_disp']);
    return Papa.unparse(
      rows.map((r, k) =>
        k === 0 ? r : r.map((c, j) => (keep.has(rows[0][j]) || c === '' ? c : cell(c)))
      ),
      { delimiter }
    );
  }

  it('train refuses a table where no feature has a usable value (exit 2)', async () => {
    const file = path.join(tmp, 'nothing.csv');
    writeFileSync(
      file,
      blanked(() => 'n/a')
    );
    const out = path.join(tmp, 'nothing.exoforest');
    const r = await run('train', '--data', file, '--trees', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no feature of the \d+ TOI rows \(nothing\.csv\) has a usable value/);
    expect(() => statSync(out)).toThrow();
  });

  it('a ";" table with decimal commas trains and classifies like the original', async () => {
    const file = path.join(tmp, 'comma.csv');
    writeFileSync(
      file,
      blanked((c) => (/^-?\d+\.\d+$/.test(c) ? c.replace('.', ',') : c), ';')
    );
    const plainFile = path.join(tmp, 'plain.csv');
    writeFileSync(
      plainFile,
      blanked((c) => c)
    );
    const a = await run('classify', file, '--out', path.join(tmp, 'comma.out.csv'));
    const b = await run('classify', plainFile, '--out', path.join(tmp, 'plain.out.csv'));
    expect(a.code).toBe(0);
    const scored = (s: string) => /: (\d+) scored/.exec(s)![1];
    expect(scored(a.stderr)).toBe(scored(b.stderr));
    expect(Number(scored(a.stderr))).toBeGreaterThan(90);
    const pa = records(readFileSync(path.join(tmp, 'comma.out.csv'), 'utf8'));
    const pb = records(readFileSync(path.join(tmp, 'plain.out.csv'), 'utf8'));
    const col = pa[0].indexOf('pred_prob_PLANET');
    expect(pa.map((r) => r[col])).toEqual(pb.map((r) => r[pb[0].indexOf('pred_prob_PLANET')]));
  });
});
