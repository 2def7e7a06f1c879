import { describe, expect, it, vi } from 'vitest';
import { forestBytes } from './buffers.ts';
import { fitForest } from './fit.ts';
import { NodeStore } from './node-store.ts';
import { makeClassification } from './synthetic.ts';
import type { ForestArrays } from './types.ts';

function expectSameForest(a: ForestArrays, b: ForestArrays): void {
  const [xa, xb] = [forestBytes(a), forestBytes(b)];
  xa.forEach((bytes, i) => expect(Buffer.from(bytes).equals(xb[i])).toBe(true));
}

describe('histogram arena reuse', () => {
  it('grows the same forest from a dirty reused arena (other forests grown in between)', () => {
    const d = makeClassification({
      nRows: 600,
      nFeatures: 24,
      nInformative: 5,
      missingRate: 0.05,
      seed: 3
    });
    const params = { nTrees: 6, seed: 11 };
    const first = fitForest(d.X, d.y, params);
    // Same histogram size (24 features, 2 classes), different rows: leaves other counts behind.
    const other = makeClassification({ nRows: 900, nFeatures: 24, nInformative: 8, seed: 4 });
    fitForest(other.X, other.y, { nTrees: 4, seed: 1 });
    expectSameForest(fitForest(d.X, d.y, params), first);
    // Three classes and sample weights: another histogram size in between.
    const three = makeClassification({
      nRows: 500,
      nFeatures: 7,
      nClasses: 3,
      nInformative: 4,
      seed: 5
    });
    fitForest(
      three.X,
      three.y,
      { nTrees: 3, seed: 2 },
      { sampleWeight: new Float64Array(500).fill(0.5) }
    );
    expectSameForest(fitForest(d.X, d.y, params), first);
  });
});

/** Deepest level (root = 0) of any tree of the forest. */
function maxDepth(f: ForestArrays): number {
  let deepest = 0;
  for (let t = 0; t + 1 < f.treeStart.length; t++) {
    const stack: [number, number][] = [[f.treeStart[t], 0]];
    while (stack.length > 0) {
      const [nd, d] = stack.pop()!;
      deepest = Math.max(deepest, d);
      if (f.left[nd] >= 0) stack.push([f.left[nd], d + 1], [f.right[nd], d + 1]);
    }
  }
  return deepest;
}

describe('histogram arena growth', () => {
  it('grows by half again at least, not once per new depth level of deep trees', async () => {
    vi.resetModules();
    const tree = await import('./tree.ts');
    const { fitForest: fit } = await import('./fit.ts');
    // Noisy labels, unlimited depth, 40 features: trees deeper than the levels the arena
    // reserves up front (64 cached slots, two per level).
    const d = makeClassification({
      nRows: 60000,
      nFeatures: 40,
      nInformative: 2,
      flipY: 0.5,
      seed: 9
    });
    const before = tree.histArenaStats();
    const f = fit(d.X, d.y, { nTrees: 1, seed: 3 });
    const after = tree.histArenaStats();
    const levelsBeyond = maxDepth(f) - 31;
    // Growing by exactly the two slots a new level asks for reallocates once per such level.
    expect(levelsBeyond).toBeGreaterThanOrEqual(8);
    expect(after.growths - before.growths).toBeLessThanOrEqual(4);
  });
});

describe('NodeStore', () => {
  it('reserves room in one step and returns views when the arrays are nearly full', () => {
    const s = new NodeStore(2, 4);
    s.reserve(100);
    expect(s.feature.length).toBe(100);
    for (let i = 0; i < 90; i++) s.add();
    expect(s.feature.length).toBe(100);
    const f = s.toForest(3, Int32Array.from([0, 90]));
    expect(f.feature.length).toBe(90);
    expect(f.value.length).toBe(180);
    expect(f.feature.buffer).toBe(s.feature.buffer);
  });

  it('copies the nodes out when the arrays are much larger than needed', () => {
    const s = new NodeStore(2, 64);
    for (let i = 0; i < 10; i++) s.add();
    const f = s.toForest(3, Int32Array.from([0, 10]));
    expect(f.feature.length).toBe(10);
    expect(f.feature.buffer.byteLength).toBe(40);
    expect(Array.from(f.left)).toEqual(new Array(10).fill(-1));
  });
});
