/**
 * Fitting probability calibration maps (model/calibration.ts) on rows no tree was grown on:
 * Platt scaling (a sigmoid of the forest's probability) and isotonic regression (pool adjacent
 * violators), each as scikit-learn fits them, and the choice between the two by grouped k-fold
 * cross-validation (Brier score on the held-out folds; whole host stars per fold).
 */
import { type CalibrationMap, applyMap } from '../model/index.ts';
import { createRng } from '../random.ts';
import { exactExp, exactLog, exactLog1p } from '../exact-math.ts';

/**
 * Platt scaling: P(y = 1 | p) = 1 / (1 + exp(-(a p + b))), fitted by Newton's method with
 * backtracking on the regularised targets of Platt (1999) as in Lin, Lin & Weng (2007) (what
 * scikit-learn's sigmoid calibration minimises). Returns null when the fitted slope is not
 * positive (the map would flatten or reverse the ranking).
 */
export function fitPlatt(p: ArrayLike<number>, y: ArrayLike<number>): CalibrationMap | null {
  const n = p.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i];
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = y[i] === 1 ? hi : lo;
  // Lin et al.'s parametrisation: P = 1 / (1 + exp(A f + B)); a = -A, b = -B.
  let A = 0;
  let B = exactLog((nNeg + 1) / (nPos + 1));
  const objective = (A_: number, B_: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const fApB = p[i] * A_ + B_;
      f +=
        fApB >= 0
          ? t[i] * fApB + exactLog1p(exactExp(-fApB))
          : (t[i] - 1) * fApB + exactLog1p(exactExp(fApB));
    }
    return f;
  };
  const sigma = 1e-12;
  let fval = objective(A, B);
  for (let it = 0; it < 100; it++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const fApB = p[i] * A + B;
      let pp: number;
      let q: number;
      if (fApB >= 0) {
        const e = exactExp(-fApB);
        pp = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = exactExp(fApB);
        pp = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = pp * q;
      h11 += p[i] * p[i] * d2;
      h22 += d2;
      h21 += p[i] * d2;
      const d1 = t[i] - pp;
      g1 += p[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  const a = -A;
  const b = -B;
  if (!(a > 0) || !Number.isFinite(b)) return null;
  return { method: 'platt', a, b };
}

/**
 * Isotonic regression of y on p (non-decreasing), as scikit-learn's IsotonicRegression
 * (increasing=True, out_of_bounds='clip'): equal p values are merged first (their mean y), pool
 * adjacent violators, then only the knots where the fitted value changes are kept. The map is
 * linear between knots and constant beyond the ends.
 *
 * One change: the targets are Platt's regularised labels ((N+ + 1) / (N+ + 2) for a positive,
 * 1 / (N- + 2) for a negative, as fitPlatt uses) rather than 1 and 0, so no step claims a
 * certainty (0 or 1) that a finite sample cannot give.
 */
export function fitIsotonic(p: ArrayLike<number>, y: ArrayLike<number>): CalibrationMap | null {
  const n = p.length;
  if (n === 0) return null;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i];
  const hiT = (nPos + 1) / (nPos + 2);
  const loT = 1 / (n - nPos + 2);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => p[i] - p[j] || i - j);
  // Unique x with summed weights and mean y.
  const ux: number[] = [];
  const uw: number[] = [];
  const uy: number[] = [];
  for (const i of order) {
    const last = ux.length - 1;
    const t = y[i] === 1 ? hiT : loT;
    if (last >= 0 && ux[last] === p[i]) {
      uy[last] += t;
      uw[last] += 1;
    } else {
      ux.push(p[i]);
      uy.push(t);
      uw.push(1);
    }
  }
  // Pool adjacent violators on the block means (sum of y / weight).
  const m = ux.length;
  const bSum: number[] = [];
  const bW: number[] = [];
  const bEnd: number[] = []; // last unique index of each block
  for (let k = 0; k < m; k++) {
    bSum.push(uy[k]);
    bW.push(uw[k]);
    bEnd.push(k);
    while (bSum.length > 1) {
      const j = bSum.length - 1;
      if (bSum[j - 1] / bW[j - 1] <= bSum[j] / bW[j]) break;
      bSum[j - 1] += bSum[j];
      bW[j - 1] += bW[j];
      bEnd[j - 1] = bEnd[j];
      bSum.pop();
      bW.pop();
      bEnd.pop();
    }
  }
  const fitted = new Float64Array(m);
  let start = 0;
  for (let b = 0; b < bSum.length; b++) {
    fitted.fill(bSum[b] / bW[b], start, bEnd[b] + 1);
    start = bEnd[b] + 1;
  }
  // Keep the first and last point, and every point where the value changes on either side.
  const x: number[] = [];
  const yy: number[] = [];
  for (let k = 0; k < m; k++) {
    const keep =
      k === 0 || k === m - 1 || fitted[k - 1] !== fitted[k] || fitted[k] !== fitted[k + 1];
    if (keep) {
      x.push(ux[k]);
      yy.push(fitted[k]);
    }
  }
  return { method: 'isotonic', x, y: yy };
}

