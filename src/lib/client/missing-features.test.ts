import { describe, expect, it } from 'vitest';
import type { ClassifiedFile } from './classifier.ts';
import { missingFeatures } from './missing-features.ts';

const MODEL = ['period_days', 'depth_ppm', 'depth_snr', 'period_rel_err', 'koi_model_snr'];
const IMPORTANCE = {
  period_days: 0.2,
  depth_ppm: 0.2,
  depth_snr: 0.3,
  period_rel_err: 0.1,
  koi_model_snr: 0.2
};

function file(missing: string[], empty: string[], mission = 'toi') {
  return {
    report: { featuresMissing: missing, featuresEmpty: empty },
    missions: [{ mission, rows: 10, weighted: true }],
    missingFeatures: ['koi_model_snr']
  } as unknown as Pick<ClassifiedFile, 'report' | 'missions' | 'missingFeatures'>;
}

describe('missing model features for a table', () => {
  it("names the model's features the table lacks for its mission, weighted by importance", () => {
    // A TOI download without uncertainty columns: depth SNR and period uncertainty are empty.
    const [toi] = missingFeatures(file([], ['depth_snr', 'period_rel_err']), MODEL, IMPORTANCE);
    expect(toi.features.map((f) => f.name)).toEqual(['depth_snr', 'period_rel_err']);
    expect(toi.share).toBeCloseTo(0.4);
    expect(toi.trust).toBe('low');
  });

  it("leaves out another mission's extras, which are missing by design", () => {
    const [toi] = missingFeatures(file([], []), MODEL, IMPORTANCE);
    expect(toi.features).toEqual([]);
    expect(toi.trust).toBe('full');
    // For a KOI table the same extra is the model's own and counts.
    const [koi] = missingFeatures(file([], [], 'koi'), MODEL, IMPORTANCE);
    expect(koi.features.map((f) => f.name)).toEqual(['koi_model_snr']);
    expect(koi.trust).toBe('lower');
  });
});
