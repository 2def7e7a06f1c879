/**
 * Metrics of the probabilities themselves: Brier score, log loss, calibration curve.
 */
import { checkClass, checkInputs } from './metrics-common.ts';
import { exactLog } from '../exact-math.ts';

/**
 * Brier score (lower is better).
 * - Two classes: mean of (P(class 1) - [y = class 1])^2, exactly scikit-learn's
 *   brier_score_loss(y == 1, proba[:, 1]); in [0, 1].
 * - More classes: mean over rows of the sum over classes of (p_c - [y = c])^2 (Brier's original
 *   definition); in [0, 2].
 * For two classes the original definition is twice the binary one (both squared errors are equal
 * when a row sums to 1), so the two-class value is half of what the multi-class formula would give.
 */
export function brierScore(yTrue: Int32Array, proba: Float64Array, nClasses: number): number {
  const n = checkInputs(yTrue, proba, nClasses, 'brierScore');
  let sum = 0;
  if (nClasses === 2) {
    for (let i = 0; i < n; i++) {
      const d = proba[i * 2 + 1] - (yTrue[i] === 1 ? 1 : 0);
      sum += d * d;
    }
    return sum / n;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nClasses; c++) {
      const d = proba[i * nClasses + c] - (yTrue[i] === c ? 1 : 0);
      sum += d * d;
    }
  }
  return sum / n;
}

/** Probabilities are clipped to [1e-15, 1 - 1e-15] so one confident mistake costs ~34.5, not infinity. */
export const LOG_LOSS_EPS = 1e-15;

/** Mean negative log probability of the true class (cross-entropy), with clipping at LOG_LOSS_EPS. */
export function logLoss(yTrue: Int32Array, proba: Float64Array, nClasses: number): number {
  const n = checkInputs(yTrue, proba, nClasses, 'logLoss');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, proba[i * nClasses + yTrue[i]]));
    sum -= exactLog(p);
  }
  return sum / n;
}

/** One bin of a calibration curve; the means are null for an empty bin. */
export type CalibrationBin = {
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted P(positive) of the rows in the bin. */
  meanPredicted: number | null;
  /** Observed fraction of positives among them. */
  observed: number | null;
};

/**
 * Reliability curve of P(positive): `nBins` equal-width bins on [0, 1]. Bin j holds
 * probabilities in [j/n, (j+1)/n), the last one also 1 (a probability on an edge goes to the
 * upper bin; edges are computed as numpy's linspace). Non-empty bins give the same numbers as
 * scikit-learn's calibration_curve(strategy='uniform'), which omits empty bins.
 */
export function calibrationCurve(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass: number,
  nBins = 10
): CalibrationBin[] {
  const n = checkInputs(yTrue, proba, nClasses, 'calibrationCurve');
  checkClass(positiveClass, nClasses, 'calibrationCurve');
  if (!Number.isInteger(nBins) || nBins < 1)
    throw new Error(`calibrationCurve: nBins must be a positive integer`);
  const step = 1 / nBins;
  const edge = (j: number): number => (j === nBins ? 1 : j * step);
  const count = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const p = proba[i * nClasses + positiveClass];
    if (p < 0 || p > 1) throw new Error(`calibrationCurve: probability ${p} is outside [0, 1]`);
    let b = Math.min(nBins - 1, Math.floor(p * nBins));
    // Settle float rounding of p * nBins against the exact edges.
    while (b > 0 && p < edge(b)) b--;
    while (b < nBins - 1 && p >= edge(b + 1)) b++;
    count[b]++;
    sumP[b] += p;
    if (yTrue[i] === positiveClass) sumY[b]++;
  }
  return Array.from({ length: nBins }, (_, j) => ({
    lo: edge(j),
    hi: edge(j + 1),
    count: count[j],
    meanPredicted: count[j] > 0 ? sumP[j] / count[j] : null,
    observed: count[j] > 0 ? sumY[j] / count[j] : null
  }));
}
