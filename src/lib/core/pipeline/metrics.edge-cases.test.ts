/** What the scikit-learn comparison cannot show: undefined cases, ties, clipping, bins, limits, bad input. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationCurve,
  logLoss,
  macroF1,
  majorityBaselineAccuracy,
  prCurve,
  predictedClasses,
  rocAuc,
  rocCurve
} from './metrics.ts';

/** Binary probabilities [1 - s, s] for scores s. */
const binary = (s: number[]): Float64Array => Float64Array.from(s.flatMap((v) => [1 - v, v]));
const labels = (y: number[]): Int32Array => Int32Array.from(y);

describe('ROC AUC', () => {
  it('counts tied scores as half a correct ordering', () => {
    // Pairs (pos, neg): (0.5, 0.5) = 1/2, the other three are ordered correctly.
    expect(rocAuc(labels([1, 0, 1, 0]), binary([0.5, 0.5, 0.8, 0.2]), 2)).toBe(0.875);
    expect(rocAuc(labels([1, 0, 1, 0]), binary([0.3, 0.3, 0.3, 0.3]), 2)).toBe(0.5);
  });

  it('equals the pairwise (Mann-Whitney) definition on heavily tied random scores', () => {
    const rng = createRng(7);
    const n = 300;
    const y = labels(Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)));
    const s = Array.from(
      { length: n },
      (_, i) => Math.round((0.3 * y[i] + 0.7 * rng.next()) * 10) / 10
    );
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
      }
    }
    expect(Math.abs(rocAuc(y, binary(s), 2) - wins / pairs)).toBeLessThan(1e-12);
  });

  it('is NaN when the positive class is absent or is all there is', () => {
    expect(rocAuc(labels([0, 0, 0]), binary([0.1, 0.5, 0.9]), 2)).toBeNaN();
    expect(rocAuc(labels([1, 1]), binary([0.1, 0.9]), 2)).toBeNaN();
  });

  it('is NaN one-vs-rest when any class is absent, defined for the classes present', () => {
    const y = labels([0, 1, 0, 1]);
    const p = Float64Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.2, 0.7, 0.1]);
    expect(rocAuc(y, p, 3)).toBeNaN();
    expect(rocAuc(y, p, 3, 1)).toBe(1);
  });
});

describe('average precision', () => {
  it('is NaN without positives and 1 when every row is positive', () => {
    expect(averagePrecision(labels([0, 0]), binary([0.2, 0.6]), 2)).toBeNaN();
    expect(averagePrecision(labels([1, 1]), binary([0.2, 0.6]), 2)).toBe(1);
  });

  it('treats tied scores as one threshold (no optimistic ordering inside a tie)', () => {
    // One threshold holding 1 positive and 1 negative: precision 1/2 at recall 1.
    expect(averagePrecision(labels([1, 0]), binary([0.5, 0.5]), 2)).toBe(0.5);
  });
});

describe('curves for charts', () => {
  const rng = createRng(11);
  const n = 5000;
  const y = labels(Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0)));
  const p = binary(Array.from({ length: n }, (_, i) => 0.4 * y[i] + 0.6 * rng.next()));

  it('thins a 5000-threshold ROC curve to at most 200 points from (0,0) to (1,1), monotone', () => {
    const r = rocCurve(y, p, 2)!;
    expect(r.fpr.length).toBeLessThanOrEqual(200);
    expect(r.fpr.length).toBeGreaterThan(100);
    expect([r.fpr[0], r.tpr[0], r.fpr.at(-1), r.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    for (let i = 1; i < r.fpr.length; i++) {
      expect(r.fpr[i]).toBeGreaterThanOrEqual(r.fpr[i - 1]);
      expect(r.tpr[i]).toBeGreaterThanOrEqual(r.tpr[i - 1]);
    }
  });

  it('thins the PR curve to 200 points from recall 0 (precision 1) to recall 1', () => {
    const r = prCurve(y, p, 2, 1, 200)!;
    expect(r.recall.length).toBe(200);
    expect([r.recall[0], r.precision[0], r.threshold[0]]).toEqual([0, 1, null]);
    expect(r.recall.at(-1)).toBe(1);
  });

  it('has no curve when a class is missing, and needs a positive class beyond two classes', () => {
    expect(rocCurve(labels([0, 0]), binary([0.1, 0.2]), 2)).toBeNull();
    expect(prCurve(labels([0, 0]), binary([0.1, 0.2]), 2)).toBeNull();
    expect(() => rocCurve(labels([0, 1, 2]), new Float64Array(9).fill(1 / 3), 3)).toThrow(
      /say which class is positive/
    );
  });
});

