import { describe, expect, it } from 'vitest';
import { formatMB, isQuotaError, StoreError, toStoreError } from './errors.ts';
import { approxBytes, toPlain } from './plain.ts';

describe('toPlain', () => {
  it('accepts plain data with typed arrays and returns it unchanged', () => {
    const v = { a: [1, 'x', null], cols: { p: new Float32Array(3) }, when: new Date(0) };
    expect(toPlain(v, 'v')).toBe(v);
  });

  it('names the path of the first non-plain part', () => {
    class Thing {}
    expect(() => toPlain({ a: [{ b: new Thing() }] }, 'value')).toThrow(
      'value.a[0].b cannot be stored: it is a Thing, not a plain object'
    );
    expect(() => toPlain({ f: Symbol('s') }, 'value')).toThrow('value.f cannot be stored');
  });

  it('in JSON mode refuses cycles, bigint and typed arrays but allows shared references', () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => toPlain(cyc, 'r', { json: true })).toThrow(
      'r.self cannot be stored: it refers to itself'
    );
    expect(() => toPlain({ n: 1n }, 'r', { json: true })).toThrow('bigint');
    const shared = { x: 1 };
    expect(() => toPlain({ a: shared, b: shared }, 'r', { json: true })).not.toThrow();
    expect(() => toPlain(cyc, 'r')).not.toThrow(); // structured clone handles cycles
  });
});

describe('errors', () => {
  it('recognises QuotaExceededError by name and by the legacy code 22', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'Error', code: 22 })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
  });

  it('writes the quota message with the size in MB, never 0.0', () => {
    const e = toStoreError(new DOMException('x', 'QuotaExceededError'), 12_345_678);
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toMatch(/^The browser refused to store 12\.3 MB: storage is full\./);
    expect(formatMB(10)).toBe('0.1 MB');
  });

  it('estimates size from typed arrays exactly', () => {
    expect(approxBytes({ t: new Float32Array(1000) })).toBeGreaterThanOrEqual(4000);
    expect(approxBytes({ t: new Float32Array(1000) })).toBeLessThan(4100);
  });
});
