import { describe, expect, it } from 'vitest';
import { readModel, type JsonValue, writeModel } from '../model/index.ts';
import { sampleModel } from '../model/sample-model.ts';
import { createRng } from '../random.ts';
import {
  accuracy,
  averagePrecision,
  brierScore,
  calibrationCurve,
  evaluate,
  rocAuc,
  type MetricReport
} from './metrics.ts';

/** 300 rows of a 3-class problem from 120 host stars, with informative probabilities. */
function data(): { y: Int32Array; p: Float64Array; groups: string[] } {
  const rng = createRng(21);
  const n = 300;
  const y = new Int32Array(n);
  const p = new Float64Array(n * 3);
  const groups: string[] = [];
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    const raw = [0, 1, 2].map((c) => rng.next() + (c === y[i] ? 0.8 : 0));
    const s = raw[0] + raw[1] + raw[2];
    raw.forEach((v, c) => (p[i * 3 + c] = v / s));
    groups.push(`TIC ${Math.floor(i / 2.5)}`);
  }
  return { y, p, groups };
}

const classes = ['CONFIRMED', 'CANDIDATE', 'FALSE_POSITIVE'];

describe('evaluate', () => {
  const { y, p, groups } = data();
  const trainLabels = Int32Array.from([2, 2, 2, 0, 1]);
  const report = evaluate(y, p, {
    classes,
    positiveClass: 'CONFIRMED',
    groups,
    trainLabels,
    seed: 3
  });

  it('bundles the same numbers the single metrics give', () => {
    expect(report.nRows).toBe(300);
    expect(report.positiveClass).toBe('CONFIRMED');
    expect(report.accuracy).toBe(accuracy(y, p, 3));
    expect(report.rocAuc).toBe(rocAuc(y, p, 3, 0));
    expect(report.prAuc).toBe(averagePrecision(y, p, 3, 0));
    expect(report.brier).toBe(brierScore(y, p, 3));
    expect(report.calibration).toEqual(calibrationCurve(y, p, 3, 0, 10));
    expect(report.baselineAccuracy).toBe(Array.from(y).filter((c) => c === 2).length / 300);
    expect(report.perClass.map((c) => c.class)).toEqual(classes);
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(report.rocCurve?.fpr[0]).toBe(0);
  });

  it('is plain JSON: survives JSON.stringify unchanged and fits a model file', () => {
    const asJson: JsonValue = report; // compile-time: MetricReport is a JSON value
    expect(JSON.parse(JSON.stringify(asJson))).toEqual(report);
    const model = sampleModel();
    model.meta.metrics = { combined: report };
    expect(readModel(writeModel(model)).meta.metrics).toEqual({ combined: report });
  });

  it('adds seeded group-bootstrap intervals around the point estimates', () => {
    const ci = report.intervals!;
    expect(report.bootstrap).toEqual({ reps: 200, seed: 3, groups: 120 });
    for (const key of [
      'accuracy',
      'balancedAccuracy',
      'macroF1',
      'rocAuc',
      'prAuc',
      'brier'
    ] as const) {
      const point = report[key] as number;
      expect(ci[key].valid).toBe(200);
      expect(ci[key].lo!).toBeLessThan(point);
      expect(ci[key].hi!).toBeGreaterThan(point);
    }
    const again = evaluate(y, p, { classes, positiveClass: 0, groups, trainLabels, seed: 3 });
    expect(again.intervals).toEqual(ci);
    const other = evaluate(y, p, { classes, positiveClass: 0, groups, seed: 4, bootstrapReps: 50 });
    expect(other.intervals!.accuracy).not.toEqual(ci.accuracy);
  });

  it('without a positive class: macro one-vs-rest AUC, no curves, no intervals without groups', () => {
    const r: MetricReport = evaluate(y, p, { classes, seed: 1 });
    expect(r.positiveClass).toBeNull();
    expect(r.rocAuc).toBe(rocAuc(y, p, 3));
    expect([
      r.rocCurve,
      r.prCurve,
      r.calibration,
      r.intervals,
      r.bootstrap,
      r.baselineAccuracy
    ]).toEqual([null, null, null, null, null, null]);
  });

  it('uses class 1 as positive for two classes by default, and null (not NaN) for undefined metrics', () => {
    const yb = Int32Array.from([0, 0, 0]);
    const pb = Float64Array.from([0.9, 0.1, 0.6, 0.4, 0.2, 0.8]);
    const r = evaluate(yb, pb, {
      classes: ['FALSE_POSITIVE', 'PLANET'],
      seed: 1,
      groups: ['a', 'b', 'c'],
      bootstrapReps: 5
    });
    expect(r.positiveClass).toBe('PLANET');
    expect(r.rocAuc).toBeNull();
    expect(r.prAuc).toBeNull();
    expect(r.rocCurve).toBeNull();
    expect(r.intervals!.rocAuc).toEqual({ lo: null, hi: null, mean: null, valid: 0 });
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });

  it('rejects an unknown positive class and groups of the wrong length', () => {
    expect(() => evaluate(y, p, { classes, positiveClass: 'PLANET', seed: 1 })).toThrow(
      /positiveClass "PLANET" is not one of/
    );
    expect(() => evaluate(y, p, { classes, positiveClass: 3, seed: 1 })).toThrow(
      /positiveClass 3 is not one of/
    );
    expect(() => evaluate(y, p, { classes, groups: ['a'], seed: 1 })).toThrow(
      /groups has 1 entries for 300 rows/
    );
  });
});
