/**
 * Generators of hostile values: strings, numbers, JSON texts (deep, huge, broken, poisoned), built from a seeded PRNG.
 * JSON is produced as text, so it can hold what JSON.stringify never writes (1e400, lone surrogate escapes, a
 * trailing comma).
 */
import { Prng } from './prng';

const FIXED_STRINGS = [
  '',
  ' ',
  'a',
  'null',
  'true',
  '-1',
  '0',
  'NaN',
  '1e308',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  '😀',
  'é',
  '中文',
  'ⓐⓑⓒ',
  '\ud800',
  'x\udfffy',
  '\r\nX-Injected: 1',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  "'; DROP TABLE accounts; --",
  '" OR 1=1 --',
  '${7*7}',
  '{{prompt}}',
  '{{constructor.constructor}}',
  '<script>alert(1)</script>',
  '%00',
  '%zz',
  '%ED%A0%80',
  'fg_live_',
  'https://127.0.0.1/hook',
  'http://localhost:1/x',
  'http://[::1]/x',
  'data:image/png;base64,AAAA',
  'data:,' + 'x'.repeat(300),
  '2020-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  'workflow:*',
  '*',
  '__proto__',
  'constructor',
  'prototype',
];

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '3.14',
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '5e-324',
  '1e-400',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '123456789012345678901234567890',
  '1E+2',
  '0.1e1',
];

export function hostileString(r: Prng): string {
  return r.weighted([
    [6, () => r.pick(FIXED_STRINGS)],
    [1, () => 'x'.repeat(r.int(65, 400))],
    [0.2, () => 'y'.repeat(r.int(10_000, 200_000))],
    [1, () => randomChars(r, r.int(1, 40))],
    [1, () => `${r.pick(FIXED_STRINGS)}${r.pick(FIXED_STRINGS)}`],
  ]);
}

/** Characters from every awkward range: controls, surrogates (lone too), non-characters, astral. */
export function randomChars(r: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += String.fromCharCode(
      r.weighted([
        [3, () => r.int(0x20, 0x7e)],
        [1, () => r.int(0x00, 0x1f)],
        [1, () => r.int(0x7f, 0xff)],
        [1, () => r.int(0x100, 0xd7ff)],
        [1, () => r.int(0xd800, 0xdfff)],
        [1, () => r.int(0xe000, 0xffff)],
      ]),
    );
  }
  return out;
}

export function hostileNumberText(r: Prng): string {
  return r.chance(0.8) ? r.pick(NUMBERS) : String(r.int(-1e6, 1e6));
}

const KEYS = ['name', 'inputs', 'prompt', 'email', 'tier', 'amount', 'url', 'nodes', 'data', 'a', ''];
const POISON_KEYS = ['__proto__', 'constructor', 'prototype'];

function keyText(r: Prng): string {
  const key = r.weighted([
    [5, () => r.pick(KEYS)],
    [1, () => r.pick(POISON_KEYS)],
    [1, () => hostileString(r)],
  ]);
  return JSON.stringify(key);
}

/** Any JSON value as text, hostile at every level. */
export function hostileJsonText(r: Prng, depth = 0): string {
  const leafOnly = depth > 4;
  return r.weighted<string>([
    [3, () => JSON.stringify(hostileString(r))],
    [3, () => hostileNumberText(r)],
    [1, () => r.pick(['true', 'false', 'null'])],
    [leafOnly ? 0 : 2, () => `[${times(r.int(0, 4), () => hostileJsonText(r, depth + 1)).join(',')}]`],
    [
      leafOnly ? 0 : 3,
      () => `{${times(r.int(0, 4), () => `${keyText(r)}:${hostileJsonText(r, depth + 1)}`).join(',')}}`,
    ],
    [leafOnly ? 0 : 0.3, () => deepJsonText(r)],
    [leafOnly ? 0 : 0.1, () => `[${times(10_000, () => '0').join(',')}]`],
  ]);
}

/** Nesting around the 64-level limit and far past it. */
export function deepJsonText(r: Prng): string {
  const depth = r.pick([63, 64, 65, 100, 1500, 20_000]);
  return r.chance(0.5)
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Text that is not JSON, or nearly. */
export function brokenJsonText(r: Prng): string {
  return r.pick([
    '{',
    '{"name":',
    '[1,2',
    "{'a':1}",
    'undefined',
    'NaN',
    '{"a":1}}',
    '{"a":1,}',
    '"unterminated',
    '\ufeff{"a":1}',
    '{"a":"\\x41"}',
    '{"a":"\\ud800"}',
    '{"a":01}',
    '{"a":.5}',
    '{"a":1e}',
    '\u0000',
    '{"a":"b"\u0000}',
    'true false',
    `{"a":"${'\\'.repeat(5)}"}`,
    '<?xml version="1.0"?><a/>',
    'name=x&nodes=1',
    ')]}\'\n{"a":1}',
  ]);
}

/** A JSON document with one field replaced by a hostile value, removed, nulled or poisoned. */
export function mutatedJsonText(r: Prng, seed: unknown): string {
  const raw: string[] = [];
  const marker = (text: string) => {
    raw.push(text);
    return `\u0001RAW${raw.length - 1}\u0001`;
  };
  const copy = structuredClone(seed) as unknown;
  const target = pickContainer(r, copy);
  if (target) {
    const keys = Object.keys(target);
    const key = keys.length > 0 && r.chance(0.8) ? r.pick(keys) : r.pick([...KEYS, ...POISON_KEYS]);
    r.weighted<void>([
      [4, () => void ((target as Record<string, unknown>)[key] = marker(hostileJsonText(r)))],
      [1, () => void ((target as Record<string, unknown>)[key] = null)],
      [1, () => void delete (target as Record<string, unknown>)[key]],
      [1, () => void ((target as Record<string, unknown>)[r.pick(POISON_KEYS)] = marker(hostileJsonText(r)))],
      [0.5, () => void ((target as Record<string, unknown>)[key] = marker(deepJsonText(r)))],
    ]);
  }
  return JSON.stringify(copy).replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raw[Number(i)]);
}

/** A random object or array inside `value` (or value itself). */
function pickContainer(r: Prng, value: unknown): Record<string, unknown> | unknown[] | null {
  if (value === null || typeof value !== 'object') return null;
  const children = Object.values(value as object).filter(
    (child) => child !== null && typeof child === 'object',
  );
  if (children.length === 0 || r.chance(0.4)) return value as Record<string, unknown>;
  return pickContainer(r, r.pick(children)) ?? (value as Record<string, unknown>);
}

function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}
