import { randomKey } from '../support/test-env';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { sleep } from '../support/rate-limit-window';

/** API.md §2, §3 and §10 through HTTP: keys, capabilities, ceilings, tiers and the admin routes. */
describe('auth, keys and admin (e2e)', () => {
  let t: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = t.api(t.adminKey);
  });
  afterAll(() => t.close());

  async function createAccount(tier: string, extra: Record<string, unknown> = {}): Promise<string> {
    const email = `acct-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
    const res = await admin
      .post('/api/admin/accounts')
      .send({ email, tier, approved: true, ...extra })
      .expect(201);
    return res.body.id;
  }

  describe('401 UNAUTHORIZED', () => {
    const UNAUTHORIZED_MESSAGE = 'A valid API key is required in the x-api-key header.';

    function expectUnauthorized(res: { status: number; body: Record<string, unknown> }) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: UNAUTHORIZED_MESSAGE,
        code: 'UNAUTHORIZED',
        requestId: expect.any(String),
      });
    }

    it('answers a missing key', async () => {
      expectUnauthorized(await t.api().get('/api/whoami'));
      expectUnauthorized(await t.api().get('/api/workflows'));
    });

    it('answers an unknown key, well-formed or not', async () => {
      expectUnauthorized(await t.api(randomKey()).get('/api/whoami'));
      expectUnauthorized(await t.api('not-a-key').get('/api/whoami'));
    });

    it('accepts no other scheme than x-api-key', async () => {
      const s = await t.createSession();
      expectUnauthorized(await t.api().get('/api/whoami').set('authorization', `Bearer ${s.key}`));
    });

    it('answers a revoked key at once', async () => {
      const owner = await t.createSession({ capabilities: ['key:manage', 'workflow:read'] });
      const minted = await owner.http
        .post('/api/api-keys')
        .send({ name: 'to revoke', capabilities: ['workflow:read'] })
        .expect(201);
      await t.api(minted.body.key).get('/api/workflows').expect(200);

      await owner.http.delete(`/api/api-keys/${minted.body.id}`).expect(204);

      expectUnauthorized(await t.api(minted.body.key).get('/api/whoami'));
      expectUnauthorized(await t.api(minted.body.key).get('/api/workflows'));
      // Revoking twice is harmless; the owner's own key still works.
      await owner.http.delete(`/api/api-keys/${minted.body.id}`).expect(204);
      await owner.http.get('/api/whoami').expect(200);
    });

    it('answers an expired key', async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const s = await t.createSession({ capabilities: ['workflow:read'], expiresAt });
      const before = await s.http.get('/api/whoami').expect(200);
      expect(before.body.key.expiresAt).toBe(expiresAt);

      await sleep(Date.parse(expiresAt) - Date.now() + 200);

      expectUnauthorized(await s.http.get('/api/whoami'));
      expectUnauthorized(await s.http.get('/api/workflows'));
    });

    it('refuses an expiresAt in the past at creation', async () => {
      const accountId = await createAccount('pro');
      const res = await admin
        .post(`/api/admin/accounts/${accountId}/api-keys`)
        .send({
          name: 'late',
          capabilities: ['workflow:read'],
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        })
        .expect(400);
      expect(res.body.code).toBe('INVALID_BODY');
      expect(res.body.details).toEqual([{ path: 'expiresAt', message: expect.any(String) }]);
    });
  });

  describe('403 ACCOUNT_NOT_APPROVED', () => {
    it('blocks every route but whoami', async () => {
      const s = await t.createSession({ approved: false, capabilities: ['workflow:read', 'key:manage'] });
      const who = await s.http.get('/api/whoami').expect(200);
      expect(who.body.user.approved).toBe(false);

      for (const path of ['/api/workflows', '/api/api-keys', '/api/workflows/anything']) {
        const res = await s.http.get(path).expect(403);
        expect(res.body).toEqual({
          error: 'This account is awaiting approval.',
          code: 'ACCOUNT_NOT_APPROVED',
          requestId: expect.any(String),
        });
      }
    });

    it('lifts once an admin approves the account', async () => {
      const s = await t.createSession({ approved: false, capabilities: ['workflow:read'] });
      await s.http.get('/api/workflows').expect(403);
      await admin.patch(`/api/admin/accounts/${s.accountId}`).send({ approved: true }).expect(200);
      await s.http.get('/api/workflows').expect(200);
    });
  });

  describe('403 API_KEY_ACCESS_DENIED (free tier)', () => {
    it('lets a free account call whoami only', async () => {
      const s = await t.createSession({ tier: 'pro', capabilities: ['workflow:read', 'key:manage'] });
      await admin.patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'free' }).expect(200);

      const who = await s.http.get('/api/whoami').expect(200);
      expect(who.body.user.tier).toBe('free');
      expect(who.body.rateLimit).toBeNull();
      for (const [method, path] of [
        ['get', '/api/workflows'],
        ['get', '/api/api-keys'],
        ['post', '/api/workflows'],
      ] as const) {
        const res = await s.http[method](path)
          .send(method === 'post' ? { name: 'x', nodes: [], edges: [] } : undefined)
          .expect(403);
        expect(res.body).toMatchObject({ code: 'API_KEY_ACCESS_DENIED' });
        expect(Object.keys(res.body).sort()).toEqual(['code', 'error', 'requestId']);
      }
    });

    it('checks approval before the free-tier gate', async () => {
      const s = await t.createSession({ tier: 'pro', approved: false, capabilities: ['workflow:read'] });
      await admin.patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'free' }).expect(200);
      const res = await s.http.get('/api/workflows').expect(403);
      expect(res.body.code).toBe('ACCOUNT_NOT_APPROVED');
    });

    it('refuses an admin creating a key for a free account', async () => {
      const accountId = await createAccount('free');
      const res = await admin
        .post(`/api/admin/accounts/${accountId}/api-keys`)
        .send({ name: 'nope', preset: 'read-only' })
        .expect(403);
      expect(res.body).toMatchObject({ code: 'API_KEY_ACCESS_DENIED' });
    });

    it('exempts admin-role accounts', async () => {
      const accountId = await createAccount('free', { role: 'admin' });
      const key = await admin
        .post(`/api/admin/accounts/${accountId}/api-keys`)
        .send({ name: 'ops', capabilities: ['*'] })
        .expect(201);
      await t.api(key.body.key).get('/api/workflows').expect(200);
    });
  });

  describe('403 CAPABILITY_DENIED', () => {
    it('names the required and acceptable capabilities', async () => {
      const s = await t.createSession({ preset: 'read-only' });
      await s.http.get('/api/workflows').expect(200);
      const res = await s.http.post('/api/workflows').send({ name: 'x', nodes: [], edges: [] }).expect(403);
      expect(res.body).toEqual({
        error: 'This key lacks the workflow:write capability.',
        code: 'CAPABILITY_DENIED',
        requestId: expect.any(String),
        required: 'workflow:write',
        acceptable: ['workflow:write'],
      });
      const keys = await s.http.get('/api/api-keys').expect(403);
      expect(keys.body).toMatchObject({ required: 'key:manage', acceptable: ['key:manage'] });
    });

    it('lets a resource wildcard pass', async () => {
      const s = await t.createSession({ capabilities: ['workflow:*'] });
      await s.http.get('/api/workflows').expect(200);
    });
  });

  describe('key creation: ceilings, creators, capabilities and presets', () => {
    it('refuses a pro account model:run (CAPABILITY_ABOVE_CEILING)', async () => {
      const s = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'workflow:*'] });
      const res = await s.http
        .post('/api/api-keys')
        .send({ name: 'models', capabilities: ['workflow:read', 'model:run'] })
        .expect(403);
      expect(res.body).toEqual({
        error: expect.any(String),
        code: 'CAPABILITY_ABOVE_CEILING',
        requestId: expect.any(String),
        attempted: ['model:run'],
      });

      const viaAdmin = await admin
        .post(`/api/admin/accounts/${s.accountId}/api-keys`)
        .send({ name: 'models', capabilities: ['model:sandbox-text:run', 'agent:invoke', 'execution:read'] })
        .expect(403);
      expect(viaAdmin.body).toMatchObject({
        code: 'CAPABILITY_ABOVE_CEILING',
        attempted: ['model:sandbox-text:run', 'agent:invoke'],
      });
      const star = await admin
        .post(`/api/admin/accounts/${s.accountId}/api-keys`)
        .send({ name: 'star', capabilities: ['*'] })
        .expect(403);
      expect(star.body).toMatchObject({ code: 'CAPABILITY_ABOVE_CEILING', attempted: ['*'] });
    });

    it('never lets a key mint what it lacks', async () => {
      const s = await t.createSession({ capabilities: ['key:manage', 'workflow:run'] });
      const res = await s.http
        .post('/api/api-keys')
        .send({ name: 'reader', capabilities: ['workflow:read'] })
        .expect(403);
      expect(res.body).toMatchObject({ code: 'CAPABILITY_ABOVE_CEILING', attempted: ['workflow:read'] });

      const mixed = await s.http
        .post('/api/api-keys')
        .send({ name: 'mixed', capabilities: ['workflow:run', 'workflow:read', 'execution:read'] })
        .expect(403);
      expect(mixed.body.attempted).toEqual(['workflow:read', 'execution:read']);

      const preset = await s.http
        .post('/api/api-keys')
        .send({ name: 'deploy', preset: 'workflow-deploy' })
        .expect(403);
      expect(preset.body.attempted).toEqual(['workflow:read', 'execution:read']);

      // What it holds, and what workflow:run covers, it may pass on.
      const scoped = await s.http
        .post('/api/api-keys')
        .send({ name: 'one flow', capabilities: ['workflow:my-flow:run', 'key:manage'] })
        .expect(201);
      expect(scoped.body.capabilities).toEqual(['workflow:my-flow:run', 'key:manage']);
    });

    it('answers INVALID_CAPABILITY for a malformed capability or an unknown preset', async () => {
      const s = await t.createSession({ capabilities: ['key:manage', 'workflow:*'] });
      for (const capability of [
        'workflow:delete',
        'workflow:Bad_Slug:run',
        'nothing',
        'billing:*',
        'workflow:run ',
      ]) {
        const res = await s.http
          .post('/api/api-keys')
          .send({ name: 'bad', capabilities: [capability] })
          .expect(400);
        expect(res.body).toMatchObject({ code: 'INVALID_CAPABILITY' });
      }
      const preset = await s.http
        .post('/api/api-keys')
        .send({ name: 'bad', preset: 'everything' })
        .expect(400);
      expect(preset.body.code).toBe('INVALID_CAPABILITY');
      const viaAdmin = await admin
        .post(`/api/admin/accounts/${s.accountId}/api-keys`)
        .send({ name: 'bad', preset: 'everything' })
        .expect(400);
      expect(viaAdmin.body.code).toBe('INVALID_CAPABILITY');
    });

    it('expands every preset with execution:read', async () => {
      const accountId = await createAccount('pro');
      const expected: Record<string, string[]> = {
        'read-only': ['execution:read', 'workflow:read'],
        'workflow-deploy': ['execution:read', 'workflow:read', 'workflow:run'],
        'webhook-receiver': ['execution:read', 'webhook:receive'],
        'full-deploy': ['execution:read', 'workflow:read', 'workflow:run', 'workflow:write'],
      };
      for (const [preset, capabilities] of Object.entries(expected)) {
        const res = await admin
          .post(`/api/admin/accounts/${accountId}/api-keys`)
          .send({ name: preset, preset })
          .expect(201);
        expect([...res.body.capabilities].sort()).toEqual(capabilities);
      }
    });

    it('answers the flat key record with the plaintext once', async () => {
      const s = await t.createSession({ capabilities: ['key:manage', 'workflow:read'] });
      const res = await s.http
        .post('/api/api-keys')
        .send({ name: 'flat', capabilities: ['workflow:read'] })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        name: 'flat',
        capabilities: ['workflow:read'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        webhook: null,
        key: expect.stringMatching(/^fg_live_[A-Za-z0-9]{32,}$/),
      });
    });

    it('refuses a body with both or neither of capabilities and preset', async () => {
      const s = await t.createSession({ capabilities: ['key:manage', 'workflow:*'] });
      for (const body of [
        { name: 'x' },
        { name: 'x', preset: 'read-only', capabilities: ['workflow:read'] },
        { name: 'x', capabilities: 'workflow:read' },
      ]) {
        const res = await s.http.post('/api/api-keys').send(body).expect(400);
        expect(res.body.code).toBe('INVALID_BODY');
      }
    });
  });

  describe('GET /api/api-keys and DELETE /api/api-keys/:id', () => {
    it('lists revoked keys with revokedAt and never a plaintext or hash', async () => {
      const s = await t.createSession({ capabilities: ['key:manage', 'workflow:read'] });
      const minted = await s.http
        .post('/api/api-keys')
        .send({ name: 'short-lived', capabilities: ['workflow:read'] })
        .expect(201);
      await s.http.delete(`/api/api-keys/${minted.body.id}`).expect(204);

      const list = await s.http.get('/api/api-keys').expect(200);
      expect(list.body.map((key: { id: string }) => key.id)).toEqual([s.keyId, minted.body.id]);
      for (const key of list.body) {
        expect(Object.keys(key).sort()).toEqual([
          'capabilities',
          'createdAt',
          'expiresAt',
          'id',
          'lastUsedAt',
          'name',
          'revokedAt',
          'webhook',
        ]);
      }
      const revoked = list.body.find((key: { id: string }) => key.id === minted.body.id);
      expect(revoked.revokedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/));
      expect(list.body.find((key: { id: string }) => key.id === s.keyId).revokedAt).toBeNull();
      expect(JSON.stringify(list.body)).not.toContain('fg_live_');
    });

    it('sets lastUsedAt once a key is used', async () => {
      const s = await t.createSession({ capabilities: ['key:manage', 'workflow:read'] });
      const minted = await s.http
        .post('/api/api-keys')
        .send({ name: 'used', capabilities: ['workflow:read'] })
        .expect(201);
      expect(minted.body.lastUsedAt).toBeNull();
      const before = Date.now();
      await t.api(minted.body.key).get('/api/workflows').expect(200);

      // The write is fire-and-forget (never slows the request), so give it a moment.
      let lastUsedAt: string | null = null;
      for (let i = 0; i < 40 && !lastUsedAt; i++) {
        const list = await s.http.get('/api/api-keys').expect(200);
        lastUsedAt = list.body.find((key: { id: string }) => key.id === minted.body.id).lastUsedAt;
        if (!lastUsedAt) await sleep(50);
      }
      expect(lastUsedAt).not.toBeNull();
      expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(lastUsedAt!)).toBeLessThanOrEqual(Date.now());
    });

    it("answers 404 NOT_FOUND for another account's key or an unknown id", async () => {
      const a = await t.createSession({ capabilities: ['key:manage'] });
      const b = await t.createSession({ capabilities: ['key:manage'] });
      const res = await a.http.delete(`/api/api-keys/${b.keyId}`).expect(404);
      expect(res.body).toEqual({
        error: 'No API key with that id.',
        code: 'NOT_FOUND',
        requestId: expect.any(String),
      });
      await a.http.delete('/api/api-keys/7d444840-9dc0-41dc-a2a0-8c5d6a4a3c8b').expect(404);
      // B's key was not touched.
      await b.http.get('/api/api-keys').expect(200);
    });

    it('answers 400 INVALID_SLUG for a malformed key id', async () => {
      const s = await t.createSession({ capabilities: ['key:manage'] });
      for (const id of ['not-a-uuid', '12345', '7d444840-9dc0-41dc-a2a0-8c5d6a4a3c8bx']) {
        const res = await s.http.delete(`/api/api-keys/${id}`).expect(400);
        expect(res.body.code).toBe('INVALID_SLUG');
      }
    });
  });

  describe('GET /api/whoami', () => {
    it('answers exactly the documented shape', async () => {
      const s = await t.createSession({
        tier: 'pro',
        credits: 25,
        capabilities: ['workflow:read', 'execution:read'],
      });
      const res = await s.http.get('/api/whoami').expect(200);
      const account = await admin.get(`/api/admin/accounts/${s.accountId}`).expect(200);
      expect(res.body).toEqual({
        user: { id: s.accountId, email: account.body.email, role: 'user', tier: 'pro', approved: true },
        key: {
          id: s.keyId,
          name: 'test key',
          capabilities: ['workflow:read', 'execution:read'],
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          lastUsedAt: res.body.key.lastUsedAt === null ? null : expect.stringMatching(/Z$/),
          expiresAt: null,
        },
        credits: { balance: 25 },
        rateLimit: { limit: 100, windowSeconds: 60 },
      });
    });

    it('shows no rate limit for the admin', async () => {
      const res = await admin.get('/api/whoami').expect(200);
      expect(res.body.user).toMatchObject({ role: 'admin', tier: 'enterprise', approved: true });
      expect(res.body.key.capabilities).toEqual(['*']);
      expect(res.body.rateLimit).toBeNull();
    });
  });

  describe('tier changes take effect on the next request', () => {
    it('keeps what a key holds but stops what the new ceiling refuses', async () => {
      const s = await t.createSession({
        tier: 'business',
        capabilities: ['key:manage', 'model:run', 'workflow:read'],
      });
      const held = ['key:manage', 'model:run', 'workflow:read'];
      const before = await s.http.get('/api/whoami').expect(200);
      expect(before.body.key.capabilities).toEqual(held);
      expect(before.body.rateLimit).toEqual({ limit: 1000, windowSeconds: 60 });
      await s.http
        .post('/api/api-keys')
        .send({ name: 'one model', capabilities: ['model:sandbox-text:run'] })
        .expect(201);

      await admin.patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'pro' }).expect(200);

      const after = await s.http.get('/api/whoami').expect(200);
      expect(after.body.user.tier).toBe('pro');
      expect(after.body.key.capabilities).toEqual(held);
      expect(after.body.rateLimit).toEqual({ limit: 100, windowSeconds: 60 });
      const refused = await s.http
        .post('/api/api-keys')
        .send({ name: 'one model', capabilities: ['model:sandbox-text:run'] })
        .expect(403);
      expect(refused.body).toMatchObject({
        code: 'CAPABILITY_ABOVE_CEILING',
        attempted: ['model:sandbox-text:run'],
      });
      // Capabilities within the pro ceiling still pass.
      await s.http.get('/api/workflows').expect(200);

      await admin.patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'business' }).expect(200);
      await s.http
        .post('/api/api-keys')
        .send({ name: 'one model', capabilities: ['model:sandbox-text:run'] })
        .expect(201);
    });

    it('drops a wildcard-only key below its ceiling to nothing', async () => {
      const s = await t.createSession({ tier: 'business', capabilities: ['model:*', 'key:manage'] });
      const ok = await s.http
        .post('/api/api-keys')
        .send({ name: 'm', capabilities: ['model:run'] })
        .expect(201);
      expect(ok.body.capabilities).toEqual(['model:run']);
      await admin.patch(`/api/admin/accounts/${s.accountId}`).send({ tier: 'pro' }).expect(200);
      const res = await s.http
        .post('/api/api-keys')
        .send({ name: 'm', capabilities: ['model:run'] })
        .expect(403);
      expect(res.body).toMatchObject({ code: 'CAPABILITY_ABOVE_CEILING', attempted: ['model:run'] });
    });
  });

  describe('admin routes', () => {
    it('refuse a key without * (CAPABILITY_DENIED, required "*")', async () => {
      const s = await t.createSession({
        tier: 'enterprise',
        capabilities: ['workflow:*', 'key:manage', 'model:*', 'execution:*', 'webhook:*', 'agent:*'],
      });
      const routes: Array<['get' | 'post' | 'patch', string]> = [
        ['post', '/api/admin/accounts'],
        ['get', `/api/admin/accounts/${s.accountId}`],
        ['patch', `/api/admin/accounts/${s.accountId}`],
        ['post', `/api/admin/accounts/${s.accountId}/credits`],
        ['get', `/api/admin/accounts/${s.accountId}/ledger`],
        ['post', `/api/admin/accounts/${s.accountId}/api-keys`],
      ];
      for (const [method, path] of routes) {
        const res = await s.http[method](path)
          .send(method === 'get' ? undefined : {})
          .expect(403);
        expect(res.body).toEqual({
          error: 'This key lacks the * capability.',
          code: 'CAPABILITY_DENIED',
          requestId: expect.any(String),
          required: '*',
          acceptable: ['*'],
        });
      }
    });

    it('answer 404 NOT_FOUND for an unknown account, whatever the body', async () => {
      const id = 'a1f7b6a0-3d7e-4c1e-9b9e-0c7d8e9f0a1b';
      const calls = [
        admin.get(`/api/admin/accounts/${id}`),
        admin.patch(`/api/admin/accounts/${id}`).send({ tier: 'nope' }),
        admin.post(`/api/admin/accounts/${id}/credits`).send({ amount: 0 }),
        admin.get(`/api/admin/accounts/${id}/ledger`),
        admin.post(`/api/admin/accounts/${id}/api-keys`).send({ name: 'x', preset: 'read-only' }),
      ];
      for (const call of calls) {
        const res = await call.expect(404);
        expect(res.body).toEqual({
          error: 'No account with that id.',
          code: 'NOT_FOUND',
          requestId: expect.any(String),
        });
      }
      const bad = await admin.get('/api/admin/accounts/not-a-uuid').expect(400);
      expect(bad.body.code).toBe('INVALID_SLUG');
    });

    it('create and update accounts with the documented defaults', async () => {
      const created = await admin
        .post('/api/admin/accounts')
        .send({ email: 'Ada@Example.com', tier: 'business' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        email: 'ada@example.com',
        role: 'user',
        tier: 'business',
        approved: false,
        balance: 0,
        createdAt: expect.stringMatching(/Z$/),
      });
      const updated = await admin
        .patch(`/api/admin/accounts/${created.body.id}`)
        .send({ tier: 'enterprise', approved: true })
        .expect(200);
      expect(updated.body).toEqual({ ...created.body, tier: 'enterprise', approved: true });
      expect((await admin.get(`/api/admin/accounts/${created.body.id}`).expect(200)).body).toEqual(
        updated.body,
      );

      const invalid = await admin
        .post('/api/admin/accounts')
        .send({ email: 'not-an-email', tier: 'gold' })
        .expect(400);
      expect(invalid.body.code).toBe('INVALID_BODY');
      expect(invalid.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'tier']);
    });

    it('top up and adjust credits, each with a ledger row', async () => {
      const accountId = await createAccount('pro');
      const topup = await admin
        .post(`/api/admin/accounts/${accountId}/credits`)
        .send({ amount: 100, reason: 'welcome' })
        .expect(201);
      expect(topup.body).toEqual({
        entry: {
          id: expect.any(String),
          type: 'topup',
          amount: 100,
          balanceAfter: 100,
          executionId: null,
          reason: 'welcome',
          createdAt: expect.stringMatching(/Z$/),
        },
        balance: 100,
      });
      const adjust = await admin
        .post(`/api/admin/accounts/${accountId}/credits`)
        .send({ amount: -30, reason: 'correction' })
        .expect(201);
      expect(adjust.body).toMatchObject({
        entry: { type: 'adjust', amount: -30, balanceAfter: 70, reason: 'correction' },
        balance: 70,
      });

      for (const amount of [0, 1.5, -71, '10']) {
        const res = await admin
          .post(`/api/admin/accounts/${accountId}/credits`)
          .send({ amount, reason: 'bad' })
          .expect(400);
        expect(res.body.code).toBe('INVALID_BODY');
        expect(res.body.details.map((d: { path: string }) => d.path)).toContain('amount');
      }
      const missingReason = await admin
        .post(`/api/admin/accounts/${accountId}/credits`)
        .send({ amount: 5 })
        .expect(400);
      expect(missingReason.body.code).toBe('INVALID_BODY');

      const account = await admin.get(`/api/admin/accounts/${accountId}`).expect(200);
      expect(account.body.balance).toBe(70);
      const ledger = await admin.get(`/api/admin/accounts/${accountId}/ledger`).expect(200);
      expect(ledger.body.data.map((row: { amount: number }) => row.amount)).toEqual([-30, 100]);
      expect(ledger.body.nextCursor).toBeNull();
      // Draining to exactly 0 is allowed.
      await admin
        .post(`/api/admin/accounts/${accountId}/credits`)
        .send({ amount: -70, reason: 'drain' })
        .expect(201);
    });

    it('page the ledger newest first; the balance is the sum of its amounts', async () => {
      const accountId = await createAccount('pro');
      const amounts = [50, -5, 20, -10, 7];
      for (const amount of amounts) {
        await admin
          .post(`/api/admin/accounts/${accountId}/credits`)
          .send({ amount, reason: `change ${amount}` })
          .expect(201);
        await sleep(5); // distinct createdAt, so "newest first" is observable
      }

      const rows: Array<{ id: string; amount: number; balanceAfter: number }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
        const page = await admin.get(`/api/admin/accounts/${accountId}/ledger${query}`).expect(200);
        expect(Object.keys(page.body).sort()).toEqual(['data', 'nextCursor']);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        rows.push(...page.body.data);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);

      expect(pages).toBe(3);
      expect(rows.map((row) => row.amount)).toEqual([...amounts].reverse());
      expect(new Set(rows.map((row) => row.id)).size).toBe(amounts.length);
      expect(rows.map((row) => row.balanceAfter)).toEqual([62, 55, 65, 45, 50]);
      const account = await admin.get(`/api/admin/accounts/${accountId}`).expect(200);
      expect(account.body.balance).toBe(rows.reduce((sum, row) => sum + row.amount, 0));
      expect(account.body.balance).toBe(62);

      const all = await admin.get(`/api/admin/accounts/${accountId}/ledger`).expect(200);
      expect(all.body.data).toHaveLength(5);
      expect(all.body.nextCursor).toBeNull();
    });

    it('refuse a page limit outside 1-100 and a foreign cursor (INVALID_BODY)', async () => {
      const accountId = await createAccount('pro');
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'limit=-1', 'cursor=garbage']) {
        const res = await admin.get(`/api/admin/accounts/${accountId}/ledger?${query}`).expect(400);
        expect(res.body.code).toBe('INVALID_BODY');
      }
      // Well-formed JSON in the cursor, but not one this API made: still INVALID_BODY, never a database error.
      for (const forged of [
        ['2026-01-01T00:00:00.000Z', 'not-a-uuid'],
        ['not a date', 'a1f7b6a0-3d7e-4c1e-9b9e-0c7d8e9f0a1b'],
        { a: 1 },
      ]) {
        const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
        const res = await admin.get(`/api/admin/accounts/${accountId}/ledger?cursor=${cursor}`).expect(400);
        expect(res.body).toMatchObject({
          code: 'INVALID_BODY',
          details: [{ path: 'cursor', message: expect.any(String) }],
        });
      }
      await admin.get(`/api/admin/accounts/${accountId}/ledger?limit=1`).expect(200);
      await admin.get(`/api/admin/accounts/${accountId}/ledger?limit=100`).expect(200);
    });

    it('apply ceilings when creating keys for an account', async () => {
      const accountId = await createAccount('business');
      const ok = await admin
        .post(`/api/admin/accounts/${accountId}/api-keys`)
        .send({ name: 'models', capabilities: ['model:run', 'agent:invoke'] })
        .expect(201);
      expect(ok.body).toMatchObject({
        name: 'models',
        capabilities: ['model:run', 'agent:invoke'],
        key: expect.stringMatching(/^fg_live_/),
      });
      const star = await admin
        .post(`/api/admin/accounts/${accountId}/api-keys`)
        .send({ name: 'star', capabilities: ['*', 'model:run'] })
        .expect(403);
      expect(star.body).toMatchObject({ code: 'CAPABILITY_ABOVE_CEILING', attempted: ['*'] });
    });
  });
});
