import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvText, type CanonicalTable } from '../missions/index.ts';
import { readModel, writeModel, type ModelFile } from '../model/index.ts';
import { defaultPlan, predictWithModel, toModelFile, trainStaged } from '../pipeline/index.ts';
import {
  classifyTable,
  classifyToCsv,
  explainRow,
  featureRangeWarnings,
  parseCsvBlobWithRaw,
  parseCsvTextWithRaw,
  missingFeatureSummary,
  predictionColumns
} from './index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const cliFixture = (name: string) =>
  readFileSync(path.join(root, 'tests/fixtures/cli', name), 'utf8');
const missionFixture = (name: string) =>
  readFileSync(path.join(root, 'tests/fixtures/missions', name), 'utf8');

/** Data rows of a CSV text as papaparse reads it (comments and blank lines skipped). */
function papaRows(text: string): string[][] {
  const res = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    comments: '#',
    skipEmptyLines: true
  });
  return res.data;
}

let model: ModelFile;

beforeAll(async () => {
  const inputs = ['koi.csv', 'k2.csv', 'toi.csv'].map((name) => ({
    table: parseCsvText(cliFixture(name), { name }).table,
    name
  }));
  const plan = defaultPlan('vetting');
  plan.stages.forEach((s) => (s.trees = 4));
  const result = await trainStaged(inputs, plan, { bootstrapReps: 5, baselines: false });
  // Through the file format, as the CLI and the app use it.
  model = readModel(writeModel(toModelFile(result, { name: 'test model' })));
});

describe('raw-row capture', () => {
  it.each([
    ['cli', 'toi.csv'],
    ['cli', 'k2.csv'],
    ['missions', 'toi-crlf-bom.csv'],
    ['missions', 'k2pandc-default.csv']
  ])('joins every kept row of %s/%s by source line and keeps every data row', (dir, name) => {
    const text = dir === 'cli' ? cliFixture(name) : missionFixture(name);
    const plain = parseCsvText(text, { name });
    const withRaw = parseCsvTextWithRaw(text, { name, chunkBytes: 777 });
    expect(withRaw.table.rowNumber).toEqual(plain.table.rowNumber);
    const lines = new Set(withRaw.raw.lineNumbers);
    for (const r of withRaw.table.rowNumber) expect(lines.has(r)).toBe(true);
    expect(withRaw.raw.rows.length).toBe(plain.report.rowsRead);
    const expected = papaRows(text);
    expect(withRaw.raw.header).toEqual(expected[0]);
    expect(withRaw.raw.rows).toEqual(expected.slice(1));
  });

  it('reads a Blob the same way as text', async () => {
    const text = missionFixture('toi-crlf-bom.csv');
    const a = parseCsvTextWithRaw(text, { name: 'toi' });
    const b = await parseCsvBlobWithRaw(new Blob([text]), { name: 'toi', chunkBytes: 1000 });
    expect(b.raw).toEqual(a.raw);
    expect(b.table.rowNumber).toEqual(a.table.rowNumber);
  });
});

