/** Small helpers shared by every validator that reports `ValidationDetail`s. */
import type { ValidationDetail } from '../workflow.types';

export function detail(path: string, message: string): ValidationDetail {
  return { path, message };
}

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `prefix.key` for identifier-like keys, `prefix["odd key"]` otherwise, so every path stays unambiguous. */
export function propertyPath(prefix: string, key: string): string {
  const tail = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return prefix === '' ? tail.replace(/^\./, '') : `${prefix}${tail}`;
}

/** A JSON object: not null, not an array (arrays are `typeof 'object'` too). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value is named in "must be X, got Y" messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const type = typeof value;
  if (type === 'undefined') return type;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** Quoted list for messages: `"a", "b"`. */
export function quoteList(values: ReadonlyArray<unknown>): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** Own keys only: a document key such as `constructor` must never match something on a prototype. */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
