import request from 'supertest';
import { DEMO_IMAGE_WORKFLOW } from '../../src/modules/bootstrap/demo-workflows';
import { rawExchange, rawRequest } from '../support/raw-http';
import { fetchMedia } from '../support/run-helpers';
import { Session, startTestApp, TestApp } from '../support/test-app';

/** Caching and security headers: errors are never cached; API responses carry the standard security headers. */
describe('response headers (e2e)', () => {
  let t: TestApp;
  let s: Session;
  let port: number;
  const MISSING_MEDIA = '/media/2020/01/01/00000000-0000-4000-8000-000000000000.png';

  beforeAll(async () => {
    t = await startTestApp();
    s = await t.createSession({ tier: 'pro', credits: 10 });
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(() => t.close());

  function expectSecurityHeaders(headers: Record<string, unknown>) {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  }

  it('answers a missing media file 404 NOT_FOUND with Cache-Control: no-store', async () => {
    const res = await request(t.baseUrl).get(MISSING_MEDIA);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps stored media public and immutable', async () => {
    await s.http.post('/api/workflows').send(DEMO_IMAGE_WORKFLOW).expect(201);
    const run = await s.http
      .post('/api/workflows/demo-image/run')
      .send({ inputs: { prompt: 'x', width: 64, height: 64 } })
      .expect(200);
    const url: string = run.body.result.images[0];
    const res = await request(t.baseUrl).get(new URL(url).pathname);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await fetchMedia(t, url)).contentType).toBe('image/png');
  });

  it('answers every error with Cache-Control: no-store', async () => {
    const responses = [
      await t.api().get('/api/whoami'),
      await t.api().get('/nowhere'),
      await s.http.get('/api/workflows/Bad_Slug'),
      await s.http.post('/api/workflows').set('content-type', 'application/json').send('{'),
      await s.http.post('/api/workflows').set('content-type', 'text/plain').send('x'),
      await request(t.baseUrl).get('/api/workflows/%zz'),
    ];
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const raw = await rawExchange(port, 'GARBAGE\r\n\r\n');
    expect(raw.responses[0]?.status).toBe(400);
    expect(raw.responses[0]?.headers['cache-control']).toBe('no-store');
  });

  it('sets the security headers on API answers, successes and errors alike', async () => {
    for (const res of [
      await s.http.get('/api/whoami'),
      await s.http.get('/api/workflows'),
      await t.api().get('/api/whoami'),
      await t.api().get('/api/no-such-route'),
      await request(t.baseUrl).get(MISSING_MEDIA),
      await request(t.baseUrl).get('/api/workflows/%zz'),
    ]) {
      expectSecurityHeaders(res.headers);
    }
    const raw = await rawExchange(port, rawRequest('GET', '/api/whoami', [['x-api-key', 'a\x01']]));
    expectSecurityHeaders(raw.responses[0]?.headers ?? {});
  });

  it('still serves Swagger UI at /docs with its scripts and styles', async () => {
    const page = await t.api().get('/docs').redirects(2).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // Swagger UI runs inline script and style: no CSP here that would block them.
    const csp = String(page.headers['content-security-policy'] ?? '');
    expect(csp).not.toMatch(/default-src 'none'|script-src 'none'/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const res = await t.api().get(new URL(asset, `${t.baseUrl}/docs`).pathname);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
  });
});
