import { describe, expect, it } from 'vitest';
import { binMatrix, sortFloat32 } from './bins.ts';
import { createRng } from '../random.ts';
import { makeClassification } from './synthetic.ts';
import { at, matrixFromRows } from './test-utils.ts';

describe('sortFloat32', () => {
  it('sorts like the native numeric sort, negatives, zeros, denormals and duplicates included', () => {
    const rng = createRng(4);
    for (const n of [0, 1, 17, 63, 64, 1000, 5000]) {
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const r = rng.next();
        v[i] =
          r < 0.1
            ? 0
            : r < 0.15
              ? -0
              : r < 0.2
                ? 1e-42 * (rng.next() - 0.5)
                : (rng.next() - 0.5) * 10 ** rng.int(8);
      }
      const expected = v.slice().sort();
      sortFloat32(v);
      // Compare as numbers: -0 and 0 are equal keys for binning.
      expect(Array.from(v).map((x) => x + 0)).toEqual(Array.from(expected).map((x) => x + 0));
    }
  });
});

describe('binMatrix', () => {
  it('gives every distinct value its own bin when there are few, with edges equal to the values', () => {
    const X = matrixFromRows([[3], [1], [2], [1], [NaN], [3]]);
    const b = binMatrix(X);
    expect(Array.from(b.edges)).toEqual([1, 2, 3]);
    // codes: value bins 0..2, missing = nBins = 3
    expect(Array.from(b.codes)).toEqual([2, 0, 1, 0, 3, 2]);
  });

  it('caps bins at maxBins with quantile edges that are actual data values and cover every row', () => {
    const { X } = makeClassification({ nRows: 3000, nFeatures: 3, nInformative: 2, seed: 3 });
    for (const maxBins of [2, 16, 255]) {
      const b = binMatrix(X, maxBins);
      for (let j = 0; j < X.nCols; j++) {
        const edges = b.edges.subarray(b.edgeStart[j], b.edgeStart[j + 1]);
        expect(edges.length).toBeLessThanOrEqual(maxBins);
        expect(edges.length).toBeGreaterThanOrEqual(Math.min(maxBins, 2));
        const values = new Set(Array.from(X.data.subarray(j * X.nRows, (j + 1) * X.nRows)));
        expect(Array.from(edges).every((e) => values.has(e))).toBe(true);
        for (let k = 1; k < edges.length; k++) expect(edges[k]).toBeGreaterThan(edges[k - 1]);
        // Each row's code is the first edge >= its value: x <= edge[code] and x > edge[code - 1].
        let wrong = 0;
        for (let i = 0; i < X.nRows; i++) {
          const x = at(X, i, j);
          const c = b.codes[j * X.nRows + i];
          if (!(x <= edges[c]) || (c > 0 && !(x > edges[c - 1]))) wrong++;
        }
        expect(wrong).toBe(0);
      }
    }
  });

  it('puts quantile bins at roughly equal row counts', () => {
    const { X } = makeClassification({
      nRows: 10_000,
      nFeatures: 1,
      nInformative: 1,
      nClustersPerClass: 1,
      seed: 9
    });
    const b = binMatrix(X, 10);
    const counts = new Array<number>(10).fill(0);
    for (const c of b.codes) counts[c]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(50);
  });

  it('handles a constant column and an all-missing column', () => {
    const X = matrixFromRows([
      [5, NaN],
      [5, NaN],
      [5, NaN]
    ]);
    const b = binMatrix(X);
    expect(Array.from(b.edgeStart)).toEqual([0, 1, 1]);
    expect(Array.from(b.codes)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects maxBins outside 2..255 naming the parameter', () => {
    const X = matrixFromRows([[1], [2]]);
    expect(() => binMatrix(X, 256)).toThrow(/maxBins/);
    expect(() => binMatrix(X, 1)).toThrow(/maxBins/);
  });
});
