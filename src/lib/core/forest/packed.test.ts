import { describe, expect, it } from 'vitest';
import { concatForests } from './concat';
import { nextUpFloat32, packForest } from './packed';
import { predictProba } from './predict';
import type { ForestArrays } from './types';

/** A one-split tree on feature 0: left leaf says class 0, right leaf class 1. */
function stump(threshold: number, missingLeft: 0 | 1): ForestArrays {
  return {
    nFeatures: 1,
    nClasses: 2,
    treeStart: new Int32Array([0, 3]),
    feature: new Int32Array([0, -1, -1]),
    threshold: new Float32Array([threshold, 0, 0]),
    missingLeft: new Uint8Array([missingLeft, 0, 0]),
    left: new Int32Array([1, -1, -1]),
    right: new Int32Array([2, -1, -1]),
    value: new Float32Array([0.5, 0.5, 1, 0, 0, 1]),
    nodeWeight: new Float32Array([2, 1, 1]),
    gain: new Float32Array([1, 0, 0])
  };
}

describe('packed prediction layout', () => {
  const thresholds = [0, -0, 1.5, -2.25, 3.4028234663852886e38, -1e-40, Math.fround(0.1)];
  const inputs = [
    0,
    -0,
    1.5,
    Math.fround(1.5000001),
    -2.25,
    -3,
    1e-45,
    -1e-45,
    Infinity,
    -Infinity,
    NaN
  ];
  for (const ml of [0, 1] as const) {
    it(`sends x <= threshold left, x > threshold right and NaN ${ml ? 'left' : 'right'} exactly`, () => {
      const data = Float32Array.from(inputs);
      for (const t of thresholds) {
        const p = predictProba(stump(Math.fround(t), ml), { data, nRows: data.length, nCols: 1 });
        inputs.forEach((x, i) => {
          const tt = Math.fround(t);
          const fx = Math.fround(x);
          const goesLeft = fx <= tt || (fx !== fx && ml === 1);
          expect(p[i * 2], `x=${x} t=${t}`).toBe(goesLeft ? 1 : 0);
        });
      }
    });
  }

  it('keeps leaves fixed for any input, including -Infinity in the leaf column', () => {
    const leaf: ForestArrays = { ...stump(0, 0), treeStart: new Int32Array([0, 1]) };
    const single: ForestArrays = {
      ...leaf,
      feature: new Int32Array([-1]),
      threshold: new Float32Array(1),
      missingLeft: new Uint8Array(1),
      left: new Int32Array([-1]),
      right: new Int32Array([-1]),
      value: new Float32Array([0.25, 0.75]),
      nodeWeight: new Float32Array([1]),
      gain: new Float32Array(1)
    };
    const data = Float32Array.from([-Infinity, NaN, 0, Infinity]);
    const p = predictProba(single, { data, nRows: 4, nCols: 1 });
    expect(Array.from(p)).toEqual([0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75]);
  });

  it('lays trees out in pre-order and caches the packed form per forest', () => {
    const f = concatForests([stump(1, 0), stump(2, 1)]);
    const a = packForest(f);
    expect(packForest(f)).toBe(a);
    expect(Array.from(a.roots)).toEqual([0, 9]);
    // Second tree sends missing left, so its right child comes next and the left is the jump.
    expect(a.thr[9 + 1]).toBe(-nextUpFloat32(2));
    expect(a.rec[9 + 2]).toBe(15);
    // Records 3, 4, 5 = root (no value needed), right leaf [0, 1], left leaf [1, 0].
    expect(Array.from(a.value.subarray(6, 12))).toEqual([0, 0, 0, 1, 1, 0]);
  });

  it('computes the next float32 up', () => {
    expect(nextUpFloat32(1)).toBe(1 + 2 ** -23);
    expect(nextUpFloat32(-1)).toBe(-(1 - 2 ** -24));
    expect(nextUpFloat32(0)).toBe(2 ** -149);
  });
});