describe('classifyTable', () => {
  it('gives predictWithModel probabilities exactly, for every input row in order', () => {
    const { table, report, raw } = parseCsvTextWithRaw(cliFixture('toi.csv'), { name: 'toi.csv' });
    const result = classifyTable(model, table, raw, { setAside: report.setAside.rows });
    const pred = predictWithModel(model, table);
    const K = model.meta.classes.length;
    expect(result.rows.length).toBe(raw.rows.length);
    expect(result.rows.map((r) => r.line)).toEqual(raw.lineNumbers);
    for (const r of result.rows) {
      if (r.tableIndex < 0 || r.probabilities === null) continue;
      expect(r.probabilities).toEqual(
        Array.from(pred.proba.subarray(r.tableIndex * K, (r.tableIndex + 1) * K))
      );
      expect(r.label).toBe(model.meta.classes[pred.predicted[r.tableIndex]]);
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    const ragged = result.rows.find((r) => r.tableIndex < 0)!;
    expect(ragged.notScored?.reason).toBe('set-aside');
    expect(ragged.notes).toMatch(/set aside by the loader: .*20 fields/);
    const empty = result.rows[result.rows.length - 1];
    expect(empty.objectId).toBe('TOI-1199.01');
    expect(empty.probabilities).toBeNull();
    expect(empty.notScored?.reason).toBe('no-values');
    expect(result.counts).toMatchObject({ rows: 102, setAside: 1, noValues: 1, scored: 100 });
  });

  it('keeps K2 rows with default_flag 0 with no probabilities and the reason, even past the loader list cap', () => {
    const text = cliFixture('k2.csv');
    const { table, raw } = parseCsvTextWithRaw(text, { name: 'k2.csv', maxListed: 3 });
    const result = classifyTable(model, table, raw);
    const flag = raw.header.indexOf('default_flag');
    expect(result.rows.length).toBe(raw.rows.length);
    result.rows.forEach((r, k) => {
      if (raw.rows[k][flag] === '0') {
        expect(r.probabilities).toBeNull();
        expect(r.notes).toContain('default_flag = 0');
      } else expect(r.probabilities).not.toBeNull();
    });
  });

  it("lists the features a K2 default-column row lacks, not other missions' extras", () => {
    const { table } = parseCsvTextWithRaw(missionFixture('k2pandc-default.csv'), { name: 'k2' });
    const result = classifyTable(model, table);
    const r = result.rows[0];
    expect(r.missing).toContain('duration_hours');
    expect(r.missing).toContain('depth_ppm');
    expect(r.missing).not.toContain('koi_model_snr');
    // The model fills K2's missing values (hidden missingness) and says so.
    expect(r.notes).toMatch(
      /^missing \(filled with draws from training values\): .*duration_hours/
    );
  });
});

describe('missing features of a table, for its own mission only', () => {
  /** The TOI fixture without its err1/err2/lim columns, like a custom download or the 2024 snapshot. */
  function toiWithoutErrors(): string {
    const lines = cliFixture('toi.csv').split('\n');
    const at = lines.findIndex((l) => l.startsWith('toi,'));
    const header = lines[at].split(',');
    const keep = header.map((h, j) => (/err[12]$|lim$/.test(h) ? -1 : j)).filter((j) => j >= 0);
    return lines
      .slice(at)
      .filter((l) => l.trim() !== '')
      .map((l) => keep.map((j) => l.split(',')[j]).join(','))
      .join('\n');
  }

  it('a full TOI download lacks nothing the model uses; no Kepler or K2 column is listed', () => {
    const { table } = parseCsvText(cliFixture('toi.csv'), { name: 'toi.csv' });
    expect(predictWithModel(model, table).missingFeatures).toEqual([]);
    const [s] = missingFeatureSummary(model, table);
    expect(s).toMatchObject({ mission: 'toi', absent: [], importanceShare: 0, filled: false });
  });

  it('a TOI download without err columns lists the uncertainty features the model uses, most important first', () => {
    const { table } = parseCsvText(toiWithoutErrors(), { name: 'toi-no-errors.csv' });
    const missing = predictWithModel(model, table).missingFeatures;
    expect(missing).toContain('depth_snr');
    expect(missing.some((f) => f.startsWith('koi_') || f.startsWith('k2_'))).toBe(false);
    const [s] = missingFeatureSummary(model, table);
    expect(new Set(s.absent.map((a) => a.name))).toEqual(new Set(missing));
    for (let k = 1; k < s.absent.length; k++) {
      expect(s.absent[k - 1].importance).toBeGreaterThanOrEqual(s.absent[k].importance);
    }
    expect(s.importanceShare).toBeGreaterThan(0);
    const row = classifyTable(model, table).rows[0];
    expect(row.missing).toContain('depth_snr');
    expect(row.notes).toMatch(/^missing: /);
    expect(row.notes).not.toMatch(/koi_|k2_/);
  });
});

describe('classifyToCsv', () => {
  it('keeps original cells, neutralises formula text, appends the prediction columns', () => {
    const text = cliFixture('koi.csv');
    const { table, raw } = parseCsvTextWithRaw(text, { name: 'koi.csv' });
    const result = classifyTable(model, table, raw);
    const csv = classifyToCsv(result, raw);
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([...raw.header, ...predictionColumns(model.meta.classes)]);
    expect(rows.length).toBe(raw.rows.length + 1);
    const name = raw.header.indexOf('kepler_name');
    const err2 = raw.header.indexOf('koi_period_err2');
    rows.slice(1).forEach((row, k) => {
      raw.rows[k].forEach((cell, j) => {
        const isNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell);
        if (/^[=+\-@\t\r]/.test(cell) && !isNumber) expect(row[j]).toBe(`'${cell}`);
        else expect(row[j]).toBe(cell);
      });
      expect(row[err2]).toBe('-2.5e-05');
    });
    const formula = rows.find((r) => r[1] === 'K00003.01')!;
    expect(formula[name]).toBe('\'=HYPERLINK("http://example.invalid/?a=1,2","click")');
    expect(rows.find((r) => r[1] === 'K00004.01')![name]).toBe("'+1 555");
    expect(rows.find((r) => r[1] === 'K00005.01')![name]).toBe("'@SUM(A1)");
    // Probabilities read back as the same doubles.
    const pred = predictWithModel(model, table);
    const p0 = raw.header.length + 1;
    rows.slice(1).forEach((row, i) => {
      expect(Number(row[p0])).toBe(pred.proba[i * 2]);
      expect(Number(row[p0 + 1])).toBe(pred.proba[i * 2 + 1]);
    });
  });

  it('drops the pred_* columns of an earlier run instead of repeating them', () => {
    const first = parseCsvTextWithRaw(cliFixture('toi.csv'), { name: 'toi.csv' });
    const once = classifyToCsv(classifyTable(model, first.table, first.raw), first.raw);
    const again = parseCsvTextWithRaw(once, { name: 'again.csv' });
    const twice = classifyToCsv(classifyTable(model, again.table, again.raw), again.raw);
    expect(twice.split('\n')[0]).toBe(once.split('\n')[0]);
  });
});

