/**
 * The malformed requests, as raw bytes: route requests with hostile paths, queries, headers and bodies (from the
 * OpenAPI route list), broken HTTP framing, and slow clients. Deterministic for a given PRNG seed.
 */
import {
  randomChars,
  brokenJsonText,
  deepJsonText,
  hostileJsonText,
  hostileNumberText,
  hostileString,
  mutatedJsonText,
} from './hostile-values';
import { FuzzRoute } from './openapi-routes';
import { Prng } from './prng';

/** What the fuzzer knows about the server it attacks: keys of several kinds and ids that exist. */
export interface FuzzWorld {
  keys: Record<'admin' | 'pro' | 'business' | 'free' | 'unapproved', string>;
  slugs: string[];
  ids: string[];
  models: string[];
  mediaKeys: string[];
  /** Bodies known to be valid, by `METHOD path`, to mutate instead of the schema sample. */
  seeds: Record<string, unknown>;
}

export interface FuzzCase {
  label: string;
  /** `METHOD path` of the documented route this case aims at with its own method, if any. */
  route?: string;
  data: Buffer;
  /** Later writes of a slow client. */
  then?: Array<{ afterMs: number; data: Buffer }>;
  head: boolean;
  /** Responses a well-behaved server sends on this connection. */
  requests: number;
  timeoutMs: number;
}

type Header = [string, string];

const ROUTE_TIMEOUT_MS = 20_000;
const OTHER_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'FOO',
];

export function generateCases(r: Prng, routes: FuzzRoute[], world: FuzzWorld, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    cases.push(
      r.weighted<FuzzCase>([
        [86, () => routeCase(r, r.pick(routes), world)],
        [10, () => framingCase(r, world)],
        [3, () => pipelinedCase(r, r.pick(routes), world)],
        [0.25, () => slowCase(r, world)],
      ]),
    );
  }
  return cases;
}

function routeCase(r: Prng, route: FuzzRoute, world: FuzzWorld): FuzzCase {
  const { head, bytes, label } = routeRequest(r, route, world, true);
  return { label, route: label, data: bytes, head, requests: 1, timeoutMs: ROUTE_TIMEOUT_MS };
}

/** A hostile request followed on the same connection by a plain one: the second must still be answered. */
function pipelinedCase(r: Prng, route: FuzzRoute, world: FuzzWorld): FuzzCase {
  const first = routeRequest(r, route, world, false);
  const second = Buffer.from(
    `GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${world.keys.admin}\r\nConnection: close\r\n\r\n`,
  );
  return {
    label: `pipelined ${first.label}`,
    data: Buffer.concat([first.bytes, second]),
    head: first.head,
    requests: 2,
    timeoutMs: ROUTE_TIMEOUT_MS,
  };
}

