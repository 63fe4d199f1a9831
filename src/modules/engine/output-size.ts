/**
 * How large a node's output is, for the output limits of API.md §5: text counts its UTF-8 bytes, anything else
 * the bytes of its JSON. Measuring stops once past the limit, so a huge value costs no more than the limit to
 * measure, and it walks with its own stack, so deeply nested JSON cannot overflow the call stack. Pure.
 */

export function outputBytes(value: unknown, limit: number): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : jsonBytes(value, limit);
}

/** The length of `JSON.stringify(value)` in UTF-8 bytes, or some number above `limit` once it is past it. */
export function jsonBytes(value: unknown, limit: number): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= limit) {
    const item = pending.pop();
    if (typeof item === 'string') total += stringJsonBytes(item, limit - total);
    else if (typeof item === 'number') total += Number.isFinite(item) ? String(item).length : 4;
    else if (typeof item === 'boolean') total += item ? 4 : 5;
    else if (item === null) total += 4;
    else if (Array.isArray(item)) {
      total += 2 + Math.max(0, item.length - 1);
      for (const element of item) pending.push(element === undefined ? null : element);
    } else if (typeof item === 'object') {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined && typeof v !== 'function');
      total += 2 + Math.max(0, entries.length - 1);
      for (const [key, v] of entries) {
        total += stringJsonBytes(key, limit - total) + 1;
        pending.push(v);
      }
    }
  }
  return total;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

function stringJsonBytes(text: string, remaining: number): number {
  const bytes = Buffer.byteLength(text, 'utf8') + 2;
  if (bytes > remaining || !NEEDS_ESCAPE.test(text)) return bytes;
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

export function nodeOutputTooLarge(limit: number): Error {
  return new Error(`the node's output would be larger than ${limit} bytes (MAX_NODE_OUTPUT_BYTES)`);
}

export function resultTooLarge(limit: number): Error {
  return new Error(`the run's result would be larger than ${limit} bytes (MAX_RESULT_BYTES)`);
}

export function mediaTooLarge(what: string, bytes: number, limit: number): Error {
  return new Error(`${what} would be too large: ${bytes} bytes, over ${limit} (MAX_MEDIA_BYTES)`);
}
