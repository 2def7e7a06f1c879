/**
 * Staged vs pooled x forest vs boosted in the backtest (issue #18): train on the older archive
 * snapshots (KOI 2022, TOI 2024 in ../shared/data/snapshots), score the objects open then that
 * the newer tables resolved (as runBacktest does: pipeline/backtest.ts), uncalibrated
 * probabilities for all four models. Reports accuracy, ROC AUC and log loss per mission and
 * combined, and paired differences with standard errors from 500 host-star bootstrap resamples.
 * Usage: tsx bench/boost-backtest.ts [seed]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvText } from '../src/lib/core/missions/index.ts';
import { trainBaselines } from '../src/lib/core/pipeline/baselines.ts';
import { matchOpenObjects } from '../src/lib/core/pipeline/backtest-match.ts';
import {
  predictBoostedRows,
  predictStagedBoosted,
  trainPooledBoosted,
  trainStagedBoosted
} from '../src/lib/core/pipeline/boosted.ts';
import { gatherLabels, gatherRows, prepareData } from '../src/lib/core/pipeline/data.ts';
import { JobContext } from '../src/lib/core/pipeline/job-context.ts';
import { accuracy, logLoss, rocAuc } from '../src/lib/core/pipeline/metrics.ts';
import { defaultPlan, withLearner } from '../src/lib/core/pipeline/plan.ts';
import { predictStaged } from '../src/lib/core/pipeline/staged.ts';
import { trainStagedForest } from '../src/lib/core/pipeline/train.ts';
import { createRng } from '../src/lib/core/random.ts';

const DIR = process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
const OLDER = [
  'snapshots/cumulative_2022.04.28_05.30.33.csv',
  'snapshots/TOI_2024.05.30_18.42.55.csv'
];
const LATER = ['cumulative_2025.10.04_07.34.55.csv', 'TOI_2025.10.04_07.29.48.csv'];
const REPS = 500;

function load(files: string[]) {
  return files.map((f) => {
    const r = parseCsvText(readFileSync(path.join(DIR, f), 'utf8'), { name: f });
    return { table: r.table, report: r.report };
  });
}

async function main() {
  const seed = Number(process.argv[2] ?? 42);
  const older = load(OLDER);
  const later = load(LATER);
  const forestPlan = defaultPlan('vetting');
  forestPlan.seed = seed;
  forestPlan.stages = forestPlan.stages.filter((s) => s.mission !== 'k2');
  forestPlan.stages[1].replay = { weight: 0.3 };
  const boostedPlan = withLearner(forestPlan, 'boosted');
  const missions = forestPlan.stages.map((s) => s.mission);
  const match = matchOpenObjects(
    older.map((i) => i.table),
    later.map((i) => i.table),
    missions
  );
  // The older tables with every open-then object labelled with its outcome (as runBacktest):
  // they become rows of the prepared data, only ever predicted.
  const inputs = older.map((inp) => ({
    ...inp,
    table: { ...inp.table, labelVetting: [...inp.table.labelVetting] }
  }));
  const open = new Set<string>();
  for (const o of match.objects) {
    open.add(`${o.input}:${o.row}`);
    inputs[o.input].table.labelVetting[o.row] =
      o.outcome === 'planet' ? 'PLANET' : 'FALSE_POSITIVE';
  }
  const data = prepareData(inputs, forestPlan);
  const trainRows: Record<string, Int32Array> = {};
  for (const m of data.missions) {
    trainRows[m] = data.byMission[m].all.filter((i) => !open.has(data.rowKey[i]));
  }
  const outcome = new Map(match.objects.map((o) => [`${o.input}:${o.row}`, o.outcome]));
  const evalRows = Int32Array.from(data.rowKey.keys()).filter((i) => {
    const o = outcome.get(data.rowKey[i]);
    return o === 'planet' || o === 'false-positive';
  });
  const X = gatherRows(data.X, evalRows);
  const y = gatherLabels(data.y, evalRows);
  const rowMissions = Array.from(evalRows, (i) => data.mission[i]);
  const hosts = Array.from(evalRows, (i) => data.hostId[i]);
  const ctx = new JobContext({});

  const proba: Record<string, Float64Array> = {};
  const sf = await trainStagedForest(ctx, data, forestPlan, trainRows);
  proba['staged forest'] = predictStaged({ ...sf, calibration: null }, X, rowMissions);
  proba['pooled forest'] = (
    await trainBaselines(ctx, data, forestPlan, trainRows, evalRows)
  ).pooled;
  const sb = await trainStagedBoosted(ctx, data, boostedPlan, trainRows);
  proba['staged boosted'] = predictStagedBoosted(sb, X, rowMissions);
  proba['pooled boosted'] = predictBoostedRows(
    await trainPooledBoosted(ctx, data, boostedPlan, trainRows),
    X
  );

  const scopes = [...missions, 'combined'];
  const idxOf = (s: string) =>
    Int32Array.from(rowMissions.keys()).filter((k) => s === 'combined' || rowMissions[k] === s);
  const metric = (name: string, idx: Int32Array) => {
    const yy = Int32Array.from(idx, (k) => y[k]);
    const p = new Float64Array(idx.length * 2);
    idx.forEach((k, j) => p.set(proba[name].subarray(2 * k, 2 * k + 2), 2 * j));
    return { acc: accuracy(yy, p, 2), auc: rocAuc(yy, p, 2, 0), ll: logLoss(yy, p, 2) };
  };
  console.log(
    `backtest, seed ${seed}: trained on ${OLDER.join(' + ')}; resolved since: ${scopes
      .map((s) => `${s} ${idxOf(s).length}`)
      .join(
        ', '
      )}\naccuracy % / ROC AUC / log loss\n| model | ${scopes.join(' | ')} |\n|---|${scopes
      .map(() => '---')
      .join('|')}|`
  );
  for (const name of Object.keys(proba)) {
    const cells = scopes.map((s) => {
      const v = metric(name, idxOf(s));
      return `${(100 * v.acc).toFixed(2)} / ${v.auc.toFixed(3)} / ${v.ll.toFixed(3)}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  // Paired host bootstrap of differences: resample host stars (with all their objects).
  const pairs: [string, string][] = [
    ['staged boosted', 'staged forest'],
    ['staged boosted', 'pooled boosted'],
    ['pooled boosted', 'staged forest'],
    ['pooled forest', 'staged forest']
  ];
  console.log(
    '\nDifferences: point estimate (host-bootstrap standard error), accuracy points; ROC AUC'
  );
  for (const [a, b] of pairs) {
    const cells: string[] = [];
    for (const s of scopes) {
      const idx = idxOf(s);
      const hostList = [...new Set(Array.from(idx, (k) => hosts[k]))];
      const byHost = new Map<string, number[]>();
      for (const k of idx)
        (byHost.get(hosts[k]) ?? byHost.set(hosts[k], []).get(hosts[k])!).push(k);
      const d = (ix: Int32Array) => {
        const ma = metric(a, ix);
        const mb = metric(b, ix);
        return [100 * (ma.acc - mb.acc), ma.auc - mb.auc];
      };
      const point = d(idx);
      const rng = createRng(seed * 1009 + scopes.indexOf(s));
      const accD: number[] = [];
      const aucD: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const rows: number[] = [];
        for (let h = 0; h < hostList.length; h++) {
          for (const k of byHost.get(hostList[rng.int(hostList.length)])!) rows.push(k);
        }
        const [da, du] = d(Int32Array.from(rows));
        accD.push(da);
        aucD.push(du);
      }
      const sd = (v: number[]) => {
        const m = v.reduce((x, z) => x + z, 0) / v.length;
        return Math.sqrt(v.reduce((x, z) => x + (z - m) ** 2, 0) / (v.length - 1));
      };
      const sign = (v: number) => (v >= 0 ? '+' : '');
      cells.push(
        `${s} ${sign(point[0])}${point[0].toFixed(2)} (${sd(accD).toFixed(2)}); ${sign(point[1])}${point[1].toFixed(4)} (${sd(aucD).toFixed(4)})`
      );
    }
    console.log(`  ${a} - ${b}: ${cells.join(', ')}`);
  }
}

await main();
