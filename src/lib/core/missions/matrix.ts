import type { Matrix } from '../forest/index.ts';
import { assertNoLeakage } from './leakage.ts';
import type { CanonicalTable } from './types.ts';

/**
 * Column-major feature matrix (the forest's input) for chosen features and rows.
 * A feature the table lacks becomes an all-NaN column (a model trained with a mission extra can
 * still score another mission's rows). Banned (leaky) names are refused.
 */
export function toMatrix(
  table: CanonicalTable,
  features: readonly string[],
  rows?: ArrayLike<number>
): Matrix {
  assertNoLeakage(features);
  const n = table.objectId.length;
  const nRows = rows ? rows.length : n;
  const data = new Float32Array(nRows * features.length);
  features.forEach((f, j) => {
    const k = table.features.indexOf(f);
    const out = data.subarray(j * nRows, (j + 1) * nRows);
    if (k < 0) {
      out.fill(NaN);
      return;
    }
    const col = table.columns[k];
    if (!rows) {
      out.set(col);
      return;
    }
    for (let i = 0; i < nRows; i++) {
      const r = rows[i];
      if (!(r >= 0 && r < n && Number.isInteger(r))) {
        throw new RangeError(`toMatrix: row index ${r} is outside the table (0..${n - 1}).`);
      }
      out[i] = col[r];
    }
  });
  return { data, nRows, nCols: features.length };
}

/** Indices of rows that satisfy a test (e.g. labelled rows of one mission), for toMatrix. */
export function selectRows(table: CanonicalTable, keep: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < table.objectId.length; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
}

/**
 * Infinite values as missing (NaN), in place: a model would otherwise learn (or route by) an
 * infinite split threshold. Returns `data`.
 */
export function infiniteAsMissing(data: Float32Array): Float32Array {
  for (let i = 0; i < data.length; i++) {
    if (data[i] === Infinity || data[i] === -Infinity) data[i] = NaN;
  }
  return data;
}
