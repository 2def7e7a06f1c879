/**
 * Backtest benchmark (`npm run bench -- --only backtest`): the default plan trained on the older
 * snapshots in ../shared/data/snapshots (KOI 2022-04-28, TOI 2024-05-30: the data one could have
 * had then; no older K2 table exists, so no K2 stage), scored on the objects open in them against
 * the 2025-10-04 tables (runBacktest, as `exoforest backtest`), beside scikit-learn's
 * RandomForestClassifier on the same training rows and the same features (the pooled set up: one
 * forest, as many trees as the staged model; bench/sklearn_rf.py, n_jobs=1; scikit-learn < 1.4
 * gets missing values as a sentinel). Every number comes from this project's metric functions,
 * for every model. Report only: nothing here chooses a setting.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCsvText } from '../src/lib/core/missions/index.ts';
import {
  averagePrecision,
  accuracy,
  brierScore,
  defaultPlan,
  formatBacktestReport,
  prepareBacktest,
  rocAuc,
  runBacktest,
  totalTrees,
  type TrainingInput,
  type TrainingPlan
} from '../src/lib/core/pipeline/index.ts';
import { backtestRanking, backtestTopK } from '../src/lib/core/pipeline/backtest-ranking.ts';
import { expectedCalibrationError } from '../src/lib/core/pipeline/calibrate.ts';
import { concatRows, gatherLabels, gatherRows } from '../src/lib/core/pipeline/data.ts';
import { dataDir } from './pipeline.ts';
import { type Row, printTable } from './run.ts';
import { findSklearnPython } from './sklearn-python.ts';

const OLDER = [
  'snapshots/cumulative_2022.04.28_05.30.33.csv',
  'snapshots/TOI_2024.05.30_18.42.55.csv'
];
const LATER = ['cumulative_2025.10.04_07.34.55.csv', 'TOI_2025.10.04_07.29.48.csv'];
const OUT = path.join(os.tmpdir(), 'exoforest-bench');
const round = (v: number | null, d = 3) =>
  v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d;

function load(dir: string, files: string[]): TrainingInput[] {
  return files.map((f) => {
    const r = parseCsvText(readFileSync(path.join(dir, f), 'utf8'), { name: path.basename(f) });
    return { table: r.table, name: path.basename(f), report: r.report };
  });
}

/** The default plan on the KOI and TESS stages (what `exoforest backtest` builds for these files). */
export function backtestPlan(): TrainingPlan {
  const plan = defaultPlan('vetting');
  plan.stages = plan.stages.filter((s) => s.mission !== 'k2');
  return plan;
}

/** scikit-learn's forest on the backtest's training rows: P(PLANET) of every open-then row. */
function sklearnOpenProba(
  py: string,
  older: TrainingInput[],
  later: TrainingInput[],
  plan: TrainingPlan
): { proba: Float64Array; fitMs: number; version: string } {
  const { data, trainRows, openRows } = prepareBacktest(older, later, plan);
  const train = concatRows(data.missions.map((m) => trainRows[m]));
  const Xtr = gatherRows(data.X, train);
  const ytr = gatherLabels(data.y, train);
  const Xte = gatherRows(data.X, openRows);
  mkdirSync(OUT, { recursive: true });
  const csv = path.join(OUT, 'backtest.csv');
  const probaFile = path.join(OUT, 'backtest-proba.json');
  const lines = [[...data.features, 'y'].join(',')];
  const emit = (X: typeof Xtr, y: (i: number) => number) => {
    for (let i = 0; i < X.nRows; i++) {
      const cells: string[] = [];
      for (let j = 0; j < X.nCols; j++) {
        const v = X.data[j * X.nRows + i];
        cells.push(Number.isNaN(v) ? '' : String(v));
      }
      cells.push(String(y(i)));
      lines.push(cells.join(','));
    }
  };
  emit(Xtr, (i) => ytr[i]);
  emit(Xte, () => 0); // the label column of test rows is not used
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
      String(totalTrees(plan)),
      '--max-features',
      'sqrt',
      '--min-samples-leaf',
      '1',
      '--seeds',
      '1',
      '--proba-out',
      probaFile
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 }
  );
  const sk = JSON.parse(out) as { sklearn_version: string; results: { fit_s: number }[] };
  const rows = JSON.parse(readFileSync(probaFile, 'utf8')) as number[][];
  return {
    proba: Float64Array.from(rows.flatMap((r) => [r[0], r[1]])),
    fitMs: sk.results[0].fit_s * 1000,
    version: sk.sklearn_version
  };
}

