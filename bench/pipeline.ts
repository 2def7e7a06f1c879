/**
 * Pipeline benchmarks on the real archive tables (EXOFOREST_DATA or ../shared/data):
 *  1. the default plan end to end in one process: load the three files, then trainStaged
 *     (calibration pass, final staged forest, the three baselines, evaluation, ranking);
 *  2. the pooled archive case: ~11,000 vetting rows, the 14 canonical + derived features,
 *     300 trees, grouped 20% hold-out; this engine vs scikit-learn through bench/sklearn_rf.py
 *     (skipped without a python3 that imports sklearn; EXOFOREST_PYTHON picks one).
 * The lead registers this in bench/run.ts as { name: 'pipeline', run: pipelineBench }.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fitForest } from '../src/lib/core/forest/fit.ts';
import { predictProba } from '../src/lib/core/forest/predict.ts';
import { parseCsvText } from '../src/lib/core/missions/index.ts';
import {
  accuracy,
  defaultPlan,
  formatReportTable,
  prepareData,
  trainStaged,
  type TrainingInput
} from '../src/lib/core/pipeline/index.ts';
import { concatRows, gatherLabels, gatherRows } from '../src/lib/core/pipeline/data.ts';
import { printTable, type Row } from './run.ts';
import { findSklearnPython } from './sklearn-python.ts';

const FILES = ['cumulative_2025.10.04_07.34.55.csv', 'k2.csv', 'TOI_2025.10.04_07.29.48.csv'];
// Derived from the archive tables, so written outside the project (the data is never committed).
const OUT = path.join(os.tmpdir(), 'exoforest-bench');
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

export function dataDir(): string {
  return process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
}

function loadInputs(dir: string): TrainingInput[] {
  return FILES.map((f) => {
    const r = parseCsvText(readFileSync(path.join(dir, f), 'utf8'), { name: f });
    return { table: r.table, report: r.report };
  });
}

async function defaultPlanCase(dir: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const task of ['vetting', 'disposition'] as const) {
    const t0 = performance.now();
    const inputs = loadInputs(dir);
    const loadMs = performance.now() - t0;
    const result = await trainStaged(inputs, defaultPlan(task), { bootstrapReps: 200 });
    const totalMs = performance.now() - t0;
    console.log(
      `\n## Default plan, ${task} task (trainStaged, seed 42)\n\n${formatReportTable(result.report)}`
    );
    console.log(`group weights per mission: ${JSON.stringify(result.staged.groupWeights)}`);
    const ev = result.report.models;
    const row: Row = {
      section: 'pipeline',
      case: `default plan (${task}), load + train`,
      loadMs: round(loadMs, 0),
      stagedMs: round(result.timings.train, 0),
      baselinesMs: round(result.timings.baselines ?? 0, 0),
      evaluateMs: round(result.timings.evaluate, 0),
      totalMs: round(totalMs, 0),
      trees: result.report.trees
    };
    for (const key of [...result.report.missions, 'combined']) {
      const get = (m: 'staged' | 'pooled') =>
        key === 'combined' ? ev[m]!.combined : ev[m]!.byMission[key];
      row[`${key}Acc`] = round(100 * get('staged').accuracy, 2);
      row[`${key}PooledAcc`] = round(100 * get('pooled').accuracy, 2);
    }
    rows.push(row);
  }
  return rows;
}

function pooledArchiveCase(dir: string): Row {
  const inputs = loadInputs(dir);
  const plan = defaultPlan('vetting');
  plan.features = 'canonical';
  const data = prepareData(inputs, plan);
  const train = concatRows(data.missions.map((m) => data.byMission[m].train));
  const test = concatRows(data.missions.map((m) => data.byMission[m].holdout));
  const Xtr = gatherRows(data.X, train);
  const ytr = gatherLabels(data.y, train);
  const Xte = gatherRows(data.X, test);
  const yte = gatherLabels(data.y, test);
  const TREES = 300;
  let t0 = performance.now();
  const forest = fitForest(Xtr, ytr, {
    nTrees: TREES,
    maxFeatures: 'sqrt',
    minSamplesLeaf: 1,
    seed: 1
  });
  const trainMs = performance.now() - t0;
  t0 = performance.now();
  const proba = predictProba(forest, Xte);
  const predictMs = performance.now() - t0;
  const acc = accuracy(yte, proba, 2);
  const row: Row = {
    section: 'pipeline',
    case: `pooled archive, ${train.length + test.length} x ${data.features.length}, ${TREES} trees`,
    trainRows: train.length,
    testRows: test.length,
    trainMs: round(trainMs, 0),
    predictMs: round(predictMs, 0),
    accuracy: round(acc, 4)
  };
  const py = findSklearnPython();
  if (!py) {
    console.log(
      'pipeline: scikit-learn comparison skipped: no python3 with sklearn (set EXOFOREST_PYTHON)'
    );
    return { ...row, note: 'scikit-learn not available: skipped' };
  }
  mkdirSync(OUT, { recursive: true });
  const csv = path.join(OUT, 'pooled-archive.csv');
  const lines = [[...data.features, 'y'].join(',')];
  const emit = (X: typeof Xtr, y: Int32Array) => {
    for (let i = 0; i < X.nRows; i++) {
      const cells: string[] = [];
      for (let j = 0; j < X.nCols; j++) {
        const v = X.data[j * X.nRows + i];
        cells.push(Number.isNaN(v) ? '' : String(v));
      }
      cells.push(String(y[i]));
      lines.push(cells.join(','));
    }
  };
  emit(Xtr, ytr);
  emit(Xte, yte);
  writeFileSync(csv, lines.join('\n') + '\n');
  const out = execFileSync(
    py,
    [
      path.resolve(import.meta.dirname, 'sklearn_rf.py'),
      '--data',
      csv,
      '--train-rows',
      String(train.length),
      '--trees',
      String(TREES),
      '--max-features',
      'sqrt',
      '--min-samples-leaf',
      '1',
      '--seeds',
      '1'
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 }
  );
  const sk = JSON.parse(out) as {
    sklearn_version: string;
    results: { accuracy: number; fit_s: number; predict_s: number }[];
  };
  const r = sk.results[0];
  return {
    ...row,
    peer: `scikit-learn ${sk.sklearn_version}`,
    peerTrainMs: round(r.fit_s * 1000, 0),
    trainRatio: round(trainMs / (r.fit_s * 1000), 3),
    peerPredictMs: round(r.predict_s * 1000, 0),
    peerAccuracy: round(r.accuracy, 4),
    accuracyDiffPoints: round((acc - r.accuracy) * 100, 2)
  };
}

/** Runs the pipeline benchmarks; prints a table and returns the rows. */
export async function pipelineBench(_opts: { json: boolean }): Promise<Record<string, unknown>[]> {
  const dir = dataDir();
  if (!existsSync(path.join(dir, FILES[0]))) {
    console.log(`pipeline: skipped, the archive tables are not in ${dir} (set EXOFOREST_DATA)`);
    return [{ section: 'pipeline', case: 'skipped', note: `no data in ${dir}` }];
  }
  const rows: Row[] = [...(await defaultPlanCase(dir)), pooledArchiveCase(dir)];
  printTable('Pipeline (real archive tables)', rows);
  return rows;
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) await pipelineBench({ json: false });
