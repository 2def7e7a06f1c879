import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModel } from '../core/model/index.ts';
import { sampleModel } from '../core/model/sample-model.ts';
import { metricRows, metricsSummary, topImportances, stageShares } from './model-card.ts';

const report = (accuracy: number) => ({
  nRows: 10,
  accuracy,
  baselineAccuracy: 0.6,
  rocAuc: 0.9,
  intervals: { accuracy: { lo: accuracy - 0.05, hi: accuracy + 0.05 } }
});

describe('model card', () => {
  it("lists the model's own scores first, then the baselines", () => {
    const metrics = {
      models: {
        pooled: { combined: report(0.8), byMission: {} },
        staged: { combined: report(0.9), byMission: { koi: report(0.95), toi: report(0.85) } }
      }
    };
    const rows = metricRows(metrics);
    expect(rows.map((r) => `${r.model}/${r.scope}`)).toEqual([
      'staged/combined',
      'staged/koi',
      'staged/toi',
      'pooled/combined'
    ]);
    expect(rows[0].accuracyInterval?.[0]).toBeCloseTo(0.85);
    expect(metricsSummary(metrics)).toMatchObject({
      accuracy: 0.9,
      baselineAccuracy: 0.6,
      rocAuc: 0.9,
      'accuracy.koi': 0.95,
      'accuracy.toi': 0.85
    });
  });

  it('reads a bare report and skips anything else', () => {
    expect(metricRows(report(0.7))).toHaveLength(1);
    expect(metricRows({ note: 'x' })).toEqual([]);
    expect(metricRows(null)).toEqual([]);
    expect(metricsSummary('nothing')).toEqual({});
  });

  it('ranks importances and scales bars to the largest', () => {
    const [mdi] = topImportances({ mdi: { a: 0.1, b: 0.4, c: 0.2 } }, 2);
    expect(mdi.items).toEqual([
      { feature: 'b', value: 0.4, share: 1 },
      { feature: 'c', value: 0.2, share: 0.5 }
    ]);
  });

  it("summarises the sample model's metrics and, when present, the shipped model's", () => {
    expect(() => metricsSummary(sampleModel().meta.metrics)).not.toThrow();
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(
        readFileSync(new URL('../../../models/default.exoforest', import.meta.url))
      );
    } catch {
      return; // the shipped model is built by the CLI; absent in a fresh checkout
    }
    const s = metricsSummary(readModel(bytes).meta.metrics);
    expect(s.accuracy).toBeGreaterThan(0.85);
    expect(s.accuracy).toBeLessThan(0.97); // near 99% would be a leakage alarm
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining(['accuracy.koi', 'accuracy.k2', 'accuracy.toi'])
    );
  });
});

describe('stageShares', () => {
  it('turns per-tree weights into each stage share of a mission vote', () => {
    const stages = [
      { mission: 'koi', treeRange: [0, 100] as [number, number] },
      { mission: 'k2', treeRange: [100, 200] as [number, number] },
      { mission: 'toi', treeRange: [200, 300] as [number, number] }
    ];
    // The shipped file's form: one weight per stage, applied to each of its 100 trees.
    const out = stageShares(stages, {
      per: 'stage',
      byMission: { k2: [0, 0.002168, 0.007832], toi: [0, 0, 0.01] }
    });
    expect(out[0].mission).toBe('k2');
    expect(out[0].shares.map((s) => Number(s.share.toFixed(4)))).toEqual([0, 0.2168, 0.7832]);
    expect(out[1].shares.map((s) => s.share)).toEqual([0, 0, 1]);
  });
});
