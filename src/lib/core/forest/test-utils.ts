/** Helpers shared by the forest tests (not used by the engine). */
import { createRng } from '../random.ts';
import type { Matrix } from './types.ts';

/** Column-major Matrix from row arrays (null or NaN = missing). */
export function matrixFromRows(rows: (number | null)[][]): Matrix {
  const nRows = rows.length;
  const nCols = nRows > 0 ? rows[0].length : 0;
  const data = new Float32Array(nRows * nCols);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) data[j * nRows + i] = rows[i][j] ?? NaN;
  }
  return { data, nRows, nCols };
}

/** Random matrix with columns built by `col(j, rng)` per cell. */
export function randomMatrix(nRows: number, nCols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float32Array(nRows * nCols);
  for (let k = 0; k < data.length; k++) data[k] = rng.next();
  return { data, nRows, nCols };
}

export function accuracy(pred: Int32Array, y: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

/** Value of feature j of row i. */
export function at(X: Matrix, i: number, j: number): number {
  return X.data[j * X.nRows + i];
}
