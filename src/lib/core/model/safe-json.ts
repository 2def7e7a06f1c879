/**
 * JSON for untrusted model headers. Keys that could reach an object's prototype chain when a
 * consumer later merges or spreads the data (`__proto__`, `constructor`, `prototype`) are
 * refused on read and on write, and writing refuses values JSON would silently change
 * (NaN and Infinity become null, undefined disappears).
 */
import { ModelFileError, invalid } from './errors.ts';
import type { JsonValue } from './types.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** JSON.parse that throws ModelFileError on malformed text or a forbidden key anywhere. */
export function parseJsonSafely(text: string, what: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw invalid(`${what} contains the forbidden key "${key}".`);
      return value;
    });
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw invalid(`${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** Deeper metadata is refused: nothing legitimate nests this far, and recursion must stay bounded. */
export const MAX_JSON_DEPTH = 64;

/** Throws ModelFileError naming the path of the first value that would not survive a JSON round trip unchanged. */
export function assertJson(value: unknown, path: string, depth = 0): asserts value is JsonValue {
  if (depth > MAX_JSON_DEPTH)
    throw invalid(`${path} is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw invalid(`${path} is ${String(value)}; JSON cannot hold it (use null for "undefined").`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJson(v, `${path}[${i}]`, depth + 1));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw invalid(
        `${path} is not a plain object or array (${proto?.constructor?.name ?? 'unknown'}).`
      );
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw invalid(`${path} contains the forbidden key "${key}".`);
      assertJson((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    }
    return;
  }
  throw invalid(`${path} has type ${typeof value}, which JSON cannot hold.`);
}
