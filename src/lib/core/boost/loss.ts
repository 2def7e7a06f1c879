/**
 * Log loss for two classes (one raw score: the log-odds of class 1) and for K classes (K raw
 * scores, softmax). Gradients and hessians are stored as float32, like scikit-learn's, which
 * halves the bytes the histogram loops read; raw scores and sums stay float64.
 */

/** Raw score of a constant model: log-odds of the weighted class-1 share, or centred log shares. */
export function baseScoreOf(y: Int32Array, w: Float64Array, K: number): Float64Array {
  const share = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    share[y[i]] += w[i];
    total += w[i];
  }
  const eps = 2.220446049250313e-16;
  const p = (c: number) => Math.min(1 - eps, Math.max(eps, total > 0 ? share[c] / total : 1 / K));
  if (K === 2) return Float64Array.of(Math.log(p(1) / (1 - p(1))));
  const out = new Float64Array(K);
  let mean = 0;
  for (let c = 0; c < K; c++) {
    out[c] = Math.log(p(c));
    mean += out[c] / K;
  }
  for (let c = 0; c < K; c++) out[c] -= mean;
  return out;
}

const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/**
 * Gradients and hessians of the weighted loss at raw scores `raw` (rows x nOutputs,
 * row-major) into g and h, output k at k * n + i (one contiguous column per tree).
 */
export function gradients(
  y: Int32Array,
  w: Float64Array,
  raw: Float64Array,
  nOutputs: number,
  g: Float32Array,
  h: Float32Array
): void {
  const n = y.length;
  if (nOutputs === 1) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]);
      g[i] = w[i] * (p - y[i]);
      h[i] = w[i] * p * (1 - p);
    }
    return;
  }
  const K = nOutputs;
  const e = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (raw[o + k] > max) max = raw[o + k];
    let sum = 0;
    for (let k = 0; k < K; k++) {
      e[k] = Math.exp(raw[o + k] - max);
      sum += e[k];
    }
    for (let k = 0; k < K; k++) {
      const p = e[k] / sum;
      g[k * n + i] = w[i] * (p - (y[i] === k ? 1 : 0));
      h[k * n + i] = w[i] * p * (1 - p);
    }
  }
}

/** Weighted mean log loss (natural log) at raw scores; NaN when all weights are 0. */
export function meanLoss(
  y: Int32Array,
  w: Float64Array | undefined,
  raw: Float64Array,
  nOutputs: number
): number {
  const n = y.length;
  let s = 0;
  let ws = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === undefined ? 1 : w[i];
    let l: number;
    if (nOutputs === 1) {
      const z = raw[i];
      // log(1 + e^z) - y z, stable for large |z|.
      l = (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
    } else {
      const o = i * nOutputs;
      let max = -Infinity;
      for (let k = 0; k < nOutputs; k++) if (raw[o + k] > max) max = raw[o + k];
      let sum = 0;
      for (let k = 0; k < nOutputs; k++) sum += Math.exp(raw[o + k] - max);
      l = max + Math.log(sum) - raw[o + y[i]];
    }
    s += wi * l;
    ws += wi;
  }
  return s / ws;
}

/** Class probabilities (rows x nClasses, row-major) from raw scores. */
export function probaFromRaw(
  raw: Float64Array,
  nRows: number,
  nOutputs: number,
  nClasses: number
): Float64Array {
  const out = new Float64Array(nRows * nClasses);
  if (nOutputs === 1) {
    for (let i = 0; i < nRows; i++) {
      const p = sigmoid(raw[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  for (let i = 0; i < nRows; i++) {
    const o = i * nOutputs;
    let max = -Infinity;
    for (let k = 0; k < nOutputs; k++) if (raw[o + k] > max) max = raw[o + k];
    let sum = 0;
    for (let k = 0; k < nOutputs; k++) sum += Math.exp(raw[o + k] - max);
    for (let k = 0; k < nOutputs; k++) out[o + k] = Math.exp(raw[o + k] - max) / sum;
  }
  return out;
}
