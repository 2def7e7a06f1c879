import { describe, expect, it } from 'vitest';
import { ALL_FEATURES } from '../core/missions/index.ts';
import { featureLabel, featureName, featureUnit } from './feature-labels.ts';

describe('feature labels', () => {
  it('gives every registered feature a label that is not its code name', () => {
    for (const f of ALL_FEATURES) {
      expect(featureName(f.name), f.name).not.toMatch(/_/);
      expect(featureLabel(f.name), f.name).not.toBe(f.name);
    }
  });

  it('shows units people read, and none for counts and ratios', () => {
    expect(featureLabel('period_days')).toBe('Orbital period (days)');
    expect(featureLabel('teq_k')).toBe('Equilibrium temperature (K)');
    expect(featureLabel('insolation_earth')).toBe('Insolation (S⊕)');
    expect(featureLabel('depth_ppm_err')).toBe('Transit depth uncertainty (ppm)');
    expect(featureUnit('host_multiplicity')).toBe('');
    expect(featureLabel('depth_snr')).toBe('Depth signal-to-noise');
  });
});
