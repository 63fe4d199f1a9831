import { rawExchange, rawRequest, RawResponse } from '../support/raw-http';
import { createWorkflow, sandboxWorkflow } from '../support/run-helpers';
import { Session, startTestApp, TestApp } from '../support/test-app';

/**
 * API.md §1: a request whose headers or body do not arrive within REQUEST_TIMEOUT_SECONDS is answered 408
 * REQUEST_TIMEOUT where an answer can still be written, and its connection is closed. Idle connections are closed
 * too. The suite runs with 1-second limits so each case takes a second or two.
 */
describe('slow clients (e2e)', () => {
  let t: TestApp;
  let s: Session;
  let port: number;
  // The deadline is checked on an interval, so allow it some slack; far below the minutes a slow client used to hold on.
  const LIMIT_MS = 1000;
  const SLACK_MS = 2500;

  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_SECONDS: '1', KEEP_ALIVE_TIMEOUT_SECONDS: '1' });
    s = await t.createSession({ tier: 'pro', credits: 100 });
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(() => t.close());

  function expectTimeoutAnswer(res: RawResponse | undefined) {
    expect(res?.status).toBe(408);
    expect(res!.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res!.body);
    expect(body).toEqual({
      error: expect.any(String),
      code: 'REQUEST_TIMEOUT',
      requestId: expect.any(String),
    });
    expect(res!.headers['x-request-id']).toBe(body.requestId);
    expect(res!.headers['cache-control']).toBe('no-store');
  }

  it('answers a body that stops short of its Content-Length 408 REQUEST_TIMEOUT and closes the connection', async () => {
    const exchange = await rawExchange(
      port,
      rawRequest(
        'POST',
        '/api/workflows',
        [
          ['x-api-key', s.key],
          ['Content-Type', 'application/json'],
          ['Content-Length', '100'],
        ],
        '{"name":"sl',
      ),
      { timeoutMs: LIMIT_MS + SLACK_MS + 1000 },
    );
    expect(exchange.closed).toBe(true);
    expectTimeoutAnswer(exchange.responses[0]);
    expect(exchange.elapsedMs).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(exchange.elapsedMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('answers headers that never finish 408 REQUEST_TIMEOUT and closes the connection', async () => {
    const exchange = await rawExchange(port, 'GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n', {
      timeoutMs: LIMIT_MS + SLACK_MS + 1000,
    });
    expect(exchange.closed).toBe(true);
    expectTimeoutAnswer(exchange.responses[0]);
    expect(exchange.elapsedMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('holds a drip-fed request to the same deadline (one header byte every 200 ms)', async () => {
    const drip = 'X-Slow: ' + 'a'.repeat(30);
    const exchange = await rawExchange(port, 'GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n', {
      then: [...drip].map((ch) => ({ afterMs: 200, data: ch })),
      timeoutMs: LIMIT_MS + SLACK_MS + 1000,
    });
    expect(exchange.closed).toBe(true);
    expectTimeoutAnswer(exchange.responses[0]);
    expect(exchange.elapsedMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('closes a connection that never sends a byte', async () => {
    const exchange = await rawExchange(port, '', { timeoutMs: LIMIT_MS + SLACK_MS + 1000 });
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('closes an idle keep-alive connection after KEEP_ALIVE_TIMEOUT_SECONDS', async () => {
    const exchange = await rawExchange(port, rawRequest('GET', '/api/whoami', [['x-api-key', s.key]]), {
      timeoutMs: LIMIT_MS + SLACK_MS + 1000,
    });
    expect(exchange.responses.map((r) => r.status)).toEqual([200]);
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('serves a slow but steady client that finishes within the deadline', async () => {
    const body = JSON.stringify({ inputs: {} });
    const head = rawRequest('POST', '/api/workflows/missing/run', [
      ['x-api-key', s.key],
      ['Content-Type', 'application/json'],
      ['Content-Length', String(body.length)],
      ['Connection', 'close'],
    ]);
    const exchange = await rawExchange(port, head, {
      then: [
        { afterMs: 300, data: body.slice(0, 5) },
        { afterMs: 300, data: body.slice(5) },
      ],
    });
    expect(exchange.responses.map((r) => [r.status, JSON.parse(r.body).code])).toEqual([
      [404, 'WORKFLOW_NOT_FOUND'],
    ]);
  });

  it('does not cut a request whose handler takes longer than the deadline (the limit is on receiving)', async () => {
    const slug = await createWorkflow(s, sandboxWorkflow('sandbox-text', { latencyMs: 2500 }, 'text'));
    const started = Date.now();
    const res = await s.http.post(`/api/workflows/${slug}/run`).send({ inputs: { prompt: 'slow' } });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
  });
});
