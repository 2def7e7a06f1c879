/**
 * Scratch (issue #5): scores post-hoc per-mission variants on cv-cache.ts output. Everything a
 * variant learns (mixture weights, thresholds, calibration, stacking) is fitted on the fold's
 * calibration rows (calibration-pass forest) and applied to the final forest's test-fold
 * probabilities. Vetting only (class 0 = PLANET).
 * Usage: tsx bench/experiments/cv-posthoc.ts <name> [cvSeeds] [folds]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fitMixtureWeights } from '../../src/lib/core/pipeline/staged.ts';
import { rocAuc } from '../../src/lib/core/pipeline/metrics.ts';

const OUT = process.env.EXO_CACHE ?? '/tmp/exo-cache';
type Fold = {
  stages: string[];
  test: {
    y: number[];
    mission: string[];
    first: number[][];
    final: number[][];
    pooled: number[] | null;
  };
  cal: Record<string, { y: number[]; groups: number[][] }>;
};

const K = 2;
const mixP = (groups: number[][], w: number[], i: number) =>
  groups.reduce((s, g, k) => s + w[k] * g[i * K], 0); // P(planet)

const logit = (p: number) => {
  const q = Math.min(1 - 1e-3, Math.max(1e-3, p));
  return Math.log(q / (1 - q));
};
const sigm = (z: number) => 1 / (1 + Math.exp(-z));

/** L2-regularised logistic regression (Newton steps, intercept unpenalised); t = 1 means planet. */
function fitLogistic(X: number[][], t: number[], l2 = 1e-2): number[] {
  const d = X[0].length;
  let w = new Array(d + 1).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
    for (let i = 0; i < X.length; i++) {
      const x = [1, ...X[i]];
      const p = sigm(x.reduce((s, v, k) => s + v * w[k], 0));
      for (let a = 0; a <= d; a++) {
        g[a] += (p - t[i]) * x[a];
        for (let b = 0; b <= d; b++) H[a][b] += p * (1 - p) * x[a] * x[b];
      }
    }
    for (let a = 1; a <= d; a++) {
      g[a] += l2 * X.length * w[a];
      H[a][a] += l2 * X.length;
    }
    for (let a = 0; a <= d; a++) H[a][a] += 1e-9;
    const step = solve(H, g);
    w = w.map((v, k) => v - step[k]);
    if (step.reduce((m, v) => Math.max(m, Math.abs(v)), 0) < 1e-8) break;
  }
  return w;
}
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => r[n] / r[i]);
}

/** Threshold on P(planet) maximising accuracy on (p, y), midpoint of the best run. */
function bestThreshold(p: number[], y: number[]): number {
  const idx = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  // predict planet iff p >= t. Start with t below all: all planet.
  let correct = y.filter((v) => v === 0).length;
  let best = correct;
  const cands: { t: number; acc: number }[] = [{ t: 0, acc: correct }];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    correct += y[i] === 0 ? -1 : 1; // row i now predicted FP
    const next = k + 1 < idx.length ? p[idx[k + 1]] : 1;
    if (next === p[i]) continue;
    const t = (p[i] + next) / 2;
    cands.push({ t, acc: correct });
    if (correct > best) best = correct;
  }
  // among best-accuracy thresholds take the one closest to 0.5 (conservative)
  const ties = cands.filter((c) => c.acc === best);
  return ties.reduce((a, c) => (Math.abs(c.t - 0.5) < Math.abs(a.t - 0.5) ? c : a)).t;
}

