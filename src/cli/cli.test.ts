/**
 * The CLI run in-process through main(argv), with stdout and stderr captured, on the synthetic
 * archive-format fixtures in tests/fixtures/cli (and the missions helper's bad inputs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvText } from '../lib/core/missions/index.ts';
import { readModel, type ModelFile } from '../lib/core/model/index.ts';
import { defaultPlan, predictWithModel } from '../lib/core/pipeline/index.ts';
import { laterToiCsv } from '../../tests/fixtures/cli/later-toi.ts';
import { run, type Run } from './test-run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => path.join(root, 'tests/fixtures/cli', name);
const badFixture = (name: string) => path.join(root, 'tests/fixtures/missions/bad', name);
const dataDir = process.env.EXOFOREST_DATA ?? path.resolve(root, '../shared/data');
const defaultModel = path.join(root, 'models/default.exoforest');

const parseCsv = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
/** Header + data rows of an input fixture, as papaparse reads it. */
const inputRows = (file: string) =>
  Papa.parse<string[]>(readFileSync(file, 'utf8'), { comments: '#', skipEmptyLines: true }).data;

let tmp: string;
let modelPath: string;
let model: ModelFile;
let trainRun: Run;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'exoforest-cli-'));
  modelPath = path.join(tmp, 'fixture.exoforest');
  trainRun = await run(
    'train',
    '--data',
    fixture('koi.csv'),
    '--data',
    fixture('k2.csv'),
    '--data',
    fixture('toi.csv'),
    '--trees',
    '4',
    '--out',
    modelPath,
    '--json',
    path.join(tmp, 'report.json'),
    '--name',
    'fixture model'
  );
  model = readModel(new Uint8Array(readFileSync(modelPath)));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('exoforest train', () => {
  it('writes a model and the JSON report, prints the metrics table with the baselines', () => {
    expect(trainRun.stderr).not.toMatch(/Error/);
    expect(trainRun.code).toBe(0);
    expect(model.meta.name).toBe('fixture model');
    expect(model.meta.task).toBe('vetting');
    expect(model.meta.stages.map((s) => s.mission)).toEqual(['koi', 'k2', 'toi']);
    expect(model.forest.treeStart.length - 1).toBe(12);
    for (const name of [
      'staged',
      'pooled',
      'per-mission',
      'averaged',
      'missing pattern only',
      'KOI',
      'K2',
      'TESS',
      'combined',
      'majority'
    ]) {
      expect(trainRun.stdout).toContain(name);
    }
    expect(trainRun.stderr).toMatch(/read koi\.csv: Kepler KOI/);
    expect(trainRun.stderr).toMatch(/69 set aside/);
    expect(trainRun.stderr).toMatch(/\[\s*\d+%\] /);
    expect(trainRun.stderr).toMatch(/wrote .*fixture\.exoforest/);
    const report = JSON.parse(readFileSync(path.join(tmp, 'report.json'), 'utf8'));
    expect(report.report.models.staged.combined.accuracy).toBeGreaterThan(0.5);
    expect(Object.keys(report.report.models)).toEqual([
      'staged',
      'pooled',
      'perMission',
      'averaged',
      'missingPattern'
    ]);
    expect(report.plan.stages.map((s: { trees: number }) => s.trees)).toEqual([4, 4, 4]);
    expect(report.inputs.map((i: { kind: string }) => i.kind)).toEqual(['koi', 'k2', 'toi']);
    expect(report.model.trees).toBe(12);
  });

  it('refits the final model on every labelled row unless --no-refit; calibration in the file', async () => {
    const report = JSON.parse(readFileSync(path.join(tmp, 'report.json'), 'utf8'));
    const rows = report.report.rows as Record<string, { train: number; holdout: number }>;
    const labelled = Object.values(rows).reduce((s, r) => s + r.train + r.holdout, 0);
    expect(report.refit.total).toBe(labelled);
    expect(model.meta.stages.map((s) => s.rows.train)).toEqual(
      ['koi', 'k2', 'toi'].map((m) => rows[m].train + rows[m].holdout)
    );
    expect(trainRun.stdout).toContain(`Final model: refitted on all ${labelled} labelled rows`);
    expect(trainRun.stdout).toMatch(/ECE before\s+ECE after\s+Brier before\s+Brier after/);
    expect(model.calibration?.positiveClass).toBe('PLANET');
    expect(model.meta.notes).not.toContain('--no-refit');

    const out = path.join(tmp, 'evaluated.exoforest');
    const args = ['--data', fixture('koi.csv'), '--data', fixture('k2.csv')];
    const r = await run(
      'train',
      ...args,
      '--data',
      fixture('toi.csv'),
      '--trees',
      '4',
      '--no-refit',
      '--out',
      out
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Final model: the forest scored on the hold-out (not refitted');
    const kept = readModel(new Uint8Array(readFileSync(out)));
    expect(kept.meta.stages.map((s) => s.rows.train)).toEqual(
      ['koi', 'k2', 'toi'].map((m) => rows[m].train)
    );
    expect(kept.meta.notes).toContain('--no-refit');
    // The same evaluation either way: the hold-out metrics are the evaluated forest's.
    expect((kept.meta.metrics as { models: unknown }).models).toEqual(
      (model.meta.metrics as { models: unknown }).models
    );
  });

  it('follows --stages and --task, and restricts the default order to the tables given', async () => {
    const out = path.join(tmp, 'disp.exoforest');
    const r = await run(
      'train',
      '--data',
      fixture('toi.csv'),
      '--data',
      fixture('koi.csv'),
      '--stages',
      'toi,koi',
      '--task',
      'disposition',
      '--trees',
      '2',
      '--seed',
      '7',
      '--holdout',
      '0.25',
      '--out',
      out
    );
    expect(r.code).toBe(0);
    const m = readModel(new Uint8Array(readFileSync(out)));
    expect(m.meta.task).toBe('disposition');
    expect(m.meta.classes).toEqual(['CONFIRMED', 'CANDIDATE', 'FALSE_POSITIVE']);
    expect(m.meta.stages.map((s) => s.mission)).toEqual(['toi', 'koi']);
    const r2 = await run(
      'train',
      '--data',
      fixture('koi.csv'),
      '--trees',
      '2',
      '--out',
      path.join(tmp, 'koi.exoforest')
    );
    expect(r2.code).toBe(0);
    expect(r2.stderr).toMatch(/no K2 or TESS TOI table given: training the stages koi/);
  });

  it('reads a JSON plan with --plan; options override its fields', async () => {
    const plan = defaultPlan('vetting');
    plan.stages = plan.stages.filter((s) => s.mission !== 'k2');
    plan.stages.forEach((s) => (s.trees = 3));
    plan.seed = 5;
    const planFile = path.join(tmp, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const out = path.join(tmp, 'plan.exoforest');
    const r = await run(
      'train',
      '--data',
      fixture('koi.csv'),
      '--data',
      fixture('toi.csv'),
      '--plan',
      planFile,
      '--seed',
      '9',
      '--out',
      out
    );
    expect(r.code).toBe(0);
    const m = readModel(new Uint8Array(readFileSync(out)));
    expect(m.meta.stages.map((s) => [s.mission, s.treeRange[1] - s.treeRange[0]])).toEqual([
      ['koi', 3],
      ['toi', 3]
    ]);
    expect(r.stderr).toMatch(/seed 9/);
    writeFileSync(planFile, JSON.stringify({ ...plan, holdout: 2 }));
    const bad = await run('train', '--data', fixture('koi.csv'), '--plan', planFile, '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--plan ".*plan\.json": Invalid training plan:\n\s+- holdout: /);
  });

  it('uses one of two downloads of the same table and says which', async () => {
    const r = await run(
      'train',
      '--data',
      fixture('koi.csv'),
      '--data',
      path.join(root, 'tests/fixtures/missions/k2pandc-default.csv'),
      '--data',
      fixture('k2.csv'),
      '--stages',
      'koi,k2',
      '--trees',
      '2',
      '--out',
      path.join(tmp, 'k2choice.exoforest')
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /2 K2 tables were given .* only one is used: k2\.csv, which has more feature columns/
    );
  });
});

describe('exoforest classify', () => {
  it('keeps every input row, in order, with its columns; probabilities equal predictWithModel exactly', async () => {
    const out = path.join(tmp, 'toi.classified.csv');
    const r = await run('classify', fixture('toi.csv'), '--model', modelPath, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /classified 102 rows of toi\.csv .* 100 scored, 1 set aside by the loader, 1 without feature values/
    );
    const input = inputRows(fixture('toi.csv'));
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const header = rows[0];
    expect(header).toEqual([
      ...input[0],
      'pred_label',
      'pred_prob_PLANET',
      'pred_prob_FALSE_POSITIVE',
      'pred_mission',
      'pred_notes'
    ]);
    expect(rows.length).toBe(input.length);
    const nIn = input[0].length;
    rows.slice(1).forEach((row, k) => {
      const orig = input[k + 1];
      for (let j = 0; j < nIn; j++) {
        const cell = orig[j] ?? '';
        const isNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell);
        expect(row[j]).toBe(/^[=+\-@\t\r]/.test(cell) && !isNumber ? `'${cell}` : cell);
      }
    });
    // Exactly predictWithModel's numbers, for every scored row.
    const { table } = parseCsvText(readFileSync(fixture('toi.csv'), 'utf8'), { name: 'toi.csv' });
    const pred = predictWithModel(model, table);
    const byId = new Map(table.objectId.map((id, i) => [id, i]));
    let scored = 0;
    for (const row of rows.slice(1)) {
      const [label, pPlanet, pFp, mission, notes] = row.slice(nIn);
      expect(mission).toBe('toi');
      if (pPlanet === '') {
        expect(label).toBe('');
        expect(pFp).toBe('');
        expect(notes).toMatch(
          /^not scored: (set aside by the loader: .*20 fields|no value for any)/
        );
        continue;
      }
      scored++;
      const i = byId.get(`TOI-${row[0]}`)!;
      expect(Number(pPlanet)).toBe(pred.proba[2 * i]);
      expect(Number(pFp)).toBe(pred.proba[2 * i + 1]);
      expect(Number(pPlanet) + Number(pFp)).toBeCloseTo(1, 12);
      expect(label).toBe(Number(pPlanet) >= Number(pFp) ? 'PLANET' : 'FALSE_POSITIVE');
    }
    expect(scored).toBe(100);
  });

  it('writes to stdout without --out; K2 rows with default_flag 0 stay, with empty probabilities and the reason', async () => {
    const r = await run('classify', fixture('k2.csv'), '--model', modelPath);
    expect(r.code).toBe(0);
    const input = inputRows(fixture('k2.csv'));
    const rows = parseCsv(r.stdout);
    expect(rows.length).toBe(input.length);
    const flag = input[0].indexOf('default_flag');
    const p = input[0].length + 1;
    const notes = input[0].length + 4;
    rows.slice(1).forEach((row, k) => {
      expect(row[1]).toBe(input[k + 1][1]);
      if (row[flag] === '0') {
        expect(row[p]).toBe('');
        expect(row[notes]).toMatch(/not scored: set aside by the loader: default_flag = 0/);
      } else expect(Number(row[p])).toBeGreaterThanOrEqual(0);
    });
    expect(r.stderr).toMatch(/69 set aside by the loader/);
  });

  it('neutralises formula text; numbers stay numbers', async () => {
    const r = await run('classify', fixture('koi.csv'), '--model', modelPath);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    const h = rows[0];
    const get = (id: string, col: string) => rows.find((x) => x[1] === id)![h.indexOf(col)];
    expect(get('K00003.01', 'kepler_name')).toBe(
      '\'=HYPERLINK("http://example.invalid/?a=1,2","click")'
    );
    expect(get('K00004.01', 'kepler_name')).toBe("'+1 555");
    expect(get('K00005.01', 'kepler_name')).toBe("'@SUM(A1)");
    expect(get('K00001.01', 'koi_period_err2')).toBe('-2.5e-05');
    expect(r.stdout).not.toMatch(/(^|,)[=+@]/m);
  });
});

describe('exoforest inspect', () => {
  it('prints the model card', async () => {
    const r = await run('inspect', modelPath);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exoforest model: fixture model');
    expect(r.stdout).toMatch(/task:\s+vetting/);
    expect(r.stdout).toMatch(/classes:\s+PLANET, FALSE_POSITIVE/);
    expect(r.stdout).toContain('Stages (3):');
    expect(r.stdout).toMatch(/dataset: koi\.csv, snapshot 2026-03-03/);
    expect(r.stdout).toMatch(/data fingerprint: [0-9a-f]{64}/);
    expect(r.stdout).toContain('Validation metrics:');
    expect(r.stdout).toContain('period_days');
    // Calibrated, and K2's missing values are filled: version 3.
    expect(r.stdout).toMatch(/format:\s+exoforest-model v3/);
    expect(r.stdout).toMatch(/Final model: refitted on all \d+ labelled rows/);
    expect(r.stdout).toMatch(/Probability calibration of P\(PLANET\), per mission/);
    expect(r.stdout).toMatch(/ {2}KOI: (platt|isotonic) on \d+ rows/);
    expect(r.stdout).toMatch(/Reliability on the hold-out/);
    expect(r.stdout).toMatch(/0\.9-1\.0/);
  });
});

describe('exoforest backtest', () => {
  it('trains on the older table, scores the objects resolved since, and lists the rest', async () => {
    const later = laterToiCsv();
    const laterPath = path.join(tmp, 'toi-later.csv');
    writeFileSync(laterPath, later.csv);
    const json = path.join(tmp, 'bt.json');
    const r = await run(
      'backtest',
      '--data',
      fixture('toi.csv'),
      '--later',
      laterPath,
      '--trees',
      '5',
      '--json',
      json
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const { report } = JSON.parse(readFileSync(json, 'utf8'));
    const o = report.outcomes.toi;
    expect(o.outcomes).toEqual({
      planet: later.planets.length,
      'false-positive': later.falsePositives.length,
      open: later.stillOpen,
      'changed-id': 1,
      vanished: 1
    });
    expect(o.transitions['PC -> CP']).toBe(later.planets.length);
    expect(report.unresolved.toi.vanished).toEqual([later.vanished]);
    expect(report.unresolved.toi.changedId).toEqual([later.renamed]);
    expect(report.unresolved.toi.open.length).toBe(later.stillOpen);
    // Trained on every row labelled then; scored on the 10 resolved since.
    const [header, ...rows] = inputRows(fixture('toi.csv'));
    // The ragged row (TOI-1198.01) is set aside by the loader.
    const labelled = rows.filter(
      (row) => row.length === header.length && ['CP', 'KP', 'FP', 'FA'].includes(row[2])
    ).length;
    expect(report.trainRows.toi).toBe(labelled);
    expect(report.resolved.models.staged.combined.nRows).toBe(10);
    expect(Object.keys(report.resolved.models)).toEqual([
      'staged',
      'pooled',
      'perMission',
      'averaged',
      'missingPattern'
    ]);
    for (const text of [
      'What became of the objects open then',
      `gone: ${later.vanished}`,
      `new id: ${later.renamed[0]} -> ${later.renamed[1]}`,
      'Precision in the top 10%',
      'Recall in the top 25%',
      'Expected calibration error',
      'a random order gives the expected count'
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it('says what is missing', async () => {
    const noLater = await run('backtest', '--data', fixture('toi.csv'));
    expect(noLater.code).toBe(2);
    expect(noLater.stderr).toMatch(/no newer tables: give a later download/);
    const same = await run(
      'backtest',
      '--data',
      fixture('toi.csv'),
      '--later',
      fixture('toi.csv'),
      '--trees',
      '3'
    );
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(
      /no object open in the older tables was resolved in the newer ones/
    );
  });
});

describe('exoforest eval', () => {
  it('evaluates the staged plan and the baselines on the tables in a folder', async () => {
    const json = path.join(tmp, 'eval.json');
    const r = await run(
      'eval',
      '--data',
      path.join(root, 'tests/fixtures/cli'),
      '--trees',
      '2',
      '--json',
      json
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/combined/);
    expect(r.stdout).toMatch(/per-mission/);
    expect(JSON.parse(readFileSync(json, 'utf8')).report.task).toBe('vetting');
  });

  it('names the missing table', async () => {
    const dir = mkdtempSync(path.join(tmp, 'partial-'));
    writeFileSync(path.join(dir, 'koi.csv'), readFileSync(fixture('koi.csv')));
    const r = await run('eval', '--data', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no K2 or TESS TOI table/);
  });
});

describe('errors: a clear message on stderr and a non-zero exit code', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing --out', ['train', '--data', 'X'], /missing --out: say where to write the model/],
    [
      'no --data',
      ['train', '--out', 'm.exoforest'],
      /no training data: give each archive table with --data/
    ],
    [
      'unknown table',
      ['train', '--data', badFixture('wrong-columns.csv'), '--out', 'OUT'],
      /matches none of the tables Exoforest reads/
    ],
    [
      'missing data file',
      ['train', '--data', 'no/such/file.csv', '--out', 'OUT'],
      /data file "no\/such\/file\.csv" does not exist/
    ],
    ['missing input file', ['classify', 'no-such.csv', '--model', 'MODEL'], /does not exist/],
    [
      'unreadable model',
      ['classify', 'FIXTURE', '--model', 'package.json'],
      /cannot use model "package\.json": Not an Exoforest model file/
    ],
    [
      'missing model',
      ['classify', 'FIXTURE', '--model', 'nope.exoforest'],
      /model file "nope\.exoforest" does not exist/
    ],
    ['unknown option', ['train', '--bogus'], /unknown option "--bogus"/],
    [
      'misspelt option',
      ['classify', 'FIXTURE', '--modle', 'x'],
      /unknown option "--modle"\. Did you mean --model\?/
    ],
    ['option without value', ['classify', 'FIXTURE', '--out'], /option --out needs a value/],
    [
      'bad --trees',
      ['train', '--data', 'X', '--out', 'OUT', '--trees', 'lots'],
      /--trees must be a whole number from 1 to 10000 \(got "lots"\)/
    ],
    [
      'zero --trees',
      ['train', '--data', 'X', '--out', 'OUT', '--trees', '0'],
      /--trees must be a whole number/
    ],
    [
      'bad --holdout',
      ['train', '--data', 'X', '--out', 'OUT', '--holdout', '0.9'],
      /--holdout must be a number above 0 and at most 0.5/
    ],
    [
      'bad --task',
      ['train', '--data', 'X', '--out', 'OUT', '--task', 'planets'],
      /--task must be one of vetting, disposition/
    ],
    [
      'bad --stages',
      ['train', '--data', 'X', '--out', 'OUT', '--stages', 'koi,kepler2'],
      /--stages: unknown mission "kepler2"/
    ],
    [
      'stage without data',
      ['train', '--data', 'X', '--out', 'OUT', '--stages', 'koi,k2'],
      /the stage "k2" has no data: none of the --data files holds K2 rows .* Add --data with the K2 Planets and Candidates table/
    ],
    ['classify without file', ['classify'], /missing the CSV file to classify/],
    [
      'train with a stray argument',
      ['train', 'koi.csv'],
      /takes no file arguments \(got "koi\.csv"\)/
    ],
    [
      'binary input',
      ['classify', badFixture('tiny.png'), '--model', 'MODEL'],
      /is a PNG image, not a CSV text file/
    ],
    ['unknown command', ['fly'], /unknown command "fly"/]
  ];
  it.each(cases)('%s', async (_name, argvIn, message) => {
    const args = argvIn.map((a) =>
      a === 'X'
        ? fixture('koi.csv')
        : a === 'FIXTURE'
          ? fixture('toi.csv')
          : a === 'MODEL'
            ? modelPath
            : a === 'OUT'
              ? path.join(tmp, 'never.exoforest')
              : a
    );
    const r = await run(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(tmp, 'never.exoforest'))).toBe(false);
  });

  it('--help works on every command and exits 0', async () => {
    for (const c of ['train', 'classify', 'eval', 'inspect']) {
      const r = await run(c, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: exoforest ${c}`));
    }
  });
});

describe.skipIf(!existsSync(dataDir) || !existsSync(defaultModel))(
  'the shipped default model on the real TOI table',
  () => {
    it('classifies every row: one output line per input row plus the header', async () => {
      const toi = path.join(dataDir, 'TOI_2025.10.04_07.29.48.csv');
      const out = path.join(tmp, 'toi-real.csv');
      const r = await run('classify', toi);
      const text = r.stdout;
      expect(r.code).toBe(0);
      writeFileSync(out, text);
      const input = inputRows(toi);
      const rows = parseCsv(text);
      expect(rows.length).toBe(input.length);
      expect(text.split('\n').filter((l) => l !== '').length).toBe(input.length);
      expect(rows[0].slice(-5)).toEqual([
        'pred_label',
        'pred_prob_PLANET',
        'pred_prob_FALSE_POSITIVE',
        'pred_mission',
        'pred_notes'
      ]);
      rows.slice(1).forEach((row, k) => expect(row[0]).toBe(input[k + 1][0]));
      expect(r.stderr).toMatch(
        /classified 7703 rows of TOI_2025\.10\.04_07\.29\.48\.csv .*models\/default\.exoforest \(default\)/
      );
    });
  }
);

if (!existsSync(dataDir))
  console.warn(
    `cli.test: skipping the real-data test: no data folder at ${dataDir} (set EXOFOREST_DATA)`
  );
else if (!existsSync(defaultModel))
  console.warn(`cli.test: skipping the real-data test: ${defaultModel} has not been built yet`);
