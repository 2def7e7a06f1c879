import { describe, expect, it } from 'vitest';
import { defaultPlan } from '../../core/pipeline/index.ts';
import { trainedModelName } from './report.ts';

describe('trainedModelName', () => {
  it('says what, which stages and when, unlike the shipped model', () => {
    const plan = defaultPlan('vetting');
    const at = new Date(2026, 11, 2, 7, 5);
    const name = trainedModelName({ task: 'vetting', plan }, at);
    expect(name).toBe('My vetting model (Kepler > K2 > TESS), trained 2026-12-02 07:05');
    expect(name).not.toMatch(/^Exoforest vetting/);
    // Two runs a minute apart get different names.
    expect(trainedModelName({ task: 'vetting', plan }, new Date(2026, 11, 2, 7, 6))).not.toBe(name);
  });
});
