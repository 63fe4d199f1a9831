import request from 'supertest';
import { randomKey } from '../support/test-env';
import { awaitFreshWindow, currentWindowReset } from '../support/rate-limit-window';
import { startTestApp, TestApp } from '../support/test-app';
import { templateWorkflow } from '../support/workflow-fixtures';

const HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** API.md §4 through HTTP, with tiny limits from the environment (pro 5, business 7 per 60 s window). */
describe('rate limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PRO: '5', RATE_LIMIT_BUSINESS: '7', RATE_LIMIT_ENTERPRISE: '0' });
  });
  afterAll(() => t.close());
  // A test counting requests must stay inside one window.
  beforeEach(() => awaitFreshWindow(3000));

  function expectNoRateLimitHeaders(res: request.Response) {
    for (const header of [...HEADERS, 'retry-after']) expect(res.headers[header]).toBeUndefined();
  }

  it('counts down every header, then answers the 6th 429 RATE_LIMIT_EXCEEDED', async () => {
    const s = await t.createSession({ tier: 'pro', capabilities: ['workflow:read'] });
    const reset = currentWindowReset();

    for (let n = 1; n <= 5; n++) {
      const res = await s.http.get('/api/whoami').expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(5 - n));
      expect(res.headers['x-ratelimit-reset']).toBe(String(reset));
      expect(res.headers['retry-after']).toBeUndefined();
      if (n === 1) expect(res.body.rateLimit).toEqual({ limit: 5, windowSeconds: 60 });
    }
    expect(reset % 60).toBe(0);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 60);

    const limited = await s.http.get('/api/whoami').expect(429);
    const secondsLeft = reset - Date.now() / 1000;
    expect(limited.body).toEqual({
      error: expect.any(String),
      code: 'RATE_LIMIT_EXCEEDED',
      requestId: limited.headers['x-request-id'],
      tier: 'pro',
      limit: 5,
      retryAfter: expect.any(Number),
    });
    const { retryAfter } = limited.body;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(Math.abs(retryAfter - secondsLeft)).toBeLessThanOrEqual(2);
    expect(limited.headers['retry-after']).toBe(String(retryAfter));
    expect(limited.headers['x-ratelimit-limit']).toBe('5');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toBe(String(reset));

    // Every route of the group stays refused until the window ends.
    const again = await s.http.get('/api/workflows').expect(429);
    expect(again.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('puts the headers on error responses after the limiter too', async () => {
    const s = await t.createSession({ tier: 'pro', capabilities: ['workflow:read'] });
    const cases: Array<[request.Test, number, string]> = [
      [s.http.get('/api/workflows/missing'), 404, 'WORKFLOW_NOT_FOUND'],
      [s.http.get('/api/workflows/Bad_Slug'), 400, 'INVALID_SLUG'],
      [s.http.get('/api/api-keys'), 403, 'CAPABILITY_DENIED'],
      [s.http.get('/api/workflows'), 200, ''],
    ];
    let remaining = 5;
    for (const [call, status, code] of cases) {
      const res = await call;
      expect(res.status).toBe(status);
      if (code) expect(res.body.code).toBe(code);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(--remaining));
      expect(res.headers['x-ratelimit-reset']).toBe(String(currentWindowReset()));
    }
  });

  it('counts each route group separately: default, workflow-run, model-run', async () => {
    const s = await t.createSession({
      tier: 'pro',
      capabilities: ['workflow:read', 'workflow:write', 'workflow:run'],
    });
    await s.http
      .post('/api/workflows')
      .send(templateWorkflow({ slug: 'grouped' }))
      .expect(201); // default: 1
    for (let n = 0; n < 4; n++) await s.http.get('/api/workflows').expect(200); // default: 5
    await s.http.get('/api/workflows').expect(429);

    // estimate counts in workflow-run (API.md §4); only the limiter's answer is asserted, not the quote.
    for (let n = 1; n <= 5; n++) {
      const res = await s.http.post('/api/workflows/grouped/estimate').send({ inputs: { prompt: 'hi' } });
      expect(res.status).not.toBe(429);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(5 - n));
    }
    const runLimited = await s.http
      .post('/api/workflows/grouped/estimate')
      .send({ inputs: { prompt: 'hi' } })
      .expect(429);
    expect(runLimited.body).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', tier: 'pro', limit: 5 });

    // model-run is a third count: a key without model:run is refused after the limiter, with that group's headers.
    const model = await s.http
      .post('/api/models/sandbox-text/run')
      .send({ inputs: { prompt: 'hi' } })
      .expect(403);
    expect(model.body.code).toBe('CAPABILITY_DENIED');
    expect(model.headers['x-ratelimit-remaining']).toBe('4');
  });

  it('counts per account, shared by every key of the account', async () => {
    const a = await t.createSession({ tier: 'pro', capabilities: ['workflow:read'] });
    const b = await t.createSession({ tier: 'pro', capabilities: ['workflow:read'] });
    for (let n = 0; n < 5; n++) await a.http.get('/api/workflows').expect(200);
    await a.http.get('/api/workflows').expect(429);

    const fresh = await b.http.get('/api/workflows').expect(200);
    expect(fresh.headers['x-ratelimit-remaining']).toBe('4');
    const second = await t
      .api(t.adminKey)
      .post(`/api/admin/accounts/${a.accountId}/api-keys`)
      .send({ name: 'second', capabilities: ['workflow:read'] })
      .expect(201);
    await t.api(second.body.key).get('/api/workflows').expect(429);
  });

  it('reads the limit from the tier: business 7', async () => {
    const s = await t.createSession({ tier: 'business', capabilities: ['workflow:read'] });
    for (let n = 1; n <= 7; n++) {
      const res = await s.http.get('/api/workflows').expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe('7');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(7 - n));
    }
    const limited = await s.http.get('/api/workflows').expect(429);
    expect(limited.body).toMatchObject({ tier: 'business', limit: 7 });
  });

  it('applies a tier change to the limit at once', async () => {
    const s = await t.createSession({ tier: 'business', capabilities: ['workflow:read'] });
    for (let n = 0; n < 5; n++) await s.http.get('/api/workflows').expect(200);
    await t.api(t.adminKey).patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'pro' }).expect(200);
    const res = await s.http.get('/api/workflows').expect(429);
    expect(res.body).toMatchObject({ tier: 'pro', limit: 5 });
  });

  it('gives unlimited callers (enterprise at 0, admin role) no headers and no limit', async () => {
    const enterprise = await t.createSession({ tier: 'enterprise', capabilities: ['workflow:read'] });
    for (let n = 0; n < 12; n++)
      expectNoRateLimitHeaders(await enterprise.http.get('/api/workflows').expect(200));
    expect((await enterprise.http.get('/api/whoami').expect(200)).body.rateLimit).toBeNull();

    const admin = t.api(t.adminKey);
    for (let n = 0; n < 12; n++) expectNoRateLimitHeaders(await admin.get('/api/whoami').expect(200));
    // An admin-role account of a limited tier is still unlimited.
    const proAdmin = await t.createSession({ tier: 'pro', role: 'admin', capabilities: ['*'] });
    for (let n = 0; n < 8; n++)
      expectNoRateLimitHeaders(await proAdmin.http.get('/api/workflows').expect(200));
  });

  it('puts no headers on answers given before the limiter', async () => {
    expectNoRateLimitHeaders(await t.api().get('/api/whoami').expect(401));
    expectNoRateLimitHeaders(await t.api(randomKey()).get('/api/workflows').expect(401));
    expectNoRateLimitHeaders(
      await t.api().post('/api/workflows').set('content-type', 'text/plain').send('x').expect(400),
    );

    const pending = await t.createSession({ tier: 'pro', approved: false, capabilities: ['workflow:read'] });
    const notApproved = await pending.http.get('/api/workflows').expect(403);
    expect(notApproved.body.code).toBe('ACCOUNT_NOT_APPROVED');
    expectNoRateLimitHeaders(notApproved);

    const free = await t.createSession({ tier: 'pro', capabilities: ['workflow:read'] });
    await t.api(t.adminKey).patch(`/api/admin/accounts/${free.accountId}`).send({ tier: 'free' }).expect(200);
    const denied = await free.http.get('/api/workflows').expect(403);
    expect(denied.body.code).toBe('API_KEY_ACCESS_DENIED');
    expectNoRateLimitHeaders(denied);

    // Public routes count nothing either.
    const owner = await t.createSession({ tier: 'pro', capabilities: ['workflow:write'] });
    await owner.http
      .post('/api/workflows')
      .send(templateWorkflow({ slug: 'open-door', publicPlayground: true }))
      .expect(201);
    for (let n = 0; n < 7; n++)
      expectNoRateLimitHeaders(await t.api().get('/api/workflows/open-door/public-schema').expect(200));
  });
});
