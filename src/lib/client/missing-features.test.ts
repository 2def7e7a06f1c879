import { describe, expect, it } from 'vitest';
import { missingFeatures, trustFor } from './missing-features.ts';

describe('missing model features for a table', () => {
  it("turns the pipeline's per-mission summary into shares and a trust level", () => {
    // A TOI download without uncertainty columns: depth SNR and period uncertainty are empty.
    const [toi] = missingFeatures({
      missingSummary: [
        {
          mission: 'toi',
          rows: 10,
          absent: [
            { name: 'depth_snr', unit: '', importance: 0.3, description: null },
            { name: 'period_rel_err', unit: '', importance: 0.1, description: null }
          ],
          importanceShare: 0.4,
          filled: false
        }
      ]
    });
    expect(toi.features.map((f) => f.name)).toEqual(['depth_snr', 'period_rel_err']);
    expect(toi.share).toBeCloseTo(0.4);
    expect(toi.trust).toBe('low');
  });

  it('lowers trust step by step with the missing share of importance', () => {
    expect(trustFor(0)).toBe('full');
    expect(trustFor(0.079)).toBe('full');
    expect(trustFor(0.08)).toBe('lower');
    expect(trustFor(0.25)).toBe('low');
  });
});
