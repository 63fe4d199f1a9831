import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { TargetPolicy, TargetRefusedError } from './net.types';
import { TARGET_NOT_ALLOWED } from './network-failure';
import { assertAllowedUrl, resolveAndCheckHost, safeFetch } from './safe-fetch';

const LOCAL_DEV: TargetPolicy = { allowPrivate: true, allowHttp: true };
const STRICT_BUT_HTTP: TargetPolicy = { allowPrivate: false, allowHttp: true };
const STRICT: TargetPolicy = { allowPrivate: false, allowHttp: false };

describe('safeFetch against a real local server', () => {
  let server: Server;
  let port: number;
  let hits: number;

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/hello': (_req, res) => {
      res.setHeader('X-Custom-Header', 'yes');
      res.setHeader('Content-Type', 'text/plain');
      res.end('hello');
    },
    '/echo': (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        res.end(`${req.method} ${req.headers['x-token']} ${Buffer.concat(chunks).toString()}`),
      );
    },
    '/big': (_req, res) => res.end(Buffer.alloc(64 * 1024, 1)),
    '/redirect': (_req, res) => {
      res.writeHead(302, { Location: '/hello' });
      res.end();
    },
    '/slow': () => undefined, // never answers
    '/teapot': (_req, res) => {
      res.statusCode = 418;
      res.end('short and stout');
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      (routes[req.url ?? ''] ?? routes['/teapot'])(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => (hits = 0));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const at = (host: string, path: string) => `http://${host}:${port}${path}`;

  it('serves a local target when private and http targets are allowed, with lowercase header names', async () => {
    const res = await safeFetch(at('127.0.0.1', '/hello'), {}, LOCAL_DEV);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello');
    expect(res.headers['x-custom-header']).toBe('yes');
    expect(Object.keys(res.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('sends method, headers and body', async () => {
    const res = await safeFetch(
      at('localhost', '/echo'),
      { method: 'post', headers: { 'X-Token': 'abc' }, body: 'payload' },
      LOCAL_DEV,
    );
    expect(res.body.toString()).toBe('POST abc payload');
  });

  it('answers any status as is', async () => {
    const res = await safeFetch(at('127.0.0.1', '/nope'), {}, LOCAL_DEV);
    expect(res.status).toBe(418);
  });

  it('refuses a literal loopback address without connecting', async () => {
    const err = await safeFetch(at('127.0.0.1', '/hello'), {}, STRICT_BUT_HTTP).catch((e: unknown) => e);
    expect(err).toMatchObject({
      message: TARGET_NOT_ALLOWED,
      detail: 'URL host 127.0.0.1 is a private or reserved address',
    });
    expect(hits).toBe(0);
  });

  it('refuses a name that resolves to loopback, at connect time', async () => {
    const err = await safeFetch(at('localhost', '/hello'), {}, STRICT_BUT_HTTP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetRefusedError);
    expect((err as TargetRefusedError).message).toBe(TARGET_NOT_ALLOWED);
    expect((err as TargetRefusedError).detail).toMatch(/localhost resolves to a private or reserved address/);
    expect(hits).toBe(0);
  });

  it('answers a name that does not resolve exactly like a refused one, the detail kept for the log', async () => {
    const err = await safeFetch('http://no-such-host.invalid/', {}, STRICT_BUT_HTTP).catch((e: unknown) => e);
    expect(err).toMatchObject({
      message: TARGET_NOT_ALLOWED,
      detail: expect.stringContaining('no-such-host.invalid'),
    });
  });

  it('reports a TLS failure as "TLS handshake failed", OpenSSL internals in the detail only', async () => {
    const err = await safeFetch(`https://127.0.0.1:${port}/hello`, {}, LOCAL_DEV).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'request to 127.0.0.1 failed: TLS handshake failed' });
    expect((err as TargetRefusedError).detail).toMatch(/SSL/);
  });

  it('refuses http:// unless http targets are allowed', async () => {
    await expect(
      safeFetch(at('127.0.0.1', '/hello'), {}, { allowPrivate: true, allowHttp: false }),
    ).rejects.toThrow(/scheme http is not allowed/);
    expect(hits).toBe(0);
  });

  it('does not follow redirects', async () => {
    const res = await safeFetch(at('127.0.0.1', '/redirect'), {}, LOCAL_DEV);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/hello');
    expect(hits).toBe(1);
  });

  it('times out', async () => {
    const started = Date.now();
    await expect(safeFetch(at('127.0.0.1', '/slow'), { timeoutMs: 200 }, LOCAL_DEV)).rejects.toThrow(
      new TargetRefusedError('request timed out after 200 ms'),
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading past maxBytes', async () => {
    await expect(safeFetch(at('127.0.0.1', '/big'), { maxBytes: 1000 }, LOCAL_DEV)).rejects.toThrow(
      /response too large/,
    );
    const ok = await safeFetch(at('127.0.0.1', '/big'), { maxBytes: 64 * 1024 }, LOCAL_DEV);
    expect(ok.body.length).toBe(64 * 1024);
  });

  it('keeps the first maxBytes and stops reading when asked to truncate', async () => {
    const res = await safeFetch(at('127.0.0.1', '/big'), { maxBytes: 1000, truncate: true }, LOCAL_DEV);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(1000);
  });

  it("throws the caller's abort reason when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await safeFetch(at('127.0.0.1', '/slow'), { signal: controller.signal }, LOCAL_DEV).catch(
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(TargetRefusedError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('reports a connection failure as a refused target', async () => {
    await expect(safeFetch('http://127.0.0.1:1/', {}, LOCAL_DEV)).rejects.toThrow(
      new TargetRefusedError('request to 127.0.0.1 failed: connection refused'),
    );
  });
});

describe('assertAllowedUrl', () => {
  it.each([
    ['http://example.com/', STRICT, /scheme http/],
    ['ftp://example.com/', LOCAL_DEV, /scheme ftp/],
    ['file:///etc/passwd', LOCAL_DEV, /scheme file/],
    ['https://user:pw@example.com/', STRICT, /credentials/],
    ['https://user@example.com/', STRICT, /credentials/],
    ['not a url', STRICT, /not valid/],
    ['https://169.254.169.254/latest/meta-data', STRICT, TARGET_NOT_ALLOWED],
    ['https://[::1]/', STRICT, TARGET_NOT_ALLOWED],
    ['https://[::ffff:127.0.0.1]/', STRICT, TARGET_NOT_ALLOWED],
    ['https://0x7f.1/', STRICT, TARGET_NOT_ALLOWED], // WHATWG URL normalises this to 127.0.0.1
    ['https://2130706433/', STRICT, TARGET_NOT_ALLOWED],
  ])('refuses %s', (url, policy, message) => {
    expect(() => assertAllowedUrl(url, policy)).toThrow(message);
  });

  it('accepts a public https URL and literal private addresses when allowed', () => {
    expect(assertAllowedUrl('https://example.com/x?y=1', STRICT).hostname).toBe('example.com');
    expect(assertAllowedUrl('https://10.0.0.1/', { allowPrivate: true, allowHttp: false }).hostname).toBe(
      '10.0.0.1',
    );
  });
});

describe('resolveAndCheckHost (save-time check)', () => {
  it('refuses a host resolving to loopback, saying only that it is not allowed', async () => {
    await expect(resolveAndCheckHost('https://localhost/hook', STRICT)).rejects.toMatchObject({
      message: TARGET_NOT_ALLOWED,
      detail: 'URL host localhost resolves to a private or reserved address',
    });
  });

  it('accepts it when private targets are allowed', async () => {
    const url = await resolveAndCheckHost('https://localhost/hook', { allowPrivate: true, allowHttp: false });
    expect(url.hostname).toBe('localhost');
  });

  it('refuses a host that does not resolve with the same message', async () => {
    await expect(resolveAndCheckHost('https://does-not-exist.invalid/', STRICT)).rejects.toMatchObject({
      message: TARGET_NOT_ALLOWED,
      detail: 'URL host does-not-exist.invalid could not be resolved',
    });
  });
});
