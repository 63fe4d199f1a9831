/** ProviderHttp against a real HTTP server on loopback (one class, so a unit test; no doubles). */
import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../provider.types';
import { ProviderHttp } from './provider-http';

const LIMITS = { connectTimeoutMs: 1000, totalTimeoutMs: 5000, maxRetries: 2 };
const SECRET = 'sk-very-secret-key';

describe('ProviderHttp', () => {
  let server: Server;
  let url: string;
  let answers: Array<(res: ServerResponse) => void>;
  let hits: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => (answers[hits++] ?? answers[answers.length - 1])(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/x`;
  });
  beforeEach(() => {
    hits = 0;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const json =
    (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (res: ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
  const client = (limits = LIMITS) => new ProviderHttp('acme', limits, [SECRET], () => 0);

  it('retries a 503 after backoff and answers the 200, with its request id', async () => {
    answers = [json(503, { error: { message: 'busy' } }), json(200, { ok: true }, { 'x-request-id': 'r-9' })];
    const started = Date.now();
    const answer = await client().send({ method: 'POST', url, json: { a: 1 } });
    expect(answer).toMatchObject({ status: 200, body: { ok: true }, requestId: 'r-9' });
    expect(hits).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240); // first backoff: 250 ms with no jitter
  });

  it('does not retry a 401, and the message has the cause but not the key', async () => {
    answers = [json(401, { error: { message: `Incorrect API key provided: ${SECRET}` } })];
    const failure = await client()
      .send({ method: 'GET', url })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as Error).message).toBe('acme answered HTTP 401: Incorrect API key provided: ***');
    expect(hits).toBe(1);
  });

  it('gives up after maxRetries', async () => {
    answers = [json(500, { detail: 'boom' })];
    await expect(client({ ...LIMITS, maxRetries: 1 }).send({ method: 'GET', url })).rejects.toThrow(
      'acme answered HTTP 500: boom',
    );
    expect(hits).toBe(2);
  });

  it('rethrows the caller abort reason instead of retrying', async () => {
    answers = [() => undefined]; // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by caller')), 100);
    await expect(client().send({ method: 'GET', url, signal: controller.signal })).rejects.toThrow(
      'cancelled by caller',
    );
  });

  it('fails with the total timeout when the server never answers', async () => {
    answers = [() => undefined];
    await expect(client({ ...LIMITS, totalTimeoutMs: 300 }).send({ method: 'GET', url })).rejects.toThrow(
      'acme did not answer within 0.3 s',
    );
  });

  it('names a network failure by its code and retries it', async () => {
    const closed = new ProviderHttp('acme', { ...LIMITS, maxRetries: 1 }, [], () => 0);
    const started = Date.now();
    await expect(closed.send({ method: 'GET', url: 'http://127.0.0.1:1/x' })).rejects.toThrow(
      'acme could not be reached: ECONNREFUSED',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});