function main() {
  const [name, seedsArg = '1,2', foldsArg = '5'] = process.argv.slice(2);
  const seeds = seedsArg.split(',').map(Number);
  const F = Number(foldsArg);
  const variants = [
    'pooled',
    'staged',
    'staged+thr',
    'staged+platt',
    'staged+stack',
    'staged+stackW',
    'mixLL',
    'pooled+thr?'
  ];
  // per variant, per cvSeed: arrays of (mission, y, pPlanet)
  const res: Record<
    string,
    Record<number, { m: string; y: number; p: number; pred: number; f: number }[]>
  > = {};
  for (const v of variants) res[v] = {};
  for (const cvSeed of seeds) {
    for (const v of variants) res[v][cvSeed] = [];
    for (let f = 0; f < F; f++) {
      const d: Fold = JSON.parse(
        readFileSync(path.join(OUT, `${name}-s${cvSeed}-f${f}.json`), 'utf8')
      );
      const n = d.test.y.length;
      const S = d.stages.length;
      const w: Record<string, number[]> = {};
      const wLL: Record<string, number[]> = {};
      const thr: Record<string, number> = {};
      const platt: Record<string, number[]> = {};
      const stack: Record<string, number[]> = {};
      const stackW: Record<string, number[]> = {};
      for (const m of d.stages) {
        const c = d.cal[m];
        const y = Int32Array.from(c.y);
        const G = c.groups.map((g) => Float64Array.from(g));
        w[m] = fitMixtureWeights(G, y, K, 'brier');
        wLL[m] = fitMixtureWeights(G, y, K, 'logLoss');
        const p = c.y.map((_, i) => mixP(c.groups, w[m], i));
        thr[m] = bestThreshold(p, c.y);
        const t = c.y.map((v) => (v === 0 ? 1 : 0));
        platt[m] = fitLogistic(
          p.map((v) => [logit(v)]),
          t
        );
        stack[m] = fitLogistic(
          c.y.map((_, i) => c.groups.map((g) => logit(g[i * K]))),
          t,
          1e-2
        );
        stackW[m] = fitLogistic(
          c.y.map((_, i) => c.groups.map((g) => logit(g[i * K]))),
          t,
          1e-1
        );
      }
      // pooled threshold would need pooled calibration-row predictions: not cached -> skip
      for (let i = 0; i < n; i++) {
        const m = d.test.mission[i];
        const y = d.test.y[i];
        const push = (v: string, p: number, t = 0.5) =>
          res[v][cvSeed].push({ m, y, p, pred: p > t ? 0 : p < t ? 1 : 0, f });
        if (d.test.pooled) push('pooled', d.test.pooled[i * K]);
        const ps = mixP(d.test.final, w[m], i);
        push('staged', ps);
        push('staged+thr', ps, thr[m]);
        const pl = platt[m];
        push('staged+platt', sigm(pl[0] + pl[1] * logit(ps)));
        const st = stack[m];
        push(
          'staged+stack',
          sigm(st[0] + d.test.final.reduce((s, g, k) => s + st[k + 1] * logit(g[i * K]), 0))
        );
        const sw = stackW[m];
        push(
          'staged+stackW',
          sigm(sw[0] + d.test.final.reduce((s, g, k) => s + sw[k + 1] * logit(g[i * K]), 0))
        );
        push('mixLL', mixP(d.test.final, wLL[m], i));
        void S;
      }
      if (f === 0 && cvSeed === seeds[0]) {
        console.log('fold0 weights', JSON.stringify(w), 'thr', JSON.stringify(thr));
        console.log('  platt', JSON.stringify(platt), '\n  stack', JSON.stringify(stack));
      }
    }
  }
  const keys = ['koi', 'k2', 'toi', 'combined'];
  console.log(
    `${name}: accuracy % (AUC) per mission, mean over CV seeds ${seeds.join(',')}; per-seed combined in []`
  );
  for (const v of variants) {
    if (res[v][seeds[0]].length === 0) continue;
    const cells = keys.map((k) => {
      const accs: number[] = [];
      const aucs: number[] = [];
      for (const s of seeds) {
        const r = res[v][s].filter((e) => k === 'combined' || e.m === k);
        accs.push(r.filter((e) => e.pred === e.y).length / r.length);
        const y = Int32Array.from(r, (e) => e.y);
        const p = new Float64Array(r.length * 2);
        r.forEach((e, i) => {
          p[2 * i] = e.p;
          p[2 * i + 1] = 1 - e.p;
        });
        aucs.push(rocAuc(y, p, 2, 0));
      }
      const ma = accs.reduce((a, b) => a + b) / accs.length;
      const mu = aucs.reduce((a, b) => a + b) / aucs.length;
      return (
        `${k} ${(100 * ma).toFixed(2)} (${mu.toFixed(4)})` +
        (k === 'combined' || k === 'toi'
          ? ` [${accs.map((a) => (100 * a).toFixed(2)).join(',')}]`
          : '')
      );
    });
    console.log(`  ${v.padEnd(14)} ${cells.join('  ')}`);
  }
  // Paired differences vs pooled per (seed, fold): mean and standard error, in points.
  if (res.pooled[seeds[0]].length > 0) {
    console.log('  diff vs pooled per fold (mean +- s.e. over seeds x folds, points):');
    for (const v of variants) {
      if (v === 'pooled' || res[v][seeds[0]].length === 0) continue;
      const cells = keys.map((k) => {
        const diffs: number[] = [];
        for (const s of seeds)
          for (let f = 0; f < F; f++) {
            const acc = (name: string) => {
              const r = res[name][s].filter((e) => e.f === f && (k === 'combined' || e.m === k));
              return r.filter((e) => e.pred === e.y).length / r.length;
            };
            diffs.push(100 * (acc(v) - acc('pooled')));
          }
        const mu = diffs.reduce((a, b) => a + b) / diffs.length;
        const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mu) ** 2, 0) / (diffs.length - 1));
        return `${k} ${mu >= 0 ? '+' : ''}${mu.toFixed(2)}+-${(sd / Math.sqrt(diffs.length)).toFixed(2)}`;
      });
      console.log(`    ${v.padEnd(14)} ${cells.join('  ')}`);
    }
  }
}
main();