function routeRequest(r: Prng, route: FuzzRoute, world: FuzzWorld, close: boolean) {
  const method = r.chance(0.88) ? route.method : r.pick(OTHER_METHODS);
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => pathValue(r, name, route, world));
  const target = `${path}${queryString(r, route)}`;
  const headers: Header[] = [['Host', r.chance(0.97) ? '127.0.0.1' : headerValue(r)]];
  const key = apiKey(r, world);
  if (key !== null) headers.push(['x-api-key', key]);
  if (r.chance(0.02)) headers.push(['x-api-key', apiKey(r, world) ?? '']);
  headers.push(...extraHeaders(r, world));

  const wantsBody = ['POST', 'PUT', 'PATCH'].includes(method) ? r.chance(0.93) : r.chance(0.08);
  let body = Buffer.alloc(0);
  if (wantsBody) {
    body = Buffer.from(bodyText(r, route, world), 'utf8');
    const type = contentType(r);
    if (type !== null) headers.push(['Content-Type', type]);
  }
  const chunked = wantsBody && r.chance(0.08);
  if (chunked) headers.push(['Transfer-Encoding', 'chunked']);
  else if (wantsBody || r.chance(0.3)) headers.push(['Content-Length', String(body.length)]);
  if (close) headers.push(['Connection', 'close']);

  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`;
  const payload = chunked ? chunk(r, body) : body;
  return {
    head: method === 'HEAD',
    bytes: Buffer.concat([Buffer.from(head, 'utf8'), payload]),
    label: `${method} ${route.path}`,
  };
}

function chunk(r: Prng, body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < body.length;) {
    const size = Math.min(body.length - offset, r.int(1, 4096));
    parts.push(
      Buffer.from(`${size.toString(16)}\r\n`),
      body.subarray(offset, offset + size),
      Buffer.from('\r\n'),
    );
    offset += size;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function pathValue(r: Prng, name: string, route: FuzzRoute, world: FuzzWorld): string {
  if (route.path.startsWith('/media/')) return mediaPath(r, world);
  const known = route.path.startsWith('/api/models/')
    ? world.models
    : name === 'slug'
      ? world.slugs
      : world.ids;
  const value = r.weighted<string>([
    [4, () => r.pick(known)],
    [1, () => uuid(r)],
    [3, () => hostileString(r)],
    [0.5, () => 'a'.repeat(r.pick([65, 100, 101, 2048, 2049, 5000]))],
    [0.3, () => r.pick(known).toUpperCase()],
  ]);
  return encodePath(r, value);
}

function mediaPath(r: Prng, world: FuzzWorld): string {
  return r.weighted<string>([
    [3, () => r.pick(world.mediaKeys)],
    [2, () => `2020/01/01/${uuid(r)}.png`],
    [1, () => '../../../../etc/passwd'],
    [1, () => '..%2F..%2Fetc%2Fpasswd'],
    [1, () => `${r.pick(world.mediaKeys)}${r.pick(['/', '%00', '.bak', '?x=1', '#f'])}`],
    [2, () => encodePath(r, hostileString(r))],
  ]);
}

/** A v4 UUID from the PRNG (crypto.randomUUID would make runs differ). */
function uuid(r: Prng): string {
  const hex = Array.from({ length: 32 }, () => r.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = r.pick(['8', '9', 'a', 'b']);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function encodePath(r: Prng, value: string): string {
  return r.weighted<string>([
    [7, () => encodeOrEscape(value)],
    [1, () => value],
    [1, () => `${encodeOrEscape(value)}${r.pick(['%', '%z', '%zz', '%ED%A0%80', '%C0%AF', '%FF'])}`],
    [0.5, () => encodeOrEscape(encodeOrEscape(value))],
  ]);
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) becomes its raw UTF-8-like bytes. */
function encodeOrEscape(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
      .join('');
  }
}

function queryString(r: Prng, route: FuzzRoute): string {
  if (r.chance(0.5)) return '';
  if (r.chance(0.05))
    return r.pick(['?', '?&&=&', '?%zz=1', '?a=%ED%A0%80', '?=', `?${'q'.repeat(8000)}=1`, '?a[b]=1&a[c]=2']);
  const names = [...route.queryParams, 'limit', 'cursor', 'async', '__proto__', 'constructor', 'x'];
  const pairs: string[] = [];
  for (let i = r.int(1, 4); i > 0; i--) {
    const name = r.chance(0.7) && route.queryParams.length ? r.pick(route.queryParams) : r.pick(names);
    const value = r.weighted<string>([
      [3, () => hostileString(r)],
      [2, () => hostileNumberText(r)],
      [1, () => r.pick(['true', 'false', 'completed', 'failed', 'running', '20', '100', '0', '101'])],
    ]);
    pairs.push(`${encodeOrEscape(name)}=${encodeOrEscape(value)}`);
  }
  if (r.chance(0.15)) pairs.push(pairs[0]);
  return `?${pairs.join('&')}`;
}

function apiKey(r: Prng, world: FuzzWorld): string | null {
  return r.weighted<string | null>([
    [2, () => world.keys.admin],
    [3, () => world.keys.pro],
    [1.5, () => world.keys.business],
    [0.7, () => world.keys.free],
    [0.7, () => world.keys.unapproved],
    [0.5, () => `fg_live_${'A'.repeat(40)}`],
    [0.5, () => headerValue(r)],
    [1, () => null],
  ]);
}

function contentType(r: Prng): string | null {
  return r.weighted<string | null>([
    [6, () => 'application/json'],
    [1, () => 'application/json; charset=utf-8'],
    [0.5, () => 'application/vnd.flowgate+json'],
    [0.5, () => 'text/plain'],
    [0.5, () => 'application/x-www-form-urlencoded'],
    [0.3, () => 'multipart/form-data; boundary=x'],
    [0.3, () => 'application/json; charset=utf-16'],
    [0.2, () => 'application/json, text/plain'],
    [0.5, () => null],
    [0.3, () => headerValue(r)],
  ]);
}

/** A header value as a client could send it: no CR/LF (that is framing), control characters only rarely. */
function headerValue(r: Prng): string {
  const value = hostileString(r)
    .replace(/[\r\n]/g, '')
    .slice(0, 8000);
  return r.chance(0.9) ? value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '') : value;
}

function extraHeaders(r: Prng, world: FuzzWorld): Header[] {
  const headers: Header[] = [];
  const maybe = (probability: number, name: string, value: () => string) => {
    if (r.chance(probability)) headers.push([name, value()]);
  };
  maybe(0.15, 'X-Request-Id', () => headerValue(r));
  maybe(0.15, 'Idempotency-Key', () => r.pick([headerValue(r), 'x'.repeat(300), uuid(r), '']));
  maybe(0.1, 'Prefer', () => r.pick([`wait=${hostileNumberText(r)}`, 'respond-async', headerValue(r)]));
  maybe(0.1, 'If-Match', () => r.pick([hostileNumberText(r), '"3"', 'W/"x"', '*', headerValue(r)]));
  maybe(0.05, 'Accept', () => r.pick(['text/html', '*/*', 'application/xml', headerValue(r)]));
  maybe(0.05, 'Accept-Encoding', () => r.pick(['gzip, br', 'identity;q=0', headerValue(r)]));
  maybe(0.03, 'Content-Encoding', () => r.pick(['gzip', 'br', 'deflate', headerValue(r)]));
  maybe(0.05, 'X-Forwarded-For', () => r.pick(['1.2.3.4, ::1', 'unknown', headerValue(r)]));
  maybe(0.03, 'X-Forwarded-Proto', () => headerValue(r));
  maybe(0.03, 'X-Forwarded-Host', () => headerValue(r));
  maybe(0.03, 'Origin', () => headerValue(r));
  maybe(0.03, 'Cookie', () => headerValue(r));
  maybe(0.03, 'Authorization', () => `Bearer ${world.keys.pro}`);
  maybe(0.03, 'Expect', () => r.pick(['100-continue', 'something-else']));
  maybe(0.05, 'Range', () => r.pick(['bytes=0-10', 'bytes=x', 'bytes=-1', 'bytes=99999999-']));
  maybe(0.03, 'If-None-Match', () => headerValue(r));
  maybe(0.03, 'If-Modified-Since', () => headerValue(r));
  maybe(0.02, 'X-Filler', () => 'f'.repeat(r.pick([4000, 15000, 20000])));
  return headers;
}

function bodyText(r: Prng, route: FuzzRoute, world: FuzzWorld): string {
  const seed = world.seeds[`${route.method} ${route.path}`] ?? route.sampleBody ?? {};
  return r.weighted<string>([
    [5, () => mutatedJsonText(r, seed)],
    [1, () => JSON.stringify(seed)],
    [3, () => hostileJsonText(r)],
    [1, () => brokenJsonText(r)],
    [0.7, () => ''],
    [0.5, () => deepJsonText(r)],
    [0.3, () => randomChars(r, r.int(1, 200))],
    [
      0.1,
      () =>
        JSON.stringify({
          ...(seed as object),
          pad: 'p'.repeat(r.pick([1024 * 1024 - 200, 1024 * 1024 + 10])),
        }),
    ],
  ]);
}

/** Requests that are not HTTP/1.1 as it should be written. */
function framingCase(r: Prng, world: FuzzWorld): FuzzCase {
  const key = world.keys.pro;
  const text = r.pick<() => string | Buffer>([
    () => Buffer.from(Array.from({ length: r.int(1, 300) }, () => r.int(0, 255))),
    () => 'GARBAGE\r\n\r\n',
    () => 'GET\r\n\r\n',
    () => 'GET /api/whoami\r\n\r\n',
    () => 'GET /api/whoami HTTP/2.0\r\nHost: x\r\n\r\n',
    () => 'GET /api/whoami HTTP/1.1\r\n\r\n',
    () => 'GET /api/whoami HTTP/1.0\r\n\r\n',
    () => `get /api/whoami HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET  /api/whoami  HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET /api/who ami HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\nHost: x\n\n`,
    () => `GET http://127.0.0.1/api/whoami HTTP/1.1\r\nHost: x\r\nx-api-key: ${key}\r\n\r\n`,
    () => `OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\nx-api-key: a${String.fromCharCode(r.int(0, 31))}b\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\nno-colon\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\n${'X-Many: 1\r\n'.repeat(3000)}\r\n`,
    () => `GET /${'a'.repeat(r.pick([9000, 20000]))} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\n\r\n`,
    () => `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`,
    () => `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
    () => `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    () =>
      `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
    () =>
      `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    () =>
      `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(20000)}\r\n{}\r\n0\r\n\r\n`,
    () => `POST /api/workflows HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}`,
    () => `POST /api/workflows HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
    () =>
      `POST /api/workflows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}GARBAGE\r\n\r\n`,
    () =>
      `GET /api/whoami HTTP/1.1\r\nHost: x\r\nx-api-key: ${key}\r\n\r\nGET /api/whoami HTTP/1.1\r\nHo\u0000st: x\r\n\r\n`,
    () =>
      Buffer.concat([
        Buffer.from('GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-Bytes: '),
        Buffer.from([0xc0, 0xaf, 0xff, 0xfe]),
        Buffer.from('\r\n\r\n'),
      ]),
  ])();
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  // Closing our side makes every case end: the server answers what it has, or closes.
  return {
    label: `framing ${JSON.stringify(data.subarray(0, 40).toString('latin1'))}`,
    data,
    head: false,
    requests: 1,
    timeoutMs: ROUTE_TIMEOUT_MS,
    then: [{ afterMs: 500, data: Buffer.from('\r\n\r\n') }],
  };
}

/** A client that stops sending: the server must answer 408 (or close) after REQUEST_TIMEOUT_SECONDS. */
function slowCase(r: Prng, world: FuzzWorld): FuzzCase {
  const data = r.pick([
    `POST /api/workflows HTTP/1.1\r\nHost: x\r\nx-api-key: ${world.keys.pro}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
    'GET /api/whoami HTTP/1.1\r\nHost: x\r\n',
    'GET /api/who',
  ]);
  return {
    label: `slow ${JSON.stringify(data.slice(0, 30))}`,
    data: Buffer.from(data),
    head: false,
    requests: 1,
    timeoutMs: ROUTE_TIMEOUT_MS,
  };
}
