import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, mix32 } from './random.ts';

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 50 }, () => a.nextUint32());
    const sb = Array.from({ length: 50 }, () => b.nextUint32());
    const sc = Array.from({ length: 50 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('keeps next() in [0, 1) with a mean near 1/2', () => {
    const rng = createRng(7);
    let sum = 0;
    let outside = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const v = rng.next();
      if (!(v >= 0 && v < 1)) outside++;
      sum += v;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
  });

  it('draws int(n) uniformly over 0..n-1 (chi-square test)', () => {
    const rng = createRng(123);
    const k = 10;
    const n = 100_000;
    const counts = new Array<number>(k).fill(0);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const v = rng.int(k);
      if (Number.isInteger(v) && v >= 0 && v < k) counts[v]++;
      else outside++;
    }
    expect(outside).toBe(0);
    const expected = n / k;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it('distinguishes seeds beyond 32 bits and negative seeds', () => {
    const first = (s: number) => createRng(s).nextUint32();
    expect(first(1)).not.toBe(first(2 ** 32 + 1));
    expect(first(-1)).not.toBe(first(2 ** 32 - 1));
  });

  it('rejects bad seeds and bounds with a message naming the parameter', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    expect(() => createRng(1.5)).toThrow(/seed/);
    const rng = createRng(1);
    expect(() => rng.int(0)).toThrow(/n must be/);
    expect(() => rng.int(2.5)).toThrow(/n must be/);
  });
});

describe('deriveSeed', () => {
  it('gives distinct, reproducible seeds for many indices and parents', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 1000; i++) seen.add(deriveSeed(s, i));
    }
    // A 32-bit hash of 20,000 inputs: a few collisions are possible, many would mean a bad hash.
    expect(seen.size).toBeGreaterThan(19_990);
    expect(deriveSeed(5, 9)).toBe(deriveSeed(5, 9));
    expect(deriveSeed(5, 9)).not.toBe(deriveSeed(9, 5));
  });

  it('gives sub-streams whose first outputs are uncorrelated with the index', () => {
    // Adjacent tree indices must not give adjacent streams: the mean of the first draw over
    // consecutive indices should look uniform.
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) sum += createRng(deriveSeed(1, i)).next();
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
  });

  it('rejects a non-integer index', () => {
    expect(() => deriveSeed(1, 0.5)).toThrow(/index/);
  });
});

describe('mix32', () => {
  it('flips about half the output bits when one input bit flips (avalanche)', () => {
    let flips = 0;
    let trials = 0;
    for (let x = 0; x < 2000; x++) {
      for (let bit = 0; bit < 32; bit += 5) {
        const d = (mix32(x) ^ mix32(x ^ (1 << bit))) >>> 0;
        flips += d.toString(2).split('1').length - 1;
        trials++;
      }
    }
    expect(Math.abs(flips / trials - 16)).toBeLessThan(0.5);
  });
});