describe('explainRow and featureRangeWarnings', () => {
  let table: CanonicalTable;
  beforeAll(() => {
    table = parseCsvText(cliFixture('toi.csv'), { name: 'toi.csv' }).table;
  });

  it('bias + contributions = the vote, with the mission tree weights; calibrated = the probability', () => {
    const pred = predictWithModel(model, table);
    for (const i of [0, 5, 42]) {
      const e = explainRow(model, table, i);
      expect(e.mission).toBe('toi');
      expect(e.features.length).toBe(model.meta.features.length);
      e.classes.forEach((_, c) => {
        const sum = e.bias[c] + e.features.reduce((s, f) => s + f.contribution[c], 0);
        expect(sum).toBeCloseTo(e.prediction[c], 10);
        // The model calibrates TESS rows: the vote, mapped, is the probability classify gives.
        expect(e.calibrated![c]).toBeCloseTo(pred.proba[i * 2 + c], 10);
      });
      const mags = e.features.map((f) => Math.abs(f.contribution[e.focusClass]));
      expect(mags).toEqual([...mags].sort((a, b) => b - a));
    }
    expect(() => explainRow(model, table, table.objectId.length)).toThrow(/row index/);
  });

  it('flags values outside the training range', () => {
    const j = table.features.indexOf('period_days');
    const k = model.meta.features.findIndex((f) => f.name === 'period_days');
    const range = model.meta.featureRanges[k]!;
    const copy: CanonicalTable = { ...table, columns: table.columns.map((c) => c.slice()) };
    copy.columns[j][0] = range.max * 10;
    const w = featureRangeWarnings(model, copy, 0);
    expect(w).toContainEqual(
      expect.objectContaining({ feature: 'period_days', side: 'above', max: range.max })
    );
    copy.columns[j][0] = range.min;
    expect(featureRangeWarnings(model, copy, 0).some((x) => x.feature === 'period_days')).toBe(
      false
    );
  });
});