/** Expected calibration error: sum over equal-width bins of (rows in bin / n) |mean p - observed|. */
export function expectedCalibrationError(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  nBins = 10
): number {
  const n = p.length;
  if (n === 0) return NaN;
  const count = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(p[i] * nBins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (count[b] > 0) ece += Math.abs(sumP[b] - sumY[b]) / n;
  }
  return ece;
}

export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

export type CalibrationMethod = 'platt' | 'isotonic';
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['platt', 'isotonic'];

function fitMethod(
  method: CalibrationMethod,
  p: ArrayLike<number>,
  y: ArrayLike<number>
): CalibrationMap | null {
  return method === 'platt' ? fitPlatt(p, y) : fitIsotonic(p, y);
}

/** What the grouped cross-validation measured, and the map fitted on every row. */
export interface CalibrationChoice {
  method: CalibrationMethod;
  map: CalibrationMap;
  /** Rows the map was fitted on. */
  rows: number;
  folds: number;
  /** Mean Brier score on the held-out folds: raw probabilities and each method. */
  cvBrier: { raw: number; platt: number | null; isotonic: number | null };
}

/**
 * Fits a calibration map on raw probabilities `p` (labels y in {0, 1}, 1 = positive class)
 * and chooses Platt or isotonic by grouped k-fold cross-validation: folds take whole groups
 * (host stars), shuffled with `seed`; the method with the lower mean held-out Brier score wins
 * (Platt on a tie, the simpler map). Returns null when no map can be fitted (one class only, or
 * fewer than `folds` groups).
 */
export function chooseCalibration(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  groups: readonly string[],
  seed: number,
  folds = 5
): CalibrationChoice | null {
  const n = p.length;
  const hosts = [...new Set(groups)].sort();
  if (hosts.length < folds) return null;
  const rng = createRng(seed);
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [hosts[i], hosts[j]] = [hosts[j], hosts[i]];
  }
  const foldOfHost = new Map(hosts.map((h, k) => [h, k % folds]));
  const fold = Int32Array.from(groups, (g) => foldOfHost.get(g)!);
  const sq: Record<CalibrationMethod | 'raw', number> = { raw: 0, platt: 0, isotonic: 0 };
  const failed = new Set<CalibrationMethod>();
  for (let f = 0; f < folds; f++) {
    const trP: number[] = [];
    const trY: number[] = [];
    const teIdx: number[] = [];
    for (let i = 0; i < n; i++) {
      if (fold[i] === f) teIdx.push(i);
      else {
        trP.push(p[i]);
        trY.push(y[i]);
      }
    }
    for (const i of teIdx) sq.raw += (p[i] - y[i]) ** 2;
    for (const method of CALIBRATION_METHODS) {
      if (failed.has(method)) continue;
      const map = fitMethod(method, trP, trY);
      if (!map) {
        failed.add(method);
        continue;
      }
      for (const i of teIdx) sq[method] += (applyMap(map, p[i]) - y[i]) ** 2;
    }
  }
  const score = (m: CalibrationMethod) => (failed.has(m) ? null : sq[m] / n);
  const cvBrier = { raw: sq.raw / n, platt: score('platt'), isotonic: score('isotonic') };
  const ranked = CALIBRATION_METHODS.filter((m) => cvBrier[m] !== null).sort(
    (a, b) => cvBrier[a]! - cvBrier[b]!
  );
  for (const method of ranked) {
    const map = fitMethod(method, p, y);
    if (map) return { method, map, rows: n, folds, cvBrier };
  }
  return null;
}
