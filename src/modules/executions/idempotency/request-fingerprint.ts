import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Identifies a request by method, path, query and body (API.md §7). */
export function requestFingerprint(
  method: string,
  path: string,
  query: Record<string, unknown>,
  body: unknown,
): string {
  return createHash('sha256')
    .update(canonicalJson([method.toUpperCase(), path, query ?? {}, body ?? null]))
    .digest('hex');
}
