import { describe, expect, it } from 'vitest';
import { exactExp, exactLog, exactLog1p } from './exact-math.ts';

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  return (
    Number(v.getBigInt64(0) - v.getBigInt64(8)) * (v.getBigInt64(0) < v.getBigInt64(8) ? -1 : 1)
  );
}

function* samples(lo: number, hi: number, n: number): Generator<number> {
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    yield lo + ((hi - lo) * s) / 2147483647;
  }
}

describe('exact math', () => {
  it('exp stays within 1 ulp of Math.exp over its whole range', () => {
    let worst = 0;
    for (const x of samples(-745, 709.7, 100_000))
      worst = Math.max(worst, ulps(exactExp(x), Math.exp(x)));
    for (const x of samples(-1, 1, 50_000)) worst = Math.max(worst, ulps(exactExp(x), Math.exp(x)));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('log stays within 1 ulp of Math.log, subnormals included', () => {
    let worst = 0;
    for (const x of samples(1e-300, 1e300, 50_000))
      worst = Math.max(worst, ulps(exactLog(x), Math.log(x)));
    for (const x of samples(0.5, 2, 50_000))
      worst = Math.max(worst, ulps(exactLog(x), Math.log(x)));
    for (const x of [5e-324, 1e-310, Number.MIN_VALUE * 3]) {
      expect(Math.abs(exactLog(x) - Math.log(x))).toBeLessThan(1e-12);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('log1p keeps its precision near zero', () => {
    for (const x of samples(-0.999, 10, 20_000)) {
      expect(Math.abs(exactLog1p(x) - Math.log1p(x))).toBeLessThanOrEqual(
        4e-16 * Math.abs(Math.log1p(x)) + 1e-300
      );
    }
    expect(exactLog1p(1e-20)).toBe(1e-20);
  });

  it('edge values: infinities, NaN, zero', () => {
    expect(exactExp(0)).toBe(1);
    expect(exactExp(1000)).toBe(Infinity);
    expect(exactExp(-1000)).toBe(0);
    expect(exactExp(NaN)).toBeNaN();
    expect(exactLog(0)).toBe(-Infinity);
    expect(exactLog(-1)).toBeNaN();
    expect(exactLog(1)).toBe(0);
    expect(exactLog(Infinity)).toBe(Infinity);
  });
});
