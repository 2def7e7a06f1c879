/**
 * Ranking metrics of one class's probability: ROC AUC, average precision (PR AUC), and the ROC
 * and precision-recall curves for charts. Tied scores are one threshold (one step of the curve),
 * so ties are scored exactly as scikit-learn does (trapezoid between distinct thresholds, which
 * equals the rank-sum statistic with mid-ranks). Without a positive class, a problem with more
 * than two classes is scored one-vs-rest and macro-averaged.
 */
import { checkClass, checkInputs, oneVsRest } from './metrics-common.ts';

/** Cumulative true/false positives at each distinct score, from the highest score down. */
interface ThresholdCounts {
  tps: Float64Array;
  fps: Float64Array;
  thresholds: Float64Array;
  /** Total positives and negatives. */
  pos: number;
  neg: number;
}

function thresholdCounts(isPos: Uint8Array, score: Float64Array): ThresholdCounts {
  const n = score.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a]);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let tp = 0;
  let fp = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = order[i];
    if (isPos[r]) tp++;
    else fp++;
    if (i === n - 1 || score[order[i + 1]] !== score[r]) {
      tps[k] = tp;
      fps[k] = fp;
      thresholds[k] = score[r];
      k++;
    }
  }
  return {
    tps: tps.subarray(0, k),
    fps: fps.subarray(0, k),
    thresholds: thresholds.subarray(0, k),
    pos: tp,
    neg: fp
  };
}

function binaryAuc(c: ThresholdCounts): number {
  if (c.pos === 0 || c.neg === 0) return Number.NaN;
  let area = 0;
  let prevT = 0;
  let prevF = 0;
  for (let k = 0; k < c.tps.length; k++) {
    area += (c.fps[k] - prevF) * (c.tps[k] + prevT);
    prevT = c.tps[k];
    prevF = c.fps[k];
  }
  return area / (2 * c.pos * c.neg);
}

function binaryAveragePrecision(c: ThresholdCounts): number {
  if (c.pos === 0) return Number.NaN;
  let ap = 0;
  let prevT = 0;
  for (let k = 0; k < c.tps.length; k++) {
    ap += (c.tps[k] - prevT) * (c.tps[k] / (c.tps[k] + c.fps[k]));
    prevT = c.tps[k];
  }
  return ap / c.pos;
}

/** Binary on `positiveClass` if given; else binary on class 1 for two classes; else macro one-vs-rest. */
function ranked(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass: number | undefined,
  fn: string,
  metric: (c: ThresholdCounts) => number
): number {
  checkInputs(yTrue, proba, nClasses, fn);
  const one = (pos: number): number => {
    const { isPos, score } = oneVsRest(yTrue, proba, nClasses, pos);
    return metric(thresholdCounts(isPos, score));
  };
  if (positiveClass !== undefined) {
    checkClass(positiveClass, nClasses, fn);
    return one(positiveClass);
  }
  if (nClasses === 2) return one(1);
  let sum = 0;
  for (let c = 0; c < nClasses; c++) sum += one(c); // NaN if any class is absent
  return sum / nClasses;
}

/**
 * Area under the ROC curve. NaN when the positive class (or, one-vs-rest, any class) is absent
 * or is all there is. Equals scikit-learn's roc_auc_score (multi_class='ovr', average='macro').
 */
export function rocAuc(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass?: number
): number {
  return ranked(yTrue, proba, nClasses, positiveClass, 'rocAuc', binaryAuc);
}

/**
 * Average precision, the step-wise area under the precision-recall curve:
 * sum over thresholds of (recall_k - recall_{k-1}) * precision_k (scikit-learn's
 * average_precision_score; no interpolation). NaN when the positive class is absent.
 */
export function averagePrecision(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass?: number
): number {
  return ranked(yTrue, proba, nClasses, positiveClass, 'averagePrecision', binaryAveragePrecision);
}

/** Points of a ROC curve; threshold[i] is the score cut-off of point i (null for the (0, 0) start). */
export type RocCurve = { fpr: number[]; tpr: number[]; threshold: (number | null)[] };
/** Points of a precision-recall curve from recall 0 (precision 1, threshold null) to recall 1. */
export type PrCurve = { recall: number[]; precision: number[]; threshold: (number | null)[] };

function resolvePositive(nClasses: number, positiveClass: number | undefined, fn: string): number {
  if (positiveClass === undefined) {
    if (nClasses !== 2)
      throw new Error(`${fn}: with ${nClasses} classes, say which class is positive`);
    return 1;
  }
  checkClass(positiveClass, nClasses, fn);
  return positiveClass;
}

/** Evenly spaced indices 0..n-1 keeping the first and last, at most `max` of them. */
export function downsampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max < 2) throw new Error('downsampleIndices: max must be at least 2');
  return Array.from({ length: max }, (_, j) => Math.round((j * (n - 1)) / (max - 1)));
}

/**
 * ROC curve of the positive class (class 1 by default for two classes). Points on a straight
 * segment are dropped first (lossless, as scikit-learn's drop_intermediate), then the curve is
 * thinned to at most `maxPoints` evenly spaced points. null when either class is absent.
 */
export function rocCurve(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass?: number,
  maxPoints = 200
): RocCurve | null {
  checkInputs(yTrue, proba, nClasses, 'rocCurve');
  const pos = resolvePositive(nClasses, positiveClass, 'rocCurve');
  const { isPos, score } = oneVsRest(yTrue, proba, nClasses, pos);
  const c = thresholdCounts(isPos, score);
  if (c.pos === 0 || c.neg === 0) return null;
  const m = c.tps.length;
  const keep: number[] = [];
  for (let k = 0; k < m; k++) {
    const corner =
      k === 0 ||
      k === m - 1 ||
      c.fps[k + 1] - 2 * c.fps[k] + c.fps[k - 1] !== 0 ||
      c.tps[k + 1] - 2 * c.tps[k] + c.tps[k - 1] !== 0;
    if (m <= 2 || corner) keep.push(k);
  }
  const fpr = [0, ...keep.map((k) => c.fps[k] / c.neg)];
  const tpr = [0, ...keep.map((k) => c.tps[k] / c.pos)];
  const threshold: (number | null)[] = [null, ...keep.map((k) => c.thresholds[k])];
  const idx = downsampleIndices(fpr.length, maxPoints);
  return {
    fpr: idx.map((i) => fpr[i]),
    tpr: idx.map((i) => tpr[i]),
    threshold: idx.map((i) => threshold[i])
  };
}

/**
 * Precision-recall curve of the positive class, one point per distinct score (as scikit-learn's
 * precision_recall_curve, in increasing recall), thinned to at most `maxPoints`. null when the
 * positive class is absent.
 */
export function prCurve(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass?: number,
  maxPoints = 200
): PrCurve | null {
  checkInputs(yTrue, proba, nClasses, 'prCurve');
  const pos = resolvePositive(nClasses, positiveClass, 'prCurve');
  const { isPos, score } = oneVsRest(yTrue, proba, nClasses, pos);
  const c = thresholdCounts(isPos, score);
  if (c.pos === 0) return null;
  const recall = [0, ...Array.from(c.tps, (t) => t / c.pos)];
  const precision = [1, ...Array.from(c.tps, (t, k) => t / (t + c.fps[k]))];
  const threshold: (number | null)[] = [null, ...c.thresholds];
  const idx = downsampleIndices(recall.length, maxPoints);
  return {
    recall: idx.map((i) => recall[i]),
    precision: idx.map((i) => precision[i]),
    threshold: idx.map((i) => threshold[i])
  };
}
