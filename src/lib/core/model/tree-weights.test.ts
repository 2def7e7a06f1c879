import { describe, expect, it } from 'vitest';
import { sampleModel } from './sample-model.ts';
import { treeWeightsFor } from './tree-weights.ts';

describe('treeWeightsFor', () => {
  it("spreads per-stage weights over each stage's trees", () => {
    const m = sampleModel();
    expect(Array.from(treeWeightsFor(m, 'koi'))).toEqual([1, 0.3]);
    expect(Array.from(treeWeightsFor(m, 'k2'))).toEqual([0.5, 1]);
  });

  it('uses equal weights for a mission without weights, and for a model without any', () => {
    const m = sampleModel();
    expect(Array.from(treeWeightsFor(m, 'toi'))).toEqual([1, 1]);
    expect(Array.from(treeWeightsFor(m, 'toString'))).toEqual([1, 1]);
    m.treeWeights = null;
    expect(Array.from(treeWeightsFor(m, 'koi'))).toEqual([1, 1]);
  });

  it('copies per-tree weights as they are', () => {
    const m = sampleModel();
    m.treeWeights = { per: 'tree', byMission: { koi: Float64Array.from([0.25, 4]) } };
    const w = treeWeightsFor(m, 'koi');
    expect(Array.from(w)).toEqual([0.25, 4]);
    w[0] = 9;
    expect(m.treeWeights.byMission.koi[0]).toBe(0.25);
  });
});
