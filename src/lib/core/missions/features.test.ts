import { describe, expect, it } from 'vitest';
import {
  ALL_FEATURES,
  CANONICAL_FEATURES,
  featureInfo,
  featuresForMission,
  FULL_SHARED_FEATURES,
  isPhysical,
  RELATIVE_UNCERTAINTY_FEATURES,
  SKY_FEATURES,
  UNCERTAINTY_FEATURES
} from './features.ts';

describe('feature registry', () => {
  it('gives every feature one unit and group; uncertainties share their feature unit', () => {
    expect(new Set(ALL_FEATURES.map((f) => f.name)).size).toBe(ALL_FEATURES.length);
    expect(UNCERTAINTY_FEATURES[2]).toBe('depth_ppm_err');
    expect(featureInfo('depth_ppm_err')?.unit).toBe(featureInfo('depth_ppm')?.unit);
    expect(featureInfo('k2_ratror')).toMatchObject({ group: 'extra', mission: 'k2' });
    expect(CANONICAL_FEATURES.every((f) => featureInfo(f)?.valid)).toBe(true);
  });

  it('is plain data that survives structuredClone (it crosses worker boundaries)', () => {
    expect(structuredClone(ALL_FEATURES)).toEqual(ALL_FEATURES);
  });

  it('orders a mission table as canonical, derived, uncertainties, position, sky, then that mission extras', () => {
    const toi = featuresForMission('toi');
    expect(toi.length).toBe(9 + 5 + 9 + 6 + 2 + 3 + 5);
    expect(toi.slice(0, 2)).toEqual(['period_days', 'duration_hours']);
    expect(toi.slice(-5)).toEqual([
      'toi_tmag',
      'toi_dist_pc',
      'toi_pmra_mas_yr',
      'toi_pmdec_mas_yr',
      'toi_pm_total_mas_yr'
    ]);
  });

  it('gives every feature of the full set a unit, a description, and help text for the new ones', () => {
    for (const f of FULL_SHARED_FEATURES) {
      const info = featureInfo(f);
      expect(info?.unit, f).toBeTruthy();
      expect(info?.description, f).toBeTruthy();
    }
    for (const f of [...RELATIVE_UNCERTAINTY_FEATURES, ...SKY_FEATURES, 'toi_pm_total_mas_yr']) {
      expect(featureInfo(f)?.help, f).toBeTruthy();
      expect(featureInfo(f)?.valid, f).toBeTruthy();
    }
  });

  it('checks physical ranges with their open and closed ends', () => {
    const depth = featureInfo('depth_ppm')?.valid;
    const insol = featureInfo('insolation_earth')?.valid;
    if (!depth || !insol) throw new Error('ranges missing');
    expect([0, 1, 1e6, 1e6 + 1].map((v) => isPhysical(depth, v))).toEqual([
      false,
      true,
      true,
      false
    ]);
    expect([-1, 0, 5].map((v) => isPhysical(insol, v))).toEqual([false, true, true]);
  });
});
