/**
 * Boosted learner beside scikit-learn's HistGradientBoostingClassifier (bench/sklearn_hgb.py,
 * one thread): training time and test accuracy on the same rows with the same parameters
 * (100 iterations, 31 leaves, 20 rows per leaf, learning rate 0.1, no early stopping): two
 * synthetic sets and, when ../shared/data is there, the pooled archive vetting rows.
 * Times are medians of REPEATS fits, CPU time beside wall time (CPU is less disturbed when
 * other processes share the machine); ratios are ours / scikit-learn's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fitBoosted, predictBoosted } from '../src/lib/core/boost/index.ts';
import {
  makeClassification,
  sliceRows,
  SYNTHETIC_PRESETS,
  type Matrix,
  type SyntheticPreset
} from '../src/lib/core/forest/index.ts';
import { concatRows, gatherLabels, gatherRows } from '../src/lib/core/pipeline/data.ts';
import { defaultPlan, prepareData } from '../src/lib/core/pipeline/index.ts';
import { loadInputs } from './pipeline-tune.ts';
import { exportSynthetic } from './export-synthetic.ts';
import { printTable, type Row } from './run.ts';
import { findSklearnPython } from './sklearn-python.ts';

const OUT = path.resolve(import.meta.dirname, 'out');
const REPEATS = 5;
const ITERATIONS = 100;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Rows {
  X: Matrix;
  y: Int32Array;
}

function ours(train: Rows, test: Rows) {
  // One warm-up fit so V8 has optimised the loops (a training in the app is long past that).
  fitBoosted(train.X, train.y, { maxIter: 10 });
  const wall: number[] = [];
  const cpu: number[] = [];
  let model = fitBoosted(train.X, train.y, { maxIter: 1 }).model;
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    model = fitBoosted(train.X, train.y, { maxIter: ITERATIONS }).model;
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const pred = predictBoosted(model, test.X);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === test.y[i]) ok++;
  return {
    rows: `${train.X.nRows} x ${train.X.nCols}`,
    trainMs: median(wall),
    trainCpuMs: median(cpu),
    accuracy: ok / pred.length
  };
}

/** Writes train then test rows as CSV for sklearn_hgb.py (empty cell = missing). */
function writeCsv(file: string, names: string[], parts: Rows[]): void {
  const lines = [[...names, 'y'].join(',')];
  for (const { X, y } of parts) {
    for (let i = 0; i < X.nRows; i++) {
      const cells: string[] = [];
      for (let j = 0; j < X.nCols; j++) {
        const v = X.data[j * X.nRows + i];
        cells.push(Number.isNaN(v) ? '' : String(v));
      }
      cells.push(String(y[i]));
      lines.push(cells.join(','));
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

function peer(py: string, csv: string, trainRows: number) {
  const out = execFileSync(
    py,
    [
      path.resolve(import.meta.dirname, 'sklearn_hgb.py'),
      '--data',
      csv,
      '--train-rows',
      String(trainRows),
      '--max-iter',
      String(ITERATIONS),
      '--repeats',
      String(REPEATS)
    ],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } }
  );
  return JSON.parse(out) as {
    sklearn_version: string;
    accuracy: number;
    fit_s: number;
    fit_cpu_s: number;
    iterations: number;
  };
}

interface Case {
  name: string;
  train: Rows;
  test: Rows;
  /** Writes the rows for the peer; returns the CSV path. */
  csv: () => string;
}

function syntheticCase(preset: SyntheticPreset): Case {
  const p = SYNTHETIC_PRESETS[preset];
  const d = makeClassification(p.options);
  return {
    name: preset,
    train: sliceRows(d, 0, p.trainRows),
    test: sliceRows(d, p.trainRows, d.X.nRows),
    csv: () => {
      const file = path.join(OUT, `${preset}.csv`);
      exportSynthetic(preset, file);
      return file;
    }
  };
}

/**
 * The three archive tables, vetting, the default plan's features, every mission's training rows
 * pooled; test = the plan's grouped 20% hold-out. Null when the data is absent.
 */
function archiveCase(): Case | null {
  const dir = process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
  if (!existsSync(dir)) {
    console.log(`boost: archive case skipped: no data at ${dir} (set EXOFOREST_DATA)`);
    return null;
  }
  const data = prepareData(loadInputs(dir), defaultPlan('vetting'));
  const train = concatRows(data.missions.map((m) => data.byMission[m].train));
  const test = concatRows(data.missions.map((m) => data.byMission[m].holdout));
  const tr = { X: gatherRows(data.X, train), y: gatherLabels(data.y, train) };
  const te = { X: gatherRows(data.X, test), y: gatherLabels(data.y, test) };
  return {
    name: 'archive vetting, pooled',
    train: tr,
    test: te,
    csv: () => {
      const file = path.join(OUT, 'boost-archive.csv');
      writeCsv(file, data.features, [tr, te]);
      return file;
    }
  };
}

export async function boostSection(_opts: { json: boolean }): Promise<Row[]> {
  const py = findSklearnPython();
  if (!py)
    console.log('scikit-learn comparison skipped: no python3 with sklearn (set EXOFOREST_PYTHON)');
  const rows: Row[] = [];
  mkdirSync(OUT, { recursive: true });
  for (const c of [syntheticCase('parityMissing'), syntheticCase('bench20k'), archiveCase()]) {
    if (c === null) continue;
    const o = ours(c.train, c.test);
    const row: Row = {
      section: 'boost',
      case: `${c.name}, ${o.rows}, ${ITERATIONS} iterations`,
      trainMs: round(o.trainMs),
      trainCpuMs: round(o.trainCpuMs),
      accuracy: round(o.accuracy, 4)
    };
    if (py) {
      const sk = peer(py, c.csv(), c.train.X.nRows);
      Object.assign(row, {
        peer: `scikit-learn ${sk.sklearn_version} HGB, 1 thread`,
        peerTrainMs: round(sk.fit_s * 1000),
        peerTrainCpuMs: round(sk.fit_cpu_s * 1000),
        trainRatio: round(o.trainMs / (sk.fit_s * 1000), 3),
        trainRatioCpu: round(o.trainCpuMs / (sk.fit_cpu_s * 1000), 3),
        peerAccuracy: round(sk.accuracy, 4),
        accuracyDiffPoints: round((o.accuracy - sk.accuracy) * 100, 2)
      });
    } else row.note = 'scikit-learn not available: skipped';
    rows.push(row);
  }
  printTable(
    'Boosted learner vs scikit-learn HistGradientBoostingClassifier (ratios: ours / theirs)',
    rows
  );
  return rows;
}
