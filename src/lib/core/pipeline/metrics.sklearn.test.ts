/**
 * Every metric against scikit-learn on small random cases (binary and multi-class, with and
 * without heavy ties). Reference values: tests/fixtures/sklearn-metrics.json, written by
 * `python3 bench/sklearn_metrics.py`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationCurve,
  confusionMatrix,
  logLoss,
  macroF1,
  majorityBaselineAccuracy,
  perClassScores,
  prCurve,
  rocAuc,
  rocCurve
} from './metrics.ts';

interface Case {
  name: string;
  nClasses: number;
  yTrue: number[];
  proba: number[];
  trainLabels: number[];
  positiveClass: number;
  calibrationBins: number;
  expected: {
    accuracy: number;
    baselineAccuracy: number;
    balancedAccuracy: number;
    macroF1: number;
    precision: number[];
    recall: number[];
    f1: number[];
    support: number[];
    confusion: number[][];
    rocAuc: number;
    rocAucPositive: number;
    averagePrecision: number;
    averagePrecisionPositive: number;
    brier: number;
    brierSumOverClasses: number;
    logLoss: number;
    rocCurve: { fpr: number[]; tpr: number[]; threshold: number[] };
    prCurve: { precision: number[]; recall: number[]; threshold: number[] };
    calibration: { observed: number[]; meanPredicted: number[]; counts: number[] };
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../../tests/fixtures/sklearn-metrics.json', import.meta.url), 'utf8')
) as { command: string; cases: Case[] };

const TOL = 1e-9;

function expectClose(
  actual: ArrayLike<number | null>,
  expected: ArrayLike<number>,
  what: string
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(
      Math.abs((actual[i] as number) - expected[i]),
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`
    ).toBeLessThanOrEqual(TOL);
  }
}

describe('metrics match scikit-learn', () => {
  it('the fixture records the command that made it', () => {
    expect(fixture.command).toBe('python3 bench/sklearn_metrics.py');
    expect(fixture.cases.length).toBeGreaterThanOrEqual(5);
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      const y = Int32Array.from(c.yTrue);
      const p = Float64Array.from(c.proba);
      const k = c.nClasses;
      const e = c.expected;
      const pos = c.positiveClass;

      it('label metrics: accuracy, baseline, balanced accuracy, macro-F1, per class, confusion', () => {
        expectClose([accuracy(y, p, k)], [e.accuracy], 'accuracy');
        expectClose(
          [majorityBaselineAccuracy(y, Int32Array.from(c.trainLabels), k)],
          [e.baselineAccuracy],
          'baseline'
        );
        expectClose([balancedAccuracy(y, p, k)], [e.balancedAccuracy], 'balancedAccuracy');
        expectClose([macroF1(y, p, k)], [e.macroF1], 'macroF1');
        const s = perClassScores(y, p, k);
        expectClose(
          s.map((x) => x.precision),
          e.precision,
          'precision'
        );
        expectClose(
          s.map((x) => x.recall),
          e.recall,
          'recall'
        );
        expectClose(
          s.map((x) => x.f1),
          e.f1,
          'f1'
        );
        expect(s.map((x) => x.support)).toEqual(e.support);
        expect(confusionMatrix(y, p, k)).toEqual(e.confusion);
      });

      it('ROC AUC and average precision (default and one class vs rest)', () => {
        expectClose([rocAuc(y, p, k)], [e.rocAuc], 'rocAuc');
        expectClose([rocAuc(y, p, k, pos)], [e.rocAucPositive], 'rocAuc(positive)');
        expectClose([averagePrecision(y, p, k)], [e.averagePrecision], 'averagePrecision');
        expectClose(
          [averagePrecision(y, p, k, pos)],
          [e.averagePrecisionPositive],
          'averagePrecision(positive)'
        );
      });

      it('Brier score and log loss', () => {
        expectClose([brierScore(y, p, k)], [e.brier], 'brier');
        // The documented relation: binary Brier is half the sum-over-classes form.
        expectClose(
          [brierScore(y, p, k) * (k === 2 ? 2 : 1)],
          [e.brierSumOverClasses],
          'brier sum form'
        );
        expectClose([logLoss(y, p, k)], [e.logLoss], 'logLoss');
      });

      it('ROC curve points (after dropping collinear points)', () => {
        const r = rocCurve(y, p, k, pos)!;
        expectClose(r.fpr, e.rocCurve.fpr, 'fpr');
        expectClose(r.tpr, e.rocCurve.tpr, 'tpr');
        expect(r.threshold[0]).toBeNull();
        expectClose(r.threshold.slice(1), e.rocCurve.threshold, 'threshold');
      });

      it('precision-recall curve points', () => {
        const r = prCurve(y, p, k, pos)!;
        // scikit-learn lists them from recall 1 down to 0; ours go up.
        expectClose(r.precision, [...e.prCurve.precision].reverse(), 'precision');
        expectClose(r.recall, [...e.prCurve.recall].reverse(), 'recall');
        expect(r.threshold[0]).toBeNull();
        expectClose(r.threshold.slice(1), [...e.prCurve.threshold].reverse(), 'threshold');
      });

      it('calibration curve (non-empty bins)', () => {
        const bins = calibrationCurve(y, p, k, pos, c.calibrationBins);
        expect(bins.map((b) => b.count)).toEqual(e.calibration.counts);
        const used = bins.filter((b) => b.count > 0);
        expectClose(
          used.map((b) => b.observed),
          e.calibration.observed,
          'observed'
        );
        expectClose(
          used.map((b) => b.meanPredicted),
          e.calibration.meanPredicted,
          'meanPredicted'
        );
      });
    });
  }
});
