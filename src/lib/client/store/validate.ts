// Small input checks shared by the CRUD files, so every bad input gets the same clear message.

import { StoreError } from './errors.ts';

export const MAX_NAME_LENGTH = 200;

/** A trimmed, non-empty display name. */
export function requireName(name: unknown, what: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed) throw new StoreError('invalid', `A ${what} name cannot be empty.`);
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new StoreError(
      'invalid',
      `A ${what} name can have at most ${MAX_NAME_LENGTH} characters (this one has ${trimmed.length}).`
    );
  }
  return trimmed;
}

export function requireId(id: unknown, what: string): string {
  if (typeof id !== 'string' || !id) {
    throw new StoreError('invalid', `A ${what} id must be a non-empty string (got ${String(id)}).`);
  }
  return id;
}

export function notFound(what: string, id: string): StoreError {
  return new StoreError(
    'not-found',
    `No ${what} with id "${id}" is stored (it may have been deleted, perhaps in another tab).`
  );
}

/** An ISO time; a given one must parse, so listings sort correctly. */
export function isoTime(value: string | undefined, field: string): string {
  if (value === undefined) return new Date().toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new StoreError('invalid', `${field} must be an ISO date (got "${value}").`);
  return new Date(t).toISOString();
}

/** A random id. randomUUID is missing outside secure contexts (plain http on a LAN address). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
