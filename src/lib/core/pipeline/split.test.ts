import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { groupedHoldout, innerSplit } from './split.ts';

/** 1000 rows from ~400 host stars of 1-5 planets each, in a scrambled row order. */
function hosts(seed = 1, n = 1000): string[] {
  const rng = createRng(seed);
  const out: string[] = [];
  let star = 0;
  while (out.length < n) {
    const size = 1 + rng.int(5);
    for (let k = 0; k < size && out.length < n; k++) out.push(`KIC ${1000 + star}`);
    star++;
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const setOf = (idx: Int32Array, groups: string[]) => new Set(Array.from(idx, (i) => groups[i]));

describe('groupedHoldout', () => {
  const groups = hosts();
  const s = groupedHoldout(groups, 0.2, 42);

  it('puts no host star on both sides and every row on exactly one side, ascending', () => {
    const train = setOf(s.train, groups);
    for (const g of setOf(s.test, groups)) expect(train.has(g)).toBe(false);
    expect(s.train.length + s.test.length).toBe(groups.length);
    const all = [...s.train, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from(groups.keys()));
    for (const side of [s.train, s.test])
      for (let i = 1; i < side.length; i++) expect(side[i]).toBeGreaterThan(side[i - 1]);
    expect(s.holdout).toBe(s.test);
  });

  it('holds out the asked fraction to within a host star', () => {
    for (const f of [0.1, 0.2, 0.5, 0.9]) {
      const t = groupedHoldout(groups, f, 7).test.length;
      expect(Math.abs(t - f * groups.length)).toBeLessThanOrEqual(2.5);
    }
  });

  it('is deterministic for a seed and different for another', () => {
    expect(groupedHoldout(groups, 0.2, 42).test).toEqual(s.test);
    expect(groupedHoldout(groups, 0.2, 43).test).not.toEqual(s.test);
  });

  it('picks the same host stars whatever the row order', () => {
    const perm = Array.from(groups.keys());
    const rng = createRng(99);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const permuted = perm.map((i) => groups[i]);
    const p = groupedHoldout(permuted, 0.2, 42);
    expect(setOf(p.test, permuted)).toEqual(setOf(s.test, groups));
  });

  it('keeps both sides non-empty for extreme fractions', () => {
    const few = ['a', 'a', 'b', 'c', 'c', 'c'];
    for (const f of [0.01, 0.99]) {
      const t = groupedHoldout(few, f, 1);
      expect(t.test.length).toBeGreaterThan(0);
      expect(t.train.length).toBeGreaterThan(0);
    }
  });

  it('rejects a fraction outside (0, 1), empty input and a single host', () => {
    for (const f of [0, 1, -0.2, 1.5, Number.NaN]) {
      expect(() => groupedHoldout(groups, f, 1)).toThrow(
        /fraction must be strictly between 0 and 1/
      );
    }
    expect(() => groupedHoldout([], 0.2, 1)).toThrow(/no rows to split/);
    expect(() => groupedHoldout(['x', 'x', 'x'], 0.2, 1)).toThrow(
      /all 3 rows belong to one host star/
    );
    expect(() => groupedHoldout(groups, 0.2, 0.5)).toThrow(/finite integer/);
  });
});

describe('innerSplit', () => {
  const groups = hosts(2);
  const outer = groupedHoldout(groups, 0.2, 1);
  const inner = innerSplit(outer.train, groups, 0.25, 5);

  it('splits only the given rows, by host star, into row indices of the full table', () => {
    expect(inner.train.length + inner.test.length).toBe(outer.train.length);
    const given = new Set(outer.train);
    for (const i of [...inner.train, ...inner.test]) expect(given.has(i)).toBe(true);
    const fit = setOf(inner.train, groups);
    for (const g of setOf(inner.test, groups)) expect(fit.has(g)).toBe(false);
    expect(Math.abs(inner.test.length - 0.25 * outer.train.length)).toBeLessThanOrEqual(2.5);
  });

  it('never touches the outer hold-out stars', () => {
    const held = setOf(outer.test, groups);
    for (const g of setOf(inner.test, groups)) expect(held.has(g)).toBe(false);
  });

  it('does not depend on the order of rowIdx', () => {
    const reversed = Int32Array.from(outer.train).reverse();
    expect(innerSplit(reversed, groups, 0.25, 5).test).toEqual(inner.test);
  });

  it('rejects row indices out of range or repeated, and empty input', () => {
    expect(() => innerSplit(Int32Array.from([0, groups.length]), groups, 0.2, 1)).toThrow(
      /row index \d+ is outside/
    );
    expect(() => innerSplit(Int32Array.from([3, 3]), groups, 0.2, 1)).toThrow(
      /row 3 is listed twice/
    );
    expect(() => innerSplit(new Int32Array(0), groups, 0.2, 1)).toThrow(/no rows to split/);
  });
});
