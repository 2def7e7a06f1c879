// Guards for what goes into IndexedDB. Callers must pass plain data: a Svelte 5 $state proxy
// looks like a plain object here but cannot be structured-cloned, so snapshot it first with
// $state.snapshot(value). (A proxy that slips through is caught at write time as DataCloneError
// and reported with the same advice.)

import { StoreError } from './errors.ts';

export interface PlainOptions {
  /** Also refuse what JSON cannot hold: typed arrays, Date, Map, Set, bigint, cycles. */
  json?: boolean;
}

function describe(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'bigint') return 'a bigint';
  const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor
    ?.name;
  return ctor ? `a ${ctor}` : 'an object';
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns `value` unchanged if it can be stored (structured clone; JSON too with `json: true`),
 * else throws a StoreError naming the path of the first bad part, e.g. `report.curve[3]`.
 * Typed arrays are leaves: their contents are not visited, so big tables cost nothing here.
 */
export function toPlain<T>(value: T, label: string, opts: PlainOptions = {}): T {
  const onPath = new Set<object>(); // cycles: fine for structured clone, not for JSON
  const seen = new Set<object>();
  const fail = (path: string, why: string): never => {
    throw new StoreError('invalid', `${path} cannot be stored: ${why}.`);
  };
  const visit = (v: unknown, path: string): void => {
    if (v === null || v === undefined) return;
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') return;
    if (t === 'bigint') return opts.json ? fail(path, 'it is a bigint (not JSON)') : undefined;
    if (t !== 'object') return fail(path, `it is ${describe(v)}, not data`);
    const o = v as object;
    if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
      return opts.json ? fail(path, `it is ${describe(o)} (not JSON)`) : undefined;
    }
    if (onPath.has(o)) return opts.json ? fail(path, 'it refers to itself (a cycle)') : undefined;
    if (seen.has(o) && !opts.json) return;
    seen.add(o);
    onPath.add(o);
    if (Array.isArray(o)) o.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (o instanceof Date && !opts.json) {
      /* cloneable leaf */
    } else if ((o instanceof Map || o instanceof Set) && !opts.json) {
      for (const [k, x] of o instanceof Map ? o : [...o].entries()) visit(x, `${path}<${k}>`);
    } else if (isPlainObject(o)) {
      for (const k of Object.keys(o)) visit((o as Record<string, unknown>)[k], `${path}.${k}`);
    } else {
      fail(path, `it is ${describe(o)}, not a plain object (snapshot or copy it into plain data)`);
    }
    onPath.delete(o);
  };
  visit(value, label);
  return value;
}

/** Rough size of a value once stored, for quota messages. Typed arrays dominate, and are exact. */
export function approxBytes(value: unknown, seen = new Set<object>()): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length * 2;
  if (typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  if (seen.has(value)) return 0;
  seen.add(value);
  let sum = 16;
  const entries = Array.isArray(value) ? value : Object.entries(value).flat();
  for (const x of entries) sum += approxBytes(x, seen);
  return sum;
}

/** Metrics are shown and exported as JSON: NaN and Infinity become null, as JSON would make them. */
export function jsonNumbers(
  record: Record<string, number | null>,
  label: string
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(toPlain(record, label, { json: true }))) {
    if (v !== null && typeof v !== 'number') {
      throw new StoreError('invalid', `${label}.${k} cannot be stored: it must be a number.`);
    }
    out[k] = v === null || Number.isFinite(v) ? v : null;
  }
  return out;
}
