import request from 'supertest';
import { rawExchange, rawRequest, RawResponse } from '../support/raw-http';
import { Session, startTestApp, TestApp } from '../support/test-app';
import { templateWorkflow } from '../support/workflow-fixtures';

/**
 * API.md §1 "Hostile JSON is plain data" and "Errors always have this body", for what the HTTP layer rejects too:
 * none of these inputs may answer 5xx or a framework's own body.
 */
describe('hostile HTTP input (e2e)', () => {
  let t: TestApp;
  let s: Session;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    s = await t.createSession({ tier: 'pro', credits: 100 });
    port = Number(new URL(t.baseUrl).port);
    await s.http
      .post('/api/workflows')
      .send(templateWorkflow({ slug: 'hostile' }))
      .expect(201);
  });
  afterAll(() => t.close());

  /** `{error, code, requestId, ...}` with the status of the code, requestId = X-Request-Id. */
  function expectError(
    res: { status: number; headers: Record<string, unknown>; body: unknown },
    status: number,
    code: string,
  ) {
    expect({ status: res.status, code: (res.body as { code?: string })?.code }).toEqual({ status, code });
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = res.body as Record<string, unknown>;
    expect(typeof body.error).toBe('string');
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(typeof body.requestId).toBe('string');
  }

  function rawError(res: RawResponse | undefined, status: number, code: string) {
    expect(res).toBeDefined();
    let body: unknown;
    try {
      body = JSON.parse(res!.body);
    } catch {
      body = res!.body;
    }
    expectError({ status: res!.status, headers: res!.headers, body }, status, code);
  }

  const nested = (depth: number, leaf: unknown = 1): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  describe('JSON bodies', () => {
    it('answers nesting deeper than 64 levels 400 INVALID_BODY on every body route, key or not', async () => {
      const deep = JSON.stringify({ ...templateWorkflow(), viewport: nested(1500) });
      const deepArray = `{"inputs":${'['.repeat(2000)}${']'.repeat(2000)}}`;
      const admin = t.api(t.adminKey);
      for (const res of await Promise.all([
        s.http.post('/api/workflows').set('content-type', 'application/json').send(deep),
        t.api().post('/api/workflows').set('content-type', 'application/json').send(deep),
        s.http.post('/api/workflows/hostile/run').set('content-type', 'application/json').send(deepArray),
        s.http
          .post('/api/workflows/hostile/estimate')
          .set('content-type', 'application/json')
          .send(deepArray),
        admin
          .post('/api/admin/accounts')
          .set('content-type', 'application/json')
          .send(JSON.stringify({ email: 'deep@example.com', tier: 'pro', approved: nested(1500) })),
        admin
          .patch(`/api/admin/accounts/${s.accountId}`)
          .set('content-type', 'application/json')
          .send(JSON.stringify(nested(65))),
      ])) {
        expectError(res, 400, 'INVALID_BODY');
      }
    });

    it('still takes JSON nested 64 levels deep', async () => {
      // The body itself is level 1, viewport level 2: 62 more levels inside make 64.
      const res = await s.http
        .post('/api/workflows')
        .send({ ...templateWorkflow({ slug: 'deep-64' }), viewport: nested(62) });
      expect(res.status).toBe(201);
    });

    it('never interprets keys named __proto__, constructor or prototype', async () => {
      const bodies = [
        `{"__proto__":{"isAdmin":true},"name":"p","nodes":[],"edges":[]}`,
        JSON.stringify({ ...templateWorkflow(), viewport: { constructor: { name: 'Function' } } }),
        JSON.stringify({ ...templateWorkflow(), constructor: { prototype: { x: 1 } } }),
        JSON.stringify({ ...templateWorkflow(), tags: [{ prototype: 1 }] }),
      ];
      for (const body of bodies) {
        const res = await s.http.post('/api/workflows').set('content-type', 'application/json').send(body);
        expectError(res, 400, 'INVALID_BODY');
      }
      const run = await s.http
        .post('/api/workflows/hostile/run')
        .set('content-type', 'application/json')
        .send('{"inputs":{"prompt":"x","constructor":{"prototype":{"polluted":true}}}}');
      expectError(run, 400, 'INVALID_BODY');
      const admin = await t
        .api(t.adminKey)
        .post('/api/admin/accounts')
        .set('content-type', 'application/json')
        .send('{"email":"proto@example.com","tier":"pro","constructor":{"name":"x"}}');
      expectError(admin, 400, 'INVALID_BODY');
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('answers null where a value is required 400 INVALID_BODY, never a database error', async () => {
      const admin = t.api(t.adminKey);
      const id = s.accountId;
      for (const res of [
        await admin.patch(`/api/admin/accounts/${id}`).send({ tier: null }),
        await admin.patch(`/api/admin/accounts/${id}`).send({ approved: null }),
        await admin.post('/api/admin/accounts').send({ email: 'n1@example.com', tier: null }),
        await admin.post('/api/admin/accounts').send({ email: null, tier: 'pro' }),
        await admin.post('/api/admin/accounts').send({ email: 'n2@example.com', tier: 'pro', role: null }),
        await admin
          .post('/api/admin/accounts')
          .send({ email: 'n3@example.com', tier: 'pro', approved: null }),
        await admin.post(`/api/admin/accounts/${id}/credits`).send({ amount: null, reason: 'x' }),
        await admin.post(`/api/admin/accounts/${id}/api-keys`).send({ name: 'k', capabilities: null }),
        await s.http.post('/api/api-keys').send({ name: 'k', preset: null }),
        await s.http.post('/api/workflows').send({ ...templateWorkflow(), slug: null }),
        await s.http.post('/api/workflows').send({ ...templateWorkflow(), description: null }),
        await s.http.post('/api/workflows').send({ ...templateWorkflow(), tags: null }),
        await s.http.post('/api/workflows').send({ ...templateWorkflow(), publicPlayground: null }),
        await s.http.put('/api/workflows/hostile').send({ ...templateWorkflow(), name: null }),
      ]) {
        expectError(res, 400, 'INVALID_BODY');
      }
      // The account is untouched.
      const account = await admin.get(`/api/admin/accounts/${id}`).expect(200);
      expect(account.body).toMatchObject({ tier: 'pro', approved: true });
    });

    it('answers strings with lone surrogates 400 INVALID_BODY, in values and in keys', async () => {
      const admin = t.api(t.adminKey);
      for (const body of [
        '{"email":"a\\ud800@example.com","tier":"pro"}',
        '{"email":"a\\udfff\\ud800@example.com","tier":"pro"}',
        '{"email":"ok@example.com","tier":"pro","\\udc00":1}',
      ]) {
        const res = await admin
          .post('/api/admin/accounts')
          .set('content-type', 'application/json')
          .send(body);
        expectError(res, 400, 'INVALID_BODY');
      }
      const run = await s.http
        .post('/api/workflows/hostile/run')
        .set('content-type', 'application/json')
        .send('{"inputs":{"prompt":"\\ud83d"}}');
      expectError(run, 400, 'INVALID_BODY');
      // A well-formed pair is fine.
      await admin
        .post('/api/admin/accounts')
        .send({ email: 'pair@example.com', tier: 'pro', approved: true });
      const pair = await s.http
        .post('/api/workflows/hostile/run')
        .set('content-type', 'application/json')
        .send('{"inputs":{"prompt":"\\ud83d\\ude00"}}');
      expect(pair.status).toBe(200);
    });
  });

  describe('query strings', () => {
    it('answers a query parameter given twice 400 INVALID_BODY', async () => {
      const admin = t.api(t.adminKey);
      for (const res of [
        await s.http.get('/api/executions?workflowSlug=a&workflowSlug=b'),
        await s.http.get('/api/executions?idempotencyKey=a&idempotencyKey=b'),
        await s.http.get('/api/executions?status=completed&status=failed'),
        await s.http.get('/api/executions?limit=1&limit=2'),
        await admin.get(`/api/admin/accounts/${s.accountId}/ledger?cursor=a&cursor=b`),
        await s.http
          .post('/api/workflows/hostile/run?async=true&async=true')
          .send({ inputs: { prompt: 'x' } }),
      ]) {
        expectError(res, 400, 'INVALID_BODY');
      }
      await s.http.get('/api/executions?workflowSlug=a&idempotencyKey=b').expect(200);
    });
  });

  describe('what the HTTP layer rejects before routing', () => {
    it('answers bad percent-encoding in the path 400 BAD_REQUEST with the error body', async () => {
      for (const path of ['/api/workflows/%zz', '/api/workflows/%E0%A4%A', '/api/workflows/%ED%A0%80/run']) {
        const res = await request(t.baseUrl).get(path).set('x-api-key', s.key);
        expectError(res, 400, 'BAD_REQUEST');
      }
      const exchange = await rawExchange(port, rawRequest('GET', '/media/%c0%af', [['Connection', 'close']]));
      rawError(exchange.responses[0], 400, 'BAD_REQUEST');
    });

    it('answers a path slug or id over 100 characters 400 INVALID_SLUG, after authentication', async () => {
      for (const path of [
        `/api/workflows/${'a'.repeat(101)}`,
        `/api/workflows/${'a'.repeat(3000)}/run`,
        `/api/executions/${'0'.repeat(500)}`,
        `/api/workflows/${'a'.repeat(101)}/public-schema`,
      ]) {
        const call = path.endsWith('/run') ? s.http.post(path).send({ inputs: {} }) : s.http.get(path);
        expectError(await call, 400, 'INVALID_SLUG');
      }
      expectError(await t.api().get(`/api/workflows/${'a'.repeat(101)}`), 401, 'UNAUTHORIZED');
    });

    it('answers control characters in a header 400 BAD_REQUEST with the error body', async () => {
      for (const value of ['a\x01b', 'a\x7fb', 'a\x00b', 'a\rb']) {
        const exchange = await rawExchange(port, rawRequest('GET', '/api/whoami', [['x-api-key', value]]));
        rawError(exchange.responses[0], 400, 'BAD_REQUEST');
        expect(exchange.closed).toBe(true);
      }
    });

    it('answers broken framing 400 BAD_REQUEST with the error body', async () => {
      for (const data of [
        'GARBAGE\r\n\r\n',
        'GET /api/whoami HTTP/9.9\r\nHost: x\r\n\r\n',
        rawRequest('POST', '/api/workflows', [['Content-Length', 'abc']]),
        rawRequest('POST', '/api/workflows', [
          ['Content-Length', '5'],
          ['Transfer-Encoding', 'chunked'],
        ]),
        rawRequest(
          'POST',
          '/api/workflows',
          [
            ['Content-Type', 'application/json'],
            ['Transfer-Encoding', 'chunked'],
          ],
          'zz\r\nhello\r\n0\r\n\r\n',
        ),
        'GET /api/whoami HTTP/1.1\r\nHost: x\r\nno-colon-here\r\n\r\n',
      ]) {
        const exchange = await rawExchange(port, data);
        rawError(exchange.responses[0], 400, 'BAD_REQUEST');
        expect(exchange.closed).toBe(true);
      }
    });

    it('answers headers over the size limit 431 HEADERS_TOO_LARGE with the error body', async () => {
      const exchange = await rawExchange(
        port,
        rawRequest('GET', '/api/whoami', [['x-filler', 'a'.repeat(20_000)]]),
      );
      rawError(exchange.responses[0], 431, 'HEADERS_TOO_LARGE');
      expect(exchange.closed).toBe(true);
    });

    it('answers over a keep-alive connection that already served a request', async () => {
      const first = rawRequest('GET', '/api/whoami', [['x-api-key', s.key]]);
      const exchange = await rawExchange(port, first, {
        then: [{ afterMs: 300, data: 'GET /api/whoami HTTP/1.1\r\nHost: \x01\r\n\r\n' }],
      });
      expect(exchange.responses.map((r) => r.status)).toEqual([200, 400]);
      rawError(exchange.responses[1], 400, 'BAD_REQUEST');
    });

    it('answers what node would answer with an empty body or a dropped connection: no Host, an unknown Expect, CONNECT', async () => {
      const hostless = await rawExchange(port, 'GET /api/whoami HTTP/1.1\r\nConnection: close\r\n\r\n');
      rawError(hostless.responses[0], 400, 'BAD_REQUEST');
      // An expectation the server does not know is ignored (RFC 9110 allows it), not a bodiless 417.
      const expectation = await rawExchange(
        port,
        rawRequest('GET', '/api/whoami', [
          ['x-api-key', s.key],
          ['Expect', 'something-else'],
          ['Connection', 'close'],
        ]),
      );
      expect(expectation.responses.map((r) => r.status)).toEqual([200]);
      const connect = await rawExchange(port, 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n');
      rawError(connect.responses[0], 400, 'BAD_REQUEST');
      const http10 = await rawExchange(port, `GET /api/whoami HTTP/1.0\r\nx-api-key: ${s.key}\r\n\r\n`);
      expect(http10.responses.map((r) => r.status)).toEqual([200]);
    });

    it("answers the router's own errors with the error body and X-Request-Id: a method no route has 404, with a bad URL 400", async () => {
      for (const method of ['TRACE', 'PROPFIND', 'OPTIONS']) {
        const unrouted = await rawExchange(
          port,
          rawRequest(method, '/api/workflows/some-slug', [['Connection', 'close']]),
        );
        rawError(unrouted.responses[0], 404, 'NOT_FOUND');
        // A malformed URL is BAD_REQUEST whatever the method (API.md §1), even one no route has.
        const malformed = await rawExchange(
          port,
          rawRequest(method, '/api/workflows/%ED%A0%80', [['Connection', 'close']]),
        );
        rawError(malformed.responses[0], 400, 'BAD_REQUEST');
      }
    });

    it('still serves after all of the above', async () => {
      await s.http.get('/api/whoami').expect(200);
    });
  });
});
