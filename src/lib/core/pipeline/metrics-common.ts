/**
 * Shared input checks and helpers of the metric functions. Every metric takes the same three
 * inputs: true class indices, row-major class probabilities (nRows x nClasses), nClasses.
 */

/** Validates the common inputs; returns the row count. */
export function checkInputs(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  fn: string
): number {
  if (!Number.isInteger(nClasses) || nClasses < 2) {
    throw new Error(`${fn}: nClasses must be an integer >= 2 (got ${nClasses})`);
  }
  const n = yTrue.length;
  if (n === 0) throw new Error(`${fn}: no rows to score`);
  if (proba.length !== n * nClasses) {
    throw new Error(
      `${fn}: proba has ${proba.length} values, expected ${n} rows x ${nClasses} classes`
    );
  }
  for (let i = 0; i < n; i++) {
    if (!(yTrue[i] >= 0 && yTrue[i] < nClasses)) {
      throw new Error(
        `${fn}: yTrue[${i}] = ${yTrue[i]} is not a class index in 0..${nClasses - 1}`
      );
    }
  }
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i])) {
      throw new Error(`${fn}: proba[${i}] is ${proba[i]}; probabilities must be finite`);
    }
  }
  return n;
}

/** Checks a class index argument (e.g. the positive class). */
export function checkClass(c: number, nClasses: number, fn: string): void {
  if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
    throw new Error(`${fn}: class index ${c} is outside 0..${nClasses - 1}`);
  }
}

/** Predicted class per row: the most probable one, ties going to the lowest index (as numpy's argmax). */
export function predictedClasses(proba: Float64Array, nClasses: number): Int32Array {
  const n = proba.length / nClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestP = proba[i * nClasses];
    for (let c = 1; c < nClasses; c++) {
      const p = proba[i * nClasses + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** One class against the rest: a 0/1 truth vector and that class's probability column. */
export function oneVsRest(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positive: number
): { isPos: Uint8Array; score: Float64Array } {
  const n = yTrue.length;
  const isPos = new Uint8Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    isPos[i] = yTrue[i] === positive ? 1 : 0;
    score[i] = proba[i * nClasses + positive];
  }
  return { isPos, score };
}

/** The rows `rowIdx` (repeats allowed) of yTrue and proba, e.g. for a bootstrap resample. */
export function subsetRows(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  rowIdx: Int32Array
): { yTrue: Int32Array; proba: Float64Array } {
  const y = new Int32Array(rowIdx.length);
  const p = new Float64Array(rowIdx.length * nClasses);
  for (let j = 0; j < rowIdx.length; j++) {
    const r = rowIdx[j];
    y[j] = yTrue[r];
    p.set(proba.subarray(r * nClasses, (r + 1) * nClasses), j * nClasses);
  }
  return { yTrue: y, proba: p };
}
