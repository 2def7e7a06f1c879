/**
 * Scratch A/B for training speed: 100 trees on the bench20k training rows (20,000 x 16) and
 * 100 trees on a real-data-like set (9,000 x 14, 3 classes, 10% missing, fractional sample
 * weights), timed by process CPU, runs interleaved. Pass fit modules to compare in turn, e.g.
 * a copy of the previous src/lib/core (with random.ts) in /tmp: the forest hashes must match.
 * Usage: nice -n 10 tsx bench/experiments/train-ab.ts [runs] [fit.ts ...]
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  makeClassification,
  SYNTHETIC_PRESETS,
  type ForestArrays,
  type ForestParams,
  type Matrix
} from '../../src/lib/core/forest/index.ts';
import { createRng } from '../../src/lib/core/random.ts';

type Fit = (
  X: Matrix,
  y: Int32Array,
  p: ForestParams,
  o?: { sampleWeight?: Float64Array }
) => ForestArrays;

function sliceRows(X: Matrix, y: Int32Array, n: number): { X: Matrix; y: Int32Array } {
  const data = new Float32Array(n * X.nCols);
  for (let j = 0; j < X.nCols; j++) data.set(X.data.subarray(j * X.nRows, j * X.nRows + n), j * n);
  return { X: { data, nRows: n, nCols: X.nCols }, y: y.slice(0, n) };
}

function cases() {
  const b = SYNTHETIC_PRESETS.bench20k;
  const d = makeClassification(b.options);
  const big = sliceRows(d.X, d.y, b.trainRows);
  const real = makeClassification({
    nRows: 9000,
    nFeatures: 14,
    nInformative: 6,
    nRedundant: 3,
    nClasses: 3,
    flipY: 0.08,
    missingRate: 0.1,
    seed: 5
  });
  const rng = createRng(9);
  const sw = new Float64Array(real.X.nRows);
  for (let i = 0; i < sw.length; i++) sw[i] = 0.25 + 1.5 * rng.next();
  return [
    { name: '20000x16', X: big.X, y: big.y, params: { nTrees: 100, seed: 3, minSamplesLeaf: 1 } },
    { name: 'real-like', X: real.X, y: real.y, params: { nTrees: 100, seed: 1 }, sw }
  ];
}

function hashOf(f: ForestArrays): string {
  const h = createHash('sha1');
  for (const v of Object.values(f))
    h.update(typeof v === 'number' ? String(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  return h.digest('hex').slice(0, 12);
}

async function main() {
  const runs = Number(process.argv[2] ?? 5);
  const mods = process.argv.slice(3);
  if (mods.length === 0) mods.push('src/lib/core/forest/fit.ts');
  const fns: Fit[] = [];
  for (const m of mods) fns.push((await import(pathToFileURL(path.resolve(m)).href)).fitForest);
  const cs = cases();
  for (const f of fns)
    for (const c of cs) f(c.X, c.y, { ...c.params, nTrees: 5 }, { sampleWeight: c.sw });
  for (const c of cs) {
    const cpu = fns.map((): number[] => []);
    const hash = fns.map(() => '');
    for (let k = 0; k < runs; k++) {
      fns.forEach((f, v) => {
        const c0 = process.cpuUsage();
        const out = f(c.X, c.y, c.params, { sampleWeight: c.sw });
        const u = process.cpuUsage(c0);
        cpu[v].push((u.user + u.system) / 1000);
        hash[v] = hashOf(out);
      });
    }
    const r = Math.round;
    mods.forEach((m, v) => {
      const s = [...cpu[v]].sort((a, b) => a - b);
      console.log(
        `${c.name} ${m}: min ${r(s[0])} median ${r(s[s.length >> 1])} ms CPU` +
          ` [${cpu[v].map(r).join(' ')}] hash ${hash[v]}`
      );
    });
  }
}

main();
