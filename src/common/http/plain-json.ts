/**
 * API.md §1 "Hostile JSON is plain data": a parsed body nesting deeper than 64 levels, holding a string (value or key)
 * with a lone surrogate, or a key named `__proto__`, `constructor` or `prototype`, is refused before anything reads
 * it. Checked once, in the JSON body parser, so every route gets it and no DTO, validator or query ever sees it.
 */
export const MAX_JSON_DEPTH = 64;

/** Keys that name JavaScript object machinery: refused wherever they appear, so none can ever be interpreted. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// With the u flag a well-formed pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export interface JsonHazard {
  path: string;
  message: string;
}

/** The first hazard in a value fresh from JSON.parse, or null when it is plain data. */
export function findJsonHazard(value: unknown): JsonHazard | null {
  const found = visit(value, 1);
  return found && { path: formatPath(found.path), message: found.message };
}

interface Found {
  path: Array<string | number>;
  message: string;
}

// Recursion stops at MAX_JSON_DEPTH + 1, so however deep the input, the stack stays shallow.
function visit(value: unknown, depth: number): Found | null {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value)
      ? { path: [], message: 'contains a lone surrogate (not valid Unicode)' }
      : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_JSON_DEPTH) return { path: [], message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = visit(value[i], depth + 1);
      if (found) return under(i, found);
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (LONE_SURROGATE.test(key))
      return { path: ['(key)'], message: 'is a key with a lone surrogate (not valid Unicode)' };
    if (RESERVED_KEYS.has(key)) return { path: [key], message: 'is a reserved key name' };
    const found = visit((value as Record<string, unknown>)[key], depth + 1);
    if (found) return under(key, found);
  }
  return null;
}

function under(part: string | number, found: Found): Found {
  found.path.unshift(part);
  return found;
}

function formatPath(path: Array<string | number>): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      if (!IDENTIFIER.test(part)) return `[${JSON.stringify(part)}]`;
      return i === 0 ? part : `.${part}`;
    })
    .join('');
}
