/**
 * Boosted learner beside scikit-learn's HistGradientBoostingClassifier (bench/sklearn_hgb.py,
 * one thread): training time and test accuracy on the same rows with the same parameters
 * (100 iterations, 31 leaves, 20 rows per leaf, learning rate 0.1, no early stopping).
 * Times are medians of REPEATS fits, CPU time beside wall time (CPU is less disturbed when
 * other processes share the machine); ratios are ours / scikit-learn's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fitBoosted, predictBoosted } from '../src/lib/core/boost';
import {
  makeClassification,
  sliceRows,
  SYNTHETIC_PRESETS,
  type SyntheticPreset
} from '../src/lib/core/forest';
import { exportSynthetic } from './export-synthetic';
import { printTable, type Row } from './run';
import { findSklearnPython } from './sklearn-python';

const OUT = path.resolve(import.meta.dirname, 'out');
const REPEATS = 5;
const ITERATIONS = 100;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ours(preset: SyntheticPreset) {
  const p = SYNTHETIC_PRESETS[preset];
  const d = makeClassification(p.options);
  const train = sliceRows(d, 0, p.trainRows);
  const test = sliceRows(d, p.trainRows, d.X.nRows);
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
    rows: `${p.trainRows} x ${p.options.nFeatures}`,
    trainMs: median(wall),
    trainCpuMs: median(cpu),
    accuracy: ok / pred.length
  };
}

function peer(py: string, preset: SyntheticPreset) {
  mkdirSync(OUT, { recursive: true });
  const csv = path.join(OUT, `${preset}.csv`);
  const { trainRows } = exportSynthetic(preset, csv);
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

export async function boostSection(_opts: { json: boolean }): Promise<Row[]> {
  const py = findSklearnPython();
  if (!py)
    console.log('scikit-learn comparison skipped: no python3 with sklearn (set EXOFOREST_PYTHON)');
  const rows: Row[] = [];
  for (const preset of ['parityMissing', 'bench20k'] as SyntheticPreset[]) {
    const o = ours(preset);
    const row: Row = {
      section: 'boost',
      case: `${preset}, ${o.rows}, ${ITERATIONS} iterations`,
      trainMs: round(o.trainMs),
      trainCpuMs: round(o.trainCpuMs),
      accuracy: round(o.accuracy, 4)
    };
    if (py) {
      const sk = peer(py, preset);
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