describe('probability metrics', () => {
  it('log loss clips a zero probability at 1e-15 instead of returning Infinity', () => {
    expect(logLoss(labels([1]), binary([0]), 2)).toBeCloseTo(-Math.log(1e-15), 12);
    expect(logLoss(labels([1, 0]), binary([1, 0]), 2)).toBeCloseTo(-Math.log(1 - 1e-15), 20);
  });

  it('Brier score: 0 when perfect, 1 when binary and certain but wrong, 2 multi-class', () => {
    expect(brierScore(labels([1, 0]), binary([1, 0]), 2)).toBe(0);
    expect(brierScore(labels([1, 0]), binary([0, 1]), 2)).toBe(1);
    expect(brierScore(labels([0, 1]), Float64Array.from([0, 1, 0, 1, 0, 0]), 3)).toBe(2);
  });

  it('calibration bins are [lo, hi): an edge value goes up, 1 goes to the last bin', () => {
    const bins = calibrationCurve(labels([1, 0, 1, 0, 1]), binary([0.5, 0.5, 1, 0, 0.3]), 2, 1, 10);
    // Edges are numpy linspace values: edge 3 is 0.30000000000000004, so 0.3 stays in bin 2.
    expect(bins.map((b) => b.count)).toEqual([1, 0, 1, 0, 0, 2, 0, 0, 0, 1]);
    expect(bins[5]).toEqual({
      lo: 0.5,
      hi: 0.6000000000000001,
      count: 2,
      meanPredicted: 0.5,
      observed: 0.5
    });
    expect(bins[3].lo).toBe(0.30000000000000004);
    expect(bins[1].meanPredicted).toBeNull();
    expect(bins[9].hi).toBe(1);
  });
});

describe('label metrics', () => {
  it('predicted class ties go to the lowest class index', () => {
    expect(Array.from(predictedClasses(Float64Array.from([0.5, 0.5, 0.2, 0.4, 0.4]), 1))).toEqual([
      0, 0, 0, 0, 0
    ]);
    expect(
      Array.from(predictedClasses(Float64Array.from([0.4, 0.3, 0.3, 0.3, 0.35, 0.35]), 3))
    ).toEqual([0, 1]);
  });

  it('balanced accuracy averages only the classes present; macro-F1 also counts predicted classes', () => {
    const y = labels([0, 0, 1, 1]);
    // Rows 0-2 right; row 3 (true 1) predicted as class 2, which never occurs.
    const p = Float64Array.from([0.8, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]);
    expect(accuracy(y, p, 3)).toBe(0.75);
    expect(balancedAccuracy(y, p, 3)).toBe((1 + 0.5) / 2);
    // F1: class 0 = 1, class 1 = 2/3 (precision 1, recall 1/2), class 2 = 0 (predicted once, never true).
    expect(macroF1(y, p, 3)).toBeCloseTo((1 + 2 / 3 + 0) / 3, 15);
    // Without the stray prediction, class 2 neither occurs nor is predicted and does not count.
    p.set([0.1, 0.8, 0.1], 9);
    expect(macroF1(y, p, 3)).toBe(1);
  });

  it('the majority baseline uses the training majority (ties: lowest index)', () => {
    expect(majorityBaselineAccuracy(labels([0, 1, 1, 1]), labels([1, 1, 0]), 2)).toBe(0.75);
    expect(majorityBaselineAccuracy(labels([0, 1, 1, 1]), labels([1, 0]), 2)).toBe(0.25);
    expect(() => majorityBaselineAccuracy(labels([0]), labels([]), 2)).toThrow(
      /trainLabels is empty/
    );
  });
});

describe('input checks', () => {
  it('names the problem', () => {
    expect(() => accuracy(labels([0, 1]), binary([0.5]), 2)).toThrow(
      /proba has 2 values, expected 2 rows x 2 classes/
    );
    expect(() => accuracy(labels([0, 2]), binary([0.5, 0.5]), 2)).toThrow(
      /yTrue\[1\] = 2 is not a class index/
    );
    expect(() => rocAuc(labels([0, 1]), binary([0.5, Number.NaN]), 2)).toThrow(/must be finite/);
    expect(() => accuracy(labels([]), new Float64Array(0), 2)).toThrow(/no rows/);
    expect(() => accuracy(labels([0]), Float64Array.from([1]), 1)).toThrow(
      /nClasses must be an integer >= 2/
    );
    expect(() => rocAuc(labels([0, 1]), binary([0.5, 0.5]), 2, 2)).toThrow(
      /class index 2 is outside 0\.\.1/
    );
  });
});
