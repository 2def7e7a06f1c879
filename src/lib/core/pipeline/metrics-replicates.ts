/**
 * The interval metrics of bootstrap resamples without copying rows or sorting per resample.
 * Scoring a resample the plain way (subsetRows, then every metric function) allocates several
 * row-sized arrays and sorts the scores twice; over 200 resamples x 4 models x 4 row sets that
 * dominated training's evaluation, several times over in Chromium, where typed-array allocation
 * and comparator sorts are slow. Here each row's predicted class and each ranked class's score
 * order are computed once, and a resample is scored from how often it draws each row.
 *
 * Every number equals the plain way's bit for bit: counts are integers, sums run in the same
 * order (Brier over the resample's rows in draw order; AUC and AP over the same distinct
 * thresholds, highest first, with the same cumulative counts).
 */
import { predictedClasses } from './metrics-common.ts';
import { balancedAccuracyOf, classScoresOf, macroF1Of } from './metrics-labels.ts';

export interface ReplicateScores {
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  rocAuc: number;
  prAuc: number;
  brier: number;
}

/** Rows by descending score of class c, and which of them ends a run of equal scores. */
function scoreOrder(
  proba: Float64Array,
  K: number,
  c: number
): { order: Int32Array; groupEnd: Uint8Array } {
  const n = proba.length / K;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = proba[i * K + c];
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  const groupEnd = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    groupEnd[i] = i === n - 1 || score[order[i + 1]] !== score[order[i]] ? 1 : 0;
  }
  return { order, groupEnd };
}

/**
 * ROC AUC (out[0]) and average precision (out[1]) of class c on the rows counted in mult.
 * Module-level, not a closure per scorer: optimized callers then always see the same call
 * target (a new closure each time made V8 drop their optimized code hundreds of times a run).
 */
function rankScores(
  c: number,
  order: Int32Array,
  groupEnd: Uint8Array,
  yTrue: Int32Array,
  mult: Int32Array,
  out: Float64Array
): void {
  const n = order.length;
  let tp = 0;
  let fp = 0;
  let prevT = 0;
  let prevF = 0;
  let area = 0;
  let ap = 0;
  for (let i = 0; i < n; i++) {
    const r = order[i];
    const m = mult[r];
    if (yTrue[r] === c) tp += m;
    else fp += m;
    // A threshold of the resample: the end of a run of equal scores holding a drawn row.
    if (groupEnd[i] === 1 && tp + fp > prevT + prevF) {
      area += (fp - prevF) * (tp + prevT);
      ap += (tp - prevT) * (tp / (tp + fp));
      prevT = tp;
      prevF = fp;
    }
  }
  out[0] = tp === 0 || fp === 0 ? Number.NaN : area / (2 * tp * fp);
  out[1] = tp === 0 ? Number.NaN : ap / tp;
}

/**
 * Scores resamples of the rows of (yTrue, proba): the returned function takes the drawn row
 * indices (repeats allowed) and gives what accuracy, balancedAccuracy, macroF1, rocAuc,
 * averagePrecision and brierScore give on subsetRows(yTrue, proba, K, rowIdx), with the same
 * positiveClass convention (given: that class; else class 1 for two classes; else the macro
 * one-vs-rest mean). Inputs are assumed checked (evaluate checks them once).
 */
export function replicateScorer(
  yTrue: Int32Array,
  proba: Float64Array,
  K: number,
  positiveClass: number | undefined
): (rowIdx: Int32Array) => ReplicateScores {
  const n = yTrue.length;
  const pred = predictedClasses(proba, K);
  const ranked =
    positiveClass !== undefined ? [positiveClass] : K === 2 ? [1] : [...Array(K).keys()];
  const orders = ranked.map((c) => ({ c, ...scoreOrder(proba, K, c) }));
  const mult = new Int32Array(n);
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));

  const out = new Float64Array(2);

  return (rowIdx: Int32Array): ReplicateScores => {
    const m = rowIdx.length;
    for (const row of confusion) row.fill(0);
    let hit = 0;
    let brier = 0;
    for (let j = 0; j < m; j++) {
      const r = rowIdx[j];
      mult[r]++;
      confusion[yTrue[r]][pred[r]]++;
      if (pred[r] === yTrue[r]) hit++;
      if (K === 2) {
        const d = proba[r * 2 + 1] - (yTrue[r] === 1 ? 1 : 0);
        brier += d * d;
      } else {
        for (let c = 0; c < K; c++) {
          const d = proba[r * K + c] - (yTrue[r] === c ? 1 : 0);
          brier += d * d;
        }
      }
    }
    let rocAuc = 0;
    let prAuc = 0;
    for (const o of orders) {
      rankScores(o.c, o.order, o.groupEnd, yTrue, mult, out);
      rocAuc += out[0];
      prAuc += out[1];
    }
    if (orders.length > 1) {
      rocAuc /= K;
      prAuc /= K;
    }
    for (let j = 0; j < m; j++) mult[rowIdx[j]] = 0;
    const scores = classScoresOf(confusion);
    return {
      accuracy: hit / m,
      balancedAccuracy: balancedAccuracyOf(scores),
      macroF1: macroF1Of(scores),
      rocAuc,
      prAuc,
      brier: brier / m
    };
  };
}
