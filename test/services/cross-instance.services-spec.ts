import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../src/modules/auth/keys/api-keys.service';
import { createWorkflow, sandboxWorkflow } from '../support/run-helpers';
import { templateWorkflow } from '../support/workflow-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const cacheOf = (instance: TestApp) => instance.app.get(ApiKeysService).verified;

/**
 * Two API instances on one PostgreSQL schema and one Redis: what one instance does, the other sees at once
 * (API.md §3 "a revoked key fails at once, on every instance"; §7 idempotency keys hold across instances).
 * Run by `npm run test:services` only; fails when PostgreSQL or Redis is down.
 */
describe('two API instances sharing PostgreSQL and Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({
      DATABASE_SCHEMA: a.config.databaseSchema!,
      BOOTSTRAP_ADMIN_KEY: a.adminKey,
      DATA_DIR: a.config.dataDir,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('uses services, not the embedded default', () => {
    expect(a.config.databaseUrl).toMatch(/^postgres/);
    expect(b.config.databaseSchema).toBe(a.config.databaseSchema);
    expect(b.config.redisUrl).toMatch(/^redis/);
  });

  it('a key revoked through one instance fails on the very next request on both, with both caching it', async () => {
    const s = await a.createSession({ tier: 'pro', capabilities: ['key:manage', 'workflow:read'] });
    const minted = await s.http
      .post('/api/api-keys')
      .send({ name: 'short-lived', capabilities: ['workflow:read'] })
      .expect(201);
    await a.api(minted.body.key).get('/api/workflows').expect(200);
    await b.api(minted.body.key).get('/api/workflows').expect(200);
    // Both answer the key from memory now: what follows proves the cache is dropped, not bypassed.
    expect(cacheOf(a).holdsKey(minted.body.id)).toBe(true);
    expect(cacheOf(b).holdsKey(minted.body.id)).toBe(true);
    await s.http.delete(`/api/api-keys/${minted.body.id}`).expect(204);
    const onB = await b.api(minted.body.key).get('/api/workflows').expect(401);
    expect(onB.body.code).toBe('UNAUTHORIZED');
    const onA = await a.api(minted.body.key).get('/api/workflows').expect(401);
    expect(onA.body.code).toBe('UNAUTHORIZED');
  });

  it('a revocation nobody announced on Redis (another tool writing the database) is seen within about a second', async () => {
    const s = await a.createSession({ tier: 'pro', capabilities: ['workflow:read'] });
    await b.api(s.key).get('/api/workflows').expect(200);
    expect(cacheOf(b).holdsKey(s.keyId)).toBe(true);
    const db = a.app.get(DataSource);
    await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [s.keyId]);
    await db.query('UPDATE lookup_epoch SET epoch = epoch + 1 WHERE id = 1');
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 5000) {
      status = (await b.api(s.key).get('/api/workflows')).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1500);
  });

  it('a workflow replaced or deleted through one instance runs as it is now on the other', async () => {
    const s = await a.createSession({ tier: 'pro', capabilities: ['workflow:*'] });
    const doc = templateWorkflow({ slug: 'cross-edit' });
    await s.http.post('/api/workflows').send(doc).expect(201);
    const run = () =>
      b
        .api(s.key)
        .post('/api/workflows/cross-edit/run')
        .send({ inputs: { prompt: 'x' } });
    expect((await run().expect(200)).body.result).toBe('Say x');
    const edited = structuredClone(doc);
    edited.nodes[1].data = { template: 'Shout {{prompt}}' };
    await s.http.put('/api/workflows/cross-edit').send(edited).expect(200);
    expect((await run().expect(200)).body.result).toBe('Shout x');
    await s.http.delete('/api/workflows/cross-edit').expect(204);
    expect((await run().expect(404)).body.code).toBe('WORKFLOW_NOT_FOUND');
  });

  it('a tier change through one instance applies at once on the other', async () => {
    const s = await a.createSession({
      tier: 'business',
      capabilities: ['model:run', 'workflow:read'],
      credits: 5,
    });
    await b
      .api(s.key)
      .post('/api/models/sandbox-text/run')
      .send({ inputs: { prompt: 'hi' } })
      .expect(200);
    await a.api(a.adminKey).patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'pro' }).expect(200);
    const res = await b
      .api(s.key)
      .post('/api/models/sandbox-text/run')
      .send({ inputs: { prompt: 'hi' } })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'CAPABILITY_DENIED', required: 'model:run' });
  });

  it('an Idempotency-Key holds across instances: in progress on one, replayed by the other', async () => {
    const s = await a.createSession({ tier: 'pro', credits: 20 });
    await createWorkflow(
      s,
      sandboxWorkflow('sandbox-image', { latencyMs: 1500, width: 64, height: 64 }, 'image', 'cross-slow'),
    );
    const body = { inputs: { prompt: 'x' } };
    // then() sends it now (supertest is lazy), so it is in flight while the other instance is asked.
    const first = s.http
      .post('/api/workflows/cross-slow/run')
      .set('Idempotency-Key', 'cross-1')
      .send(body)
      .then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const during = await b
      .api(s.key)
      .post('/api/workflows/cross-slow/run')
      .set('Idempotency-Key', 'cross-1')
      .send(body)
      .expect(409);
    expect(during.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    const original = await first;
    expect(original.status).toBe(200);

    const replay = await b
      .api(s.key)
      .post('/api/workflows/cross-slow/run')
      .set('Idempotency-Key', 'cross-1')
      .send(body)
      .expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(original.body);
    const balance = (await b.api(s.key).get('/api/whoami').expect(200)).body.credits.balance;
    expect(balance).toBe(16);
  });
});
