import { createServer } from 'node:http';
import { createWorkflow } from '../support/run-helpers';
import { metricValue } from '../support/metrics-text';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { modelWorkflow, templateWorkflow } from '../support/workflow-fixtures';
import { listenOnLoopback } from '../support/loopback';

/** API.md §14 on a running app: health, readiness, metrics, and `/` pointing at the docs. */
describe('operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const scrape = async (): Promise<string> => {
    const res = await t.api().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  it('answers /health/live and /health/ready without a key', async () => {
    await t.api().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.api().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.checks.database).toBe('ok');
    // With REDIS_URL (npm run test:services) Redis and the queue are checked too.
    const expected = t.config.redisUrl ? ['database', 'queue', 'redis'] : ['database'];
    expect(Object.keys(ready.body.checks).sort()).toEqual(expected);
    for (const name of expected) expect(ready.body.checks[name]).toBe('ok');
  });

  it('points / at the docs', async () => {
    const res = await t.api().get('/').expect(302);
    expect(res.headers.location).toBe('/docs');
  });

  it('counts a completed run, its credits and its request by route pattern', async () => {
    const session = await t.createSession({ credits: 100 });
    const slug = await createWorkflow(session, modelWorkflow());
    const route = { method: 'POST', route: '/api/workflows/:slug/run', status: '200' };
    const before = await scrape();

    const run = await session.http.post(`/api/workflows/${slug}/run`).send({ inputs: { prompt: 'hi' } });
    expect(run.status).toBe(200);
    expect(run.body.cost).toBeGreaterThan(0);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('flowgate_runs_total', { outcome: 'completed' })).toBe(1);
    expect(delta('flowgate_run_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    expect(delta('flowgate_node_duration_seconds_count', { type: 'model', status: 'completed' })).toBe(1);
    expect(delta('flowgate_credits_total', { kind: 'reserved' })).toBe(run.body.cost);
    expect(delta('flowgate_credits_total', { kind: 'charged' })).toBe(run.body.cost);
    expect(delta('flowgate_http_requests_total', route)).toBe(1);
    // Labelled by the route's pattern, never the raw URL.
    expect(after).not.toContain(`/api/workflows/${slug}/run`);
    for (const queue of ['executions', 'webhook-deliveries']) {
      expect(after).toMatch(new RegExp(`^flowgate_queue_depth\\{queue="${queue}"\\} \\d+$`, 'm'));
      expect(after).toMatch(new RegExp(`^flowgate_queue_oldest_job_age_seconds\\{queue="${queue}"\\} `, 'm'));
    }
  });

  it('counts a failed run as failed', async () => {
    const session = await t.createSession({ credits: 100 });
    const slug = await createWorkflow(session, modelWorkflow({ fail: 'sandbox failure for the test' }));
    const before = metricValue(await scrape(), 'flowgate_runs_total', { outcome: 'failed' });
    const run = await session.http.post(`/api/workflows/${slug}/run`).send({ inputs: { prompt: 'hi' } });
    expect(run.status).toBe(500);
    expect(metricValue(await scrape(), 'flowgate_runs_total', { outcome: 'failed' })).toBe(before + 1);
  });
  it('counts webhook deliveries by outcome', async () => {
    // A receiver that acknowledges /ok and answers /gone with 410 (API.md §9: no retry).
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(req.url === '/gone' ? 410 : 200).end());
    });
    const base = await listenOnLoopback(receiver);
    try {
      const session = await t.createSession({ credits: 100 });
      const slug = await createWorkflow(session, templateWorkflow());
      const outcome = async (name: string) =>
        metricValue(await scrape(), 'flowgate_webhook_deliveries_total', { outcome: name });
      for (const [path, name] of [
        ['/ok', 'delivered'],
        ['/gone', 'failed'],
      ]) {
        const before = await outcome(name);
        await session.http
          .put(`/api/api-keys/${session.keyId}/webhook`)
          .send({ url: `${base}${path}`, secret: 'whsec_operations_test_secret' })
          .expect(200);
        await session.http
          .post(`/api/workflows/${slug}/run?async=true`)
          .send({ inputs: { prompt: 'hi' } })
          .expect(202);
        await waitFor(`a ${name} delivery counted`, async () =>
          (await outcome(name)) === before + 1 ? true : undefined,
        );
      }
    } finally {
      await new Promise((done) => receiver.close(done));
    }
  });
});

describe('operations with METRICS_TOKEN (and a tiny pro rate limit)', () => {
  let t: TestApp;
  const token = 'scrape-token-for-tests';

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token, RATE_LIMIT_PRO: '2' });
  });
  afterAll(() => t.close());

  it('answers /metrics only with the bearer token; health stays open', async () => {
    const none = await t.api().get('/metrics').expect(401);
    expect(none.body.code).toBe('UNAUTHORIZED');
    await t.api().get('/metrics').set('authorization', 'Bearer wrong-token-of-same-len').expect(401);
    await t.api().get('/metrics').set('authorization', token).expect(401);
    const ok = await t.api().get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(ok.text).toContain('flowgate_http_requests_total');
    await t.api().get('/health/ready').expect(200);
  });

  it('counts rate-limit rejections by route', async () => {
    const scrape = async () =>
      (await t.api().get('/metrics').set('authorization', `Bearer ${token}`).expect(200)).text;
    const labels = { route: '/api/whoami' };
    const before = metricValue(await scrape(), 'flowgate_rate_limit_rejections_total', labels);
    const session = await t.createSession({ tier: 'pro' });
    const statuses: number[] = [];
    for (let n = 0; n < 3; n++) statuses.push((await session.http.get('/api/whoami')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(metricValue(await scrape(), 'flowgate_rate_limit_rejections_total', labels)).toBe(before + 1);
  });
});
