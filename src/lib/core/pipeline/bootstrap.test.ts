import { describe, expect, it } from 'vitest';
import { bootstrapCI, bootstrapMany, quantileSorted } from './bootstrap.ts';

/** 40 host stars with 1-4 rows each; every row of a star has the star's value. */
function clusteredData(): { groups: string[]; values: Float64Array } {
  const groups: string[] = [];
  const values: number[] = [];
  for (let g = 0; g < 40; g++) {
    const size = 1 + (g % 4);
    for (let k = 0; k < size; k++) {
      groups.push(`star-${g}`);
      values.push((g * 37) % 11);
    }
  }
  return { groups, values: Float64Array.from(values) };
}

const meanOf = (values: Float64Array) => (idx: Int32Array) => {
  let s = 0;
  for (const i of idx) s += values[i];
  return s / idx.length;
};

describe('bootstrapCI', () => {
  const { groups, values } = clusteredData();

  it('resamples whole host stars: every drawn star brings all its rows, as many stars as there are', () => {
    const rowsOf = new Map<string, number[]>();
    groups.forEach((g, i) => rowsOf.set(g, [...(rowsOf.get(g) ?? []), i]));
    bootstrapCI(
      groups,
      (idx) => {
        const count = new Map<number, number>();
        for (const i of idx) count.set(i, (count.get(i) ?? 0) + 1);
        let drawn = 0;
        for (const rows of rowsOf.values()) {
          const times = rows.map((r) => count.get(r) ?? 0);
          expect(new Set(times).size).toBe(1);
          drawn += times[0];
        }
        expect(drawn).toBe(rowsOf.size);
        return 0;
      },
      { seed: 1, reps: 20 }
    );
  });

  it('hands each replicate a new array object with only that replicate’s rows (statistics may cache on it)', () => {
    const seen: Int32Array[] = [];
    const copies: number[][] = [];
    bootstrapCI(
      groups,
      (idx) => {
        seen.push(idx);
        copies.push([...idx]);
        return 0;
      },
      { seed: 4, reps: 30 }
    );
    expect(new Set(seen).size).toBe(30);
    // Draws of 40 stars of 1-4 rows: sizes differ between replicates (some above the 100 rows).
    const sizes = new Set(copies.map((c) => c.length));
    expect(sizes.size).toBeGreaterThan(3);
    expect([...sizes].reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(groups.length);
    // Replaying with the same seed gives the same rows for every replicate.
    const again: number[][] = [];
    bootstrapCI(groups, (idx) => (again.push([...idx]), 0), { seed: 4, reps: 30 });
    expect(again).toEqual(copies);
  });

  it('is deterministic for a seed and differs for another', () => {
    const a = bootstrapCI(groups, meanOf(values), { seed: 5 });
    expect(bootstrapCI(groups, meanOf(values), { seed: 5 })).toEqual(a);
    expect(bootstrapCI(groups, meanOf(values), { seed: 6 })).not.toEqual(a);
    expect(a.valid).toBe(200);
    expect(a.lo).toBeLessThan(a.mean);
    expect(a.mean).toBeLessThan(a.hi);
  });

  it('does not depend on row order', () => {
    const perm = Array.from(groups.keys()).reverse();
    const g2 = perm.map((i) => groups[i]);
    const v2 = Float64Array.from(perm, (i) => values[i]);
    const a = bootstrapCI(groups, meanOf(values), { seed: 9, reps: 50 });
    const b = bootstrapCI(g2, meanOf(v2), { seed: 9, reps: 50 });
    expect(b.lo).toBeCloseTo(a.lo, 12);
    expect(b.hi).toBeCloseTo(a.hi, 12);
  });

  it('gives wider intervals than a row bootstrap when rows of a star are alike', () => {
    const byStar = bootstrapCI(groups, meanOf(values), { seed: 3, reps: 400 });
    const byRow = bootstrapCI(
      groups.map((_, i) => `row-${i}`),
      meanOf(values),
      { seed: 3, reps: 400 }
    );
    expect(byStar.hi - byStar.lo).toBeGreaterThan(1.2 * (byRow.hi - byRow.lo));
  });

  it('the first replicates do not depend on how many are asked for', () => {
    const seen: number[][] = [[], []];
    [10, 30].forEach((reps, j) =>
      bootstrapCI(groups, (idx) => (seen[j].push(meanOf(values)(idx)), 0), { seed: 2, reps })
    );
    expect(seen[1].slice(0, 10)).toEqual(seen[0]);
  });

  it('skips replicates where the statistic is undefined and counts the valid ones', () => {
    let r = 0;
    const ci = bootstrapCI(groups, () => (r++ % 2 === 0 ? Number.NaN : r), { seed: 1, reps: 10 });
    expect(ci.valid).toBe(5);
    expect(ci.mean).toBe((2 + 4 + 6 + 8 + 10) / 5);
    const none = bootstrapCI(groups, () => Number.NaN, { seed: 1, reps: 3 });
    expect([none.lo, none.hi, none.mean, none.valid]).toEqual([NaN, NaN, NaN, 0]);
  });

  it('accepts numeric host ids (Int32Array)', () => {
    const ids = Int32Array.from(groups, (g) => Number(g.slice(5)));
    const ci = bootstrapCI(ids, meanOf(values), { seed: 4, reps: 50 });
    expect(ci.valid).toBe(50);
  });

  it('rejects empty input and a bad number of replicates', () => {
    expect(() => bootstrapCI([], () => 0, { seed: 1 })).toThrow(/groups is empty/);
    expect(() => bootstrapCI(groups, () => 0, { seed: 1, reps: 0 })).toThrow(
      /reps must be a positive integer/
    );
    expect(() => bootstrapCI(groups, () => 0, { seed: 1.5 })).toThrow(/finite integer/);
  });
});

describe('bootstrapMany', () => {
  it('evaluates every statistic on the same resamples', () => {
    const { groups, values } = clusteredData();
    const seenA: Int32Array[] = [];
    const seenB: Int32Array[] = [];
    const out = bootstrapMany(
      groups,
      { a: (idx) => (seenA.push(idx), meanOf(values)(idx)), b: (idx) => (seenB.push(idx), 1) },
      { seed: 8, reps: 5 }
    );
    expect(seenA.every((idx, i) => idx === seenB[i])).toBe(true);
    expect(out.a).toEqual(bootstrapCI(groups, meanOf(values), { seed: 8, reps: 5 }));
    expect(out.b).toEqual({ lo: 1, hi: 1, mean: 1, valid: 5 });
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly like numpy.percentile', () => {
    const v = Float64Array.from([1, 2, 3, 4]);
    expect(quantileSorted(v, 0.025)).toBeCloseTo(1.075, 12);
    expect(quantileSorted(v, 0.975)).toBeCloseTo(3.925, 12);
    expect(quantileSorted(v, 1)).toBe(4);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});
