import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { verifyWebhookSignature } from '../../src/modules/webhooks/webhook-signature';
import { startTestApp, TestApp } from '../support/test-app';
import { listenOnLoopback, readBody } from '../support/loopback';

describe('key webhooks (PUT/DELETE /api/api-keys/:id/webhook)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function sessionWithReceiver() {
    const manager = await t.createSession({
      tier: 'pro',
      capabilities: ['key:manage', 'webhook:receive', 'execution:read'],
    });
    const receiver = await manager.http
      .post('/api/api-keys')
      .send({ name: 'receiver', preset: 'webhook-receiver' })
      .expect(201);
    return { manager, receiverId: receiver.body.id as string };
  }

  it('sets a webhook with a generated whsec_ secret shown once, lists it, and removes it', async () => {
    const { manager, receiverId } = await sessionWithReceiver();
    const set = await manager.http
      .put(`/api/api-keys/${receiverId}/webhook`)
      .send({ url: 'https://127.0.0.1:9443/in' })
      .expect(200);
    expect(set.body).toEqual({
      keyId: receiverId,
      url: 'https://127.0.0.1:9443/in',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const listed = await manager.http.get('/api/api-keys').expect(200);
    expect(listed.body.find((k: any) => k.id === receiverId).webhook).toEqual({
      url: 'https://127.0.0.1:9443/in',
    });
    expect(JSON.stringify(listed.body)).not.toContain(set.body.secret);

    await manager.http.delete(`/api/api-keys/${receiverId}/webhook`).expect(204);
    const after = await manager.http.get('/api/api-keys').expect(200);
    expect(after.body.find((k: any) => k.id === receiverId).webhook).toBeNull();
  });

  // Tests allow private targets (ALLOW_PRIVATE_TARGETS=true), so loopback stands in for a receiver here.
  it('keeps a caller-chosen secret and does not echo it', async () => {
    const { manager, receiverId } = await sessionWithReceiver();
    const set = await manager.http
      .put(`/api/api-keys/${receiverId}/webhook`)
      .send({ url: 'https://127.0.0.1:9443/in', secret: 's'.repeat(16) })
      .expect(200);
    expect(set.body).toEqual({ keyId: receiverId, url: 'https://127.0.0.1:9443/in' });
  });

  it('refuses a key without webhook:receive (400 WEBHOOK_NOT_ALLOWED)', async () => {
    const manager = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'workflow:run'] });
    const other = await manager.http
      .post('/api/api-keys')
      .send({ name: 'runner', capabilities: ['workflow:run'] })
      .expect(201);
    const res = await manager.http
      .put(`/api/api-keys/${other.body.id}/webhook`)
      .send({ url: 'https://127.0.0.1:9443/in' })
      .expect(400);
    expect(res.body.code).toBe('WEBHOOK_NOT_ALLOWED');
  });

  it.each([
    ['a secret shorter than 16', { url: 'https://127.0.0.1:9443/in', secret: 'short' }, 'INVALID_BODY'],
    ['a missing url', { secret: 's'.repeat(16) }, 'INVALID_BODY'],
    ['a non-URL', { url: 'not a url' }, 'WEBHOOK_NOT_ALLOWED'],
    ['an ftp:// URL', { url: 'ftp://hooks.example.com/in' }, 'WEBHOOK_NOT_ALLOWED'],
  ])('answers 400 for %s', async (_case, body, code) => {
    const { manager, receiverId } = await sessionWithReceiver();
    const res = await manager.http.put(`/api/api-keys/${receiverId}/webhook`).send(body).expect(400);
    expect(res.body.code).toBe(code);
  });

  it("answers 404 NOT_FOUND for another account's key, whatever the body", async () => {
    const { receiverId } = await sessionWithReceiver();
    const stranger = await t.createSession({ tier: 'pro', capabilities: ['key:manage'] });
    const res = await stranger.http.put(`/api/api-keys/${receiverId}/webhook`).send({}).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await stranger.http.delete(`/api/api-keys/${receiverId}/webhook`).expect(404);
  });
});

