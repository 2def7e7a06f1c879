import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  macroF1,
  rocAuc,
  subsetRows
} from './metrics.ts';
import { replicateScorer, type ReplicateScores } from './metrics-replicates.ts';

/** n rows of K classes; probabilities on a coarse grid so many scores tie (and some are 0 or 1). */
function rows(n: number, K: number, seed: number): { y: Int32Array; p: Float64Array } {
  const rng = createRng(seed);
  const y = new Int32Array(n);
  const p = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(K);
    const raw = Array.from({ length: K }, (_, c) => rng.int(5) + (c === y[i] ? rng.int(4) : 0));
    const s = raw.reduce((a, b) => a + b, 0);
    raw.forEach((v, c) => (p[i * K + c] = s === 0 ? 1 / K : v / s));
  }
  return { y, p };
}

/** What scoring the copied rows with the plain metric functions gives. */
function plain(
  y: Int32Array,
  p: Float64Array,
  K: number,
  pos: number | undefined,
  idx: Int32Array
): ReplicateScores {
  const s = subsetRows(y, p, K, idx);
  return {
    accuracy: accuracy(s.yTrue, s.proba, K),
    balancedAccuracy: balancedAccuracy(s.yTrue, s.proba, K),
    macroF1: macroF1(s.yTrue, s.proba, K),
    rocAuc: rocAuc(s.yTrue, s.proba, K, pos),
    prAuc: averagePrecision(s.yTrue, s.proba, K, pos),
    brier: brierScore(s.yTrue, s.proba, K)
  };
}

/** Resamples with repeats, plus the edge cases: one row, one class only, every row once. */
function resamples(y: Int32Array, seed: number): Int32Array[] {
  const n = y.length;
  const rng = createRng(seed);
  const out = Array.from({ length: 30 }, () =>
    Int32Array.from({ length: 1 + rng.int(2 * n) }, () => rng.int(n))
  );
  out.push(Int32Array.of(3), Int32Array.of(3, 3, 3));
  out.push(Int32Array.from({ length: n }, (_, i) => i));
  const ofClass0 = Int32Array.from(
    Array.from(y.keys()).filter((i) => y[i] === 0),
    (i) => i
  );
  out.push(ofClass0);
  return out;
}

describe('replicateScorer', () => {
  const cases: [string, number, number | undefined][] = [
    ['two classes, class 1 ranked by default', 2, undefined],
    ['two classes, class 0 ranked', 2, 0],
    ['three classes, macro one-vs-rest', 3, undefined],
    ['three classes, one class ranked', 3, 2]
  ];
  for (const [name, K, pos] of cases) {
    it(`gives the plain metrics bit for bit on resamples (${name})`, () => {
      const { y, p } = rows(120, K, 7 + K);
      const score = replicateScorer(y, p, K, pos);
      for (const idx of resamples(y, 11 + K)) {
        const got = score(idx);
        const want = plain(y, p, K, pos, idx);
        for (const k of Object.keys(want) as (keyof ReplicateScores)[]) {
          expect(Object.is(got[k], want[k]), `${k} on ${idx.length} rows`).toBe(true);
        }
      }
    });
  }

  it('is not thrown off by the resample before it (no state leaks between calls)', () => {
    const { y, p } = rows(80, 2, 3);
    const score = replicateScorer(y, p, 2, undefined);
    const idx = Int32Array.from({ length: 50 }, (_, i) => (i * 7) % 80);
    const first = score(idx);
    score(Int32Array.from({ length: 200 }, (_, i) => i % 80));
    expect(score(idx)).toEqual(first);
  });
});
