/**
 * evaluate(): every validation number of one set of predictions, bundled as plain JSON (numbers,
 * strings, arrays, null), so it can go into a model file, IndexedDB or a web page as is.
 * Undefined values (e.g. ROC AUC when a class is absent) are null, never NaN.
 */
import { bootstrapMany, type BootstrapInterval } from './bootstrap.ts';
import { checkInputs } from './metrics-common.ts';
import {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  macroF1,
  majorityBaselineAccuracy,
  perClassScores
} from './metrics-labels.ts';
import {
  brierScore,
  calibrationCurve,
  logLoss,
  type CalibrationBin
} from './metrics-probability.ts';
import { replicateScorer, type ReplicateScores } from './metrics-replicates.ts';
import {
  averagePrecision,
  prCurve,
  rocAuc,
  rocCurve,
  type PrCurve,
  type RocCurve
} from './metrics-ranking.ts';

export interface EvaluateOptions {
  /** Class names in probability-column order. */
  classes: string[];
  /** Class (index or name) whose probability ranks rows; default: class 1 when there are two classes. */
  positiveClass?: number | string;
  /** Host star id per row: enables group-bootstrap 95% intervals. */
  groups?: readonly string[] | Int32Array;
  /** Training labels, for the majority-class baseline. */
  trainLabels?: Int32Array;
  /** Seed of the bootstrap resamples. */
  seed: number;
  /** Bootstrap resamples (default 200). */
  bootstrapReps?: number;
  /** Calibration bins (default 10). */
  calibrationBins?: number;
  /** Most points per curve (default 200). */
  maxCurvePoints?: number;
}

/** A 95% interval in JSON form (null where undefined). */
export type MetricInterval = {
  lo: number | null;
  hi: number | null;
  mean: number | null;
  valid: number;
};

export type ClassReport = {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
};

/** The metrics that get bootstrap intervals. */
export const INTERVAL_METRICS = [
  'accuracy',
  'balancedAccuracy',
  'macroF1',
  'rocAuc',
  'prAuc',
  'brier'
] as const;
export type IntervalMetric = (typeof INTERVAL_METRICS)[number];

export type MetricReport = {
  nRows: number;
  classes: string[];
  /** Class the ranking metrics and curves are about; null = macro one-vs-rest, no curves. */
  positiveClass: string | null;
  accuracy: number;
  /** Accuracy of always predicting the training majority class; null without trainLabels. */
  baselineAccuracy: number | null;
  balancedAccuracy: number;
  macroF1: number;
  /** ROC AUC of positiveClass (macro one-vs-rest when positiveClass is null). */
  rocAuc: number | null;
  /** Average precision, same convention as rocAuc. */
  prAuc: number | null;
  /** See brierScore: binary form for two classes, sum over classes otherwise. */
  brier: number;
  logLoss: number;
  perClass: ClassReport[];
  /** confusion[true][predicted]. */
  confusion: number[][];
  calibration: CalibrationBin[] | null;
  rocCurve: RocCurve | null;
  prCurve: PrCurve | null;
  /** Group-bootstrap 95% intervals; null without groups. */
  intervals: { [K in IntervalMetric]: MetricInterval } | null;
  bootstrap: { reps: number; seed: number; groups: number } | null;
};

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function resolvePositive(classes: string[], positive: number | string | undefined): number | null {
  if (positive === undefined) return classes.length === 2 ? 1 : null;
  const idx = typeof positive === 'string' ? classes.indexOf(positive) : positive;
  if (!Number.isInteger(idx) || idx < 0 || idx >= classes.length) {
    throw new Error(
      `evaluate: positiveClass ${JSON.stringify(positive)} is not one of ${classes.join(', ')}`
    );
  }
  return idx;
}

function toInterval(b: BootstrapInterval): MetricInterval {
  return { lo: orNull(b.lo), hi: orNull(b.hi), mean: orNull(b.mean), valid: b.valid };
}

/** All metrics of `proba` (nRows x classes.length, row-major) against `yTrue`. */
export function evaluate(
  yTrue: Int32Array,
  proba: Float64Array,
  options: EvaluateOptions
): MetricReport {
  const { classes, seed } = options;
  const k = classes.length;
  const n = checkInputs(yTrue, proba, k, 'evaluate');
  const pos = resolvePositive(classes, options.positiveClass);
  const posArg = pos ?? undefined;
  const maxPoints = options.maxCurvePoints ?? 200;

  const scores = perClassScores(yTrue, proba, k);
  const report: MetricReport = {
    nRows: n,
    classes: [...classes],
    positiveClass: pos === null ? null : classes[pos],
    accuracy: accuracy(yTrue, proba, k),
    baselineAccuracy: options.trainLabels
      ? majorityBaselineAccuracy(yTrue, options.trainLabels, k)
      : null,
    balancedAccuracy: balancedAccuracy(yTrue, proba, k),
    macroF1: macroF1(yTrue, proba, k),
    rocAuc: orNull(rocAuc(yTrue, proba, k, posArg)),
    prAuc: orNull(averagePrecision(yTrue, proba, k, posArg)),
    brier: brierScore(yTrue, proba, k),
    logLoss: logLoss(yTrue, proba, k),
    perClass: scores.map((s, c) => ({
      class: classes[c],
      precision: s.precision,
      recall: s.recall,
      f1: s.f1,
      support: s.support
    })),
    confusion: confusionMatrix(yTrue, proba, k),
    calibration:
      pos === null ? null : calibrationCurve(yTrue, proba, k, pos, options.calibrationBins ?? 10),
    rocCurve: pos === null ? null : rocCurve(yTrue, proba, k, pos, maxPoints),
    prCurve: pos === null ? null : prCurve(yTrue, proba, k, pos, maxPoints),
    intervals: null,
    bootstrap: null
  };

  if (options.groups) {
    if (options.groups.length !== n) {
      throw new Error(`evaluate: groups has ${options.groups.length} entries for ${n} rows`);
    }
    const reps = options.bootstrapReps ?? 200;
    // All statistics of one replicate are scored together (bootstrapMany passes the same rowIdx).
    const score = replicateScorer(yTrue, proba, k, posArg);
    let lastIdx: Int32Array | null = null;
    let last: ReplicateScores | null = null;
    const stat =
      (name: keyof ReplicateScores) =>
      (idx: Int32Array): number => {
        if (idx !== lastIdx || last === null) {
          lastIdx = idx;
          last = score(idx);
        }
        return last[name];
      };
    const b = bootstrapMany(
      options.groups,
      {
        accuracy: stat('accuracy'),
        balancedAccuracy: stat('balancedAccuracy'),
        macroF1: stat('macroF1'),
        rocAuc: stat('rocAuc'),
        prAuc: stat('prAuc'),
        brier: stat('brier')
      },
      { seed, reps }
    );
    report.intervals = {
      accuracy: toInterval(b.accuracy),
      balancedAccuracy: toInterval(b.balancedAccuracy),
      macroF1: toInterval(b.macroF1),
      rocAuc: toInterval(b.rocAuc),
      prAuc: toInterval(b.prAuc),
      brier: toInterval(b.brier)
    };
    report.bootstrap = { reps, seed, groups: new Set<string | number>(options.groups).size };
  }
  return report;
}