export async function backtestBench(): Promise<Row[]> {
  const dir = dataDir();
  if (![...OLDER, ...LATER].every((f) => existsSync(path.join(dir, f)))) {
    console.log(
      `backtest: skipped, the snapshots or tables are not in ${dir} (set EXOFOREST_DATA)`
    );
    return [{ section: 'backtest', case: 'skipped', note: `no snapshots in ${dir}` }];
  }
  const older = load(dir, OLDER);
  const later = load(dir, LATER);
  const plan = backtestPlan();
  const t0 = performance.now();
  const report = await runBacktest(older, later, plan, { bootstrapReps: 200 });
  const ms = performance.now() - t0;
  console.log(`\n## Backtest (default plan, KOI + TESS stages, seed ${plan.seed})\n`);
  console.log(formatBacktestReport(report));

  const rows: Row[] = [];
  const push = (mission: string, model: string, r: Partial<Row>) =>
    rows.push({ section: 'backtest', case: `${mission} ${model}`, ...r });
  const scopes = [...report.missions, 'combined'];
  for (const s of scopes) {
    for (const name of ['staged', 'pooled', 'perMission', 'averaged'] as const) {
      const ev = report.resolved.models[name]!;
      const m = s === 'combined' ? ev.combined : ev.byMission[s];
      const top = report.topK[name][s].cuts;
      const rank = report.ranking[name][s].cuts;
      push(s, name, {
        resolved: m.nRows,
        rocAuc: round(m.rocAuc),
        prAuc: round(m.prAuc),
        accuracy: round(m.accuracy),
        brier: round(m.brier, 4),
        ece: round(report.ece[name][s]),
        precTop10: round(top[0].precision),
        confirmedTop10: rank[0].planets,
        confirmedTop25: rank[1].planets,
        randomTop10: round(rank[0].expectedPlanets, 1),
        randomTop25: round(rank[1].expectedPlanets, 1),
        ms: name === 'staged' ? Math.round(ms) : undefined
      });
    }
  }
  const py = findSklearnPython();
  if (!py) {
    console.log(
      'backtest: scikit-learn comparison skipped: no python3 with sklearn (set EXOFOREST_PYTHON)'
    );
  } else {
    const sk = sklearnOpenProba(py, older, later, plan);
    const { data, openRows, resolvedPos, outcomeOfRow } = prepareBacktest(older, later, plan);
    for (const s of scopes) {
      const open: number[] = [];
      openRows.forEach((r, q) => (s === 'combined' || data.mission[r] === s) && open.push(q));
      const res = resolvedPos.filter((q) => s === 'combined' || data.mission[openRows[q]] === s);
      const y = Int32Array.from(res, (q) => data.y[openRows[q]]);
      const p = Float64Array.from(res.flatMap((q) => [sk.proba[q * 2], sk.proba[q * 2 + 1]]));
      const pPlanet = Float64Array.from(res, (q) => sk.proba[q * 2]);
      const isPlanet = Uint8Array.from(y, (v) => (v === 0 ? 1 : 0));
      const ids = res.map((q) => data.objectId[openRows[q]]);
      const top = backtestTopK(pPlanet, isPlanet, ids, ids, 0, 0).cuts;
      const rank = backtestRanking(
        Float64Array.from(open, (q) => sk.proba[q * 2]),
        open.map((q) => outcomeOfRow(openRows[q])),
        open.map((q) => data.objectId[openRows[q]])
      ).cuts;
      push(s, `scikit-learn ${sk.version}`, {
        resolved: res.length,
        rocAuc: round(rocAuc(y, p, 2, 0)),
        prAuc: round(averagePrecision(y, p, 2, 0)),
        accuracy: round(accuracy(y, p, 2)),
        brier: round(brierScore(y, p, 2), 4),
        ece: round(expectedCalibrationError(pPlanet, isPlanet)),
        precTop10: round(top[0].precision),
        confirmedTop10: rank[0].planets,
        confirmedTop25: rank[1].planets,
        randomTop10: round(rank[0].expectedPlanets, 1),
        randomTop25: round(rank[1].expectedPlanets, 1),
        ms: Math.round(sk.fitMs)
      });
    }
  }
  printTable('Backtest: older snapshots -> 2025-10-04 (resolved objects; open-then ranking)', rows);
  console.log(
    'ms: the whole backtest (staged model, baselines, scoring) for "staged"; scikit-learn: its one forest fit (n_jobs=1). Compare the ratio, not the times.'
  );
  return rows;
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) await backtestBench();
