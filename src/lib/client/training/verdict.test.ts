import { describe, expect, it } from 'vitest';
import type { EvaluationReport, MetricReport } from '../../core/pipeline/index.ts';
import { accuracyVerdicts } from './verdict.ts';

const r = (accuracy: number, lo?: number, hi?: number) =>
  ({
    accuracy,
    intervals: lo === undefined ? null : { accuracy: { lo, hi, mean: accuracy, valid: 200 } }
  }) as unknown as MetricReport;

function report(staged: MetricReport, pooled: MetricReport, perMission: MetricReport) {
  return {
    missions: ['toi'],
    models: {
      staged: { byMission: { toi: staged }, combined: staged },
      pooled: { byMission: { toi: pooled }, combined: pooled },
      perMission: { byMission: { toi: perMission }, combined: perMission }
    }
  } as unknown as EvaluationReport;
}

describe('accuracy verdicts', () => {
  it('names the best baseline, the gap and whether the interval resolves it', () => {
    const [toi, all] = accuracyVerdicts(report(r(0.9), r(0.88, 0.86, 0.9), r(0.8)));
    expect(toi.text).toBe(
      "TESS: the staged model is ahead by 2.0 points of accuracy (90.0% against 88.0% for one forest on all missions pooled, the best baseline). That is inside the baseline's 95% interval (86.0%–90.0%): this hold-out cannot tell them apart."
    );
    expect(toi.outcome).toBe('level');
    expect(all.text.startsWith('All missions:')).toBe(true);
  });

  it('calls a gap beyond the interval a real difference, either way', () => {
    const [ahead] = accuracyVerdicts(report(r(0.95), r(0.9, 0.88, 0.92), r(0.8)));
    expect(ahead.outcome).toBe('ahead');
    expect(ahead.text).toContain('a real difference');
    const [behind] = accuracyVerdicts(report(r(0.85), r(0.8), r(0.9, 0.88, 0.92)));
    expect(behind.outcome).toBe('behind');
    expect(behind.text).toContain('behind by 5.0 points');
    expect(behind.text).toContain('one forest per mission');
  });
});