describe('key webhooks under the default URL rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'false', ALLOW_HTTP_TARGETS: 'false' });
  });
  afterAll(() => t.close());

  it.each([
    ['loopback', 'https://127.0.0.1/hook'],
    ['a name resolving to loopback', 'https://localhost/hook'],
    ['a private address', 'https://10.1.2.3/hook'],
    ['cloud metadata', 'https://169.254.169.254/latest'],
    ['plain http', 'http://hooks.example.com/in'],
  ])('refuses %s (400 WEBHOOK_NOT_ALLOWED)', async (_case, url) => {
    const manager = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'webhook:receive'] });
    const res = await manager.http.put(`/api/api-keys/${manager.keyId}/webhook`).send({ url }).expect(400);
    expect(res.body).toMatchObject({ code: 'WEBHOOK_NOT_ALLOWED', url });
  });
});

describe('POST /api/api-keys/:id/webhook/test', () => {
  let t: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let answerStatus = 204;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = createServer((req, res) => {
      void readBody(req).then((body) => {
        received.push({ headers: req.headers, body: body.toString('utf8') });
        res
          .writeHead(answerStatus, { 'content-type': 'text/plain' })
          .end(answerStatus === 204 ? undefined : 'x'.repeat(2000));
      });
    });
    receiverUrl = `${await listenOnLoopback(receiver)}/hooks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await t.close();
  });

  it('sends a signed webhook.test event and answers 201 with the attempt', async () => {
    const s = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'webhook:receive'] });
    const secret = 'whsec_' + 'k'.repeat(32);
    await s.http.put(`/api/api-keys/${s.keyId}/webhook`).send({ url: receiverUrl, secret }).expect(200);
    answerStatus = 204;
    const res = await s.http.post(`/api/api-keys/${s.keyId}/webhook/test`).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      event: 'webhook.test',
      attempt: 1,
      at: expect.any(String),
      url: receiverUrl,
      statusCode: 204,
      error: null,
      durationMs: expect.any(Number),
      responseBody: '',
    });
    const delivery = received[received.length - 1];
    expect(JSON.parse(delivery.body)).toEqual({
      event: 'webhook.test',
      keyId: s.keyId,
      createdAt: expect.any(String),
    });
    expect(delivery.headers).toMatchObject({
      'user-agent': 'Flowgate-Webhooks/1',
      'x-flowgate-event': 'webhook.test',
      'x-flowgate-delivery': res.body.id,
      'webhook-id': expect.any(String),
    });
    const signature = String(delivery.headers['x-flowgate-signature']);
    expect(verifyWebhookSignature(secret, delivery.body, signature, Math.floor(Date.now() / 1000))).toBe(
      true,
    );
    expect(
      verifyWebhookSignature(
        'whsec_' + 'x'.repeat(32),
        delivery.body,
        signature,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);
  });

  it('reports a refusing receiver in the attempt (status and the first 1 KiB of its body)', async () => {
    const s = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'webhook:receive'] });
    await s.http.put(`/api/api-keys/${s.keyId}/webhook`).send({ url: receiverUrl }).expect(200);
    answerStatus = 500;
    const res = await s.http.post(`/api/api-keys/${s.keyId}/webhook/test`).expect(201);
    expect(res.body).toMatchObject({ statusCode: 500, error: 'receiver answered HTTP 500' });
    expect(res.body.responseBody).toBe('x'.repeat(1024));
  });

  it('answers 400 WEBHOOK_NOT_ALLOWED for a key without a webhook', async () => {
    const s = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'webhook:receive'] });
    const res = await s.http.post(`/api/api-keys/${s.keyId}/webhook/test`).expect(400);
    expect(res.body.code).toBe('WEBHOOK_NOT_ALLOWED');
  });
});
