import { describe, expect, it } from 'vitest';
import { modelFingerprint } from './fingerprint.ts';
import { readModel } from './read.ts';
import { sampleModel } from './sample-model.ts';
import { writeModel } from './write.ts';

describe('modelFingerprint', () => {
  const base = modelFingerprint(sampleModel());

  it('is a 64-digit hex SHA-256 that survives a write/read round trip', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(modelFingerprint(readModel(writeModel(sampleModel())))).toBe(base);
  });

  it('ignores what does not change predictions (name, notes, metrics, dates)', () => {
    const m = sampleModel();
    m.meta.name = 'renamed';
    m.meta.notes = 'shared with a colleague';
    m.meta.metrics = null;
    m.meta.createdAt = '2030-01-01T00:00:00Z';
    expect(modelFingerprint(m)).toBe(base);
  });

  it('changes when one threshold moves by one float32 step', () => {
    const m = sampleModel();
    const bits = new Int32Array(m.forest.threshold.buffer);
    bits[0] += 1;
    expect(modelFingerprint(m)).not.toBe(base);
  });

  it('changes with the tree weights, the class order and the feature names', () => {
    const w = sampleModel();
    w.treeWeights!.byMission.koi[1] = 0.31;
    const c = sampleModel();
    c.meta.classes.reverse();
    const f = sampleModel();
    f.meta.features[0].name = 'period_days';
    const none = sampleModel();
    none.treeWeights = null;
    const all = [base, ...[w, c, f, none].map(modelFingerprint)];
    expect(new Set(all).size).toBe(all.length);
  });
});
