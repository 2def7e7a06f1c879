/**
 * Metrics of the predicted labels (most probable class per row): accuracy and its majority-class
 * baseline, balanced accuracy, per-class precision/recall/F1, macro-F1, the confusion matrix.
 * Conventions follow scikit-learn: an undefined precision or recall (0/0) counts as 0.
 */
import { checkInputs, predictedClasses } from './metrics-common.ts';

/** counts[t][p] = rows of true class t predicted as class p. */
export function confusionMatrix(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number
): number[][] {
  const n = checkInputs(yTrue, proba, nClasses, 'confusionMatrix');
  const pred = predictedClasses(proba, nClasses);
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < n; i++) m[yTrue[i]][pred[i]]++;
  return m;
}

/** Fraction of rows whose most probable class is the true class. */
export function accuracy(yTrue: Int32Array, proba: Float64Array, nClasses: number): number {
  const n = checkInputs(yTrue, proba, nClasses, 'accuracy');
  const pred = predictedClasses(proba, nClasses);
  let hit = 0;
  for (let i = 0; i < n; i++) if (pred[i] === yTrue[i]) hit++;
  return hit / n;
}

/**
 * Accuracy of always predicting the majority class of `trainLabels` (ties: lowest index) on the
 * rows `yTrue`: the number a model's accuracy must clearly beat.
 */
export function majorityBaselineAccuracy(
  yTrue: Int32Array,
  trainLabels: Int32Array,
  nClasses: number
): number {
  if (trainLabels.length === 0) throw new Error('majorityBaselineAccuracy: trainLabels is empty');
  if (yTrue.length === 0) throw new Error('majorityBaselineAccuracy: no rows to score');
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of trainLabels) {
    if (!(c >= 0 && c < nClasses))
      throw new Error(`majorityBaselineAccuracy: train label ${c} is not a class index`);
    counts[c]++;
  }
  const majority = counts.indexOf(counts.reduce((a, b) => Math.max(a, b), -Infinity));
  let hit = 0;
  for (const c of yTrue) if (c === majority) hit++;
  return hit / yTrue.length;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** True rows of this class. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
}

/** Precision, recall and F1 of every class (0 where undefined, as scikit-learn's zero_division=0). */
export function perClassScores(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number
): ClassScores[] {
  return classScoresOf(confusionMatrix(yTrue, proba, nClasses));
}

/** perClassScores from a confusion matrix (counts[t][p]). */
export function classScoresOf(m: number[][]): ClassScores[] {
  const nClasses = m.length;
  return m.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < nClasses; t++) predicted += m[t][c];
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support, predicted };
  });
}

/** Mean recall over the classes present in yTrue (scikit-learn's balanced_accuracy_score). */
export function balancedAccuracy(yTrue: Int32Array, proba: Float64Array, nClasses: number): number {
  return balancedAccuracyOf(perClassScores(yTrue, proba, nClasses));
}

/** balancedAccuracy from perClassScores. */
export function balancedAccuracyOf(scores: ClassScores[]): number {
  const present = scores.filter((s) => s.support > 0);
  return present.reduce((a, s) => a + s.recall, 0) / present.length;
}

/**
 * Unweighted mean F1 over the classes that occur in yTrue or in the predictions (scikit-learn's
 * f1_score(average='macro') without a labels list): a class nobody has and nobody predicts does
 * not count.
 */
export function macroF1(yTrue: Int32Array, proba: Float64Array, nClasses: number): number {
  return macroF1Of(perClassScores(yTrue, proba, nClasses));
}

/** macroF1 from perClassScores. */
export function macroF1Of(scores: ClassScores[]): number {
  const used = scores.filter((s) => s.support > 0 || s.predicted > 0);
  return used.reduce((a, s) => a + s.f1, 0) / used.length;
}
