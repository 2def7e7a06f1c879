/**
 * Scratch A/B for prediction speed (issue #3): the bench's default-parameter model (300 trees,
 * 9,000 x 14, seed 1) predicting 100,000 rows, timed by process CPU. The forest is cached in
 * /tmp so runs start fast; pass another predict module to compare kernels in turn, e.g. a
 * copy of the previous predict.ts (its output hash must match).
 * Usage: nice -n 10 tsx bench/experiments/predict-ab.ts [runs] [predict.ts ...] (run in turn)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  fitForest,
  makeClassification,
  type ForestArrays,
  type Matrix
} from '../../src/lib/core/forest/index.ts';

import { MODEL_DATA } from '../forest.ts';

const CACHE = '/tmp/exo-predict-forest.json';

function loadForest(): ForestArrays {
  if (existsSync(CACHE)) {
    const o = JSON.parse(readFileSync(CACHE, 'utf8'));
    return {
      nFeatures: o.nFeatures,
      nClasses: o.nClasses,
      treeStart: Int32Array.from(o.treeStart),
      feature: Int32Array.from(o.feature),
      threshold: Float32Array.from(o.threshold),
      missingLeft: Uint8Array.from(o.missingLeft),
      left: Int32Array.from(o.left),
      right: Int32Array.from(o.right),
      value: Float32Array.from(o.value),
      nodeWeight: Float32Array.from(o.nodeWeight),
      gain: Float32Array.from(o.gain)
    };
  }
  const d = makeClassification(MODEL_DATA);
  const f = fitForest(d.X, d.y, { nTrees: 300, seed: 1 });
  const plain = Object.fromEntries(
    Object.entries(f).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v)])
  );
  writeFileSync(CACHE, JSON.stringify(plain));
  return f;
}

type Predict = (f: ForestArrays, X: Matrix) => Float64Array;

async function main() {
  const runs = Number(process.argv[2] ?? 7);
  const mods = process.argv.slice(3);
  if (mods.length === 0) mods.push('src/lib/core/forest/predict.ts');
  const fns: Predict[] = [];
  for (const m of mods) {
    const mod = (await import(pathToFileURL(path.resolve(m)).href)) as { predictProba: Predict };
    fns.push(mod.predictProba);
  }
  const forest = loadForest();
  const big = makeClassification({ ...MODEL_DATA, nRows: 100_000 }).X;
  const warm = { data: new Float32Array(1000 * big.nCols), nRows: 1000, nCols: big.nCols };
  for (let j = 0; j < big.nCols; j++)
    warm.data.set(big.data.subarray(j * 1e5, j * 1e5 + 1000), j * 1000);
  for (const f of fns) f(forest, warm);
  const cpu = fns.map((): number[] => []);
  const hash = fns.map(() => '');
  // Interleaved, so load from other processes hits every variant alike.
  for (let k = 0; k < runs; k++) {
    fns.forEach((f, v) => {
      const c0 = process.cpuUsage();
      const out = f(forest, big);
      const c = process.cpuUsage(c0);
      cpu[v].push((c.user + c.system) / 1000);
      hash[v] = createHash('sha1').update(Buffer.from(out.buffer)).digest('hex').slice(0, 12);
    });
  }
  const r = (v: number) => Math.round(v);
  mods.forEach((m, v) => {
    const s = [...cpu[v]].sort((a, b) => a - b);
    console.log(
      `${m}: min ${r(s[0])} median ${r(s[s.length >> 1])} ms CPU` +
        ` [${cpu[v].map(r).join(' ')}] hash ${hash[v]}`
    );
  });
}

main();
