/**
 * What an http-request node's failure tells the caller (API.md §5, §9, §11): a refused target gets one neutral
 * message whether or not its name resolved (so runs cannot map internal DNS), a TLS failure a short cause
 * without OpenSSL internals; the detail goes to the log with the execution id.
 */
import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { createWorkflow } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { edge, WorkflowDoc } from '../../support/workflow-fixtures';
import { listenOnLoopback } from '../../support/loopback';

const REFUSED = 'The target address is not allowed.';

/** url (text) → http-request GET {{url}} → response-output json. */
const FETCHER: WorkflowDoc = {
  slug: 'fetcher',
  name: 'Fetcher',
  nodes: [
    { id: 'input', type: 'request-input', data: { fields: [{ name: 'url', type: 'text', required: true }] } },
    { id: 'call', type: 'http-request', data: { method: 'GET', url: '{{url}}', timeoutMs: 5000 } },
    { id: 'output', type: 'response-output', data: { type: 'json', name: 'response' } },
  ],
  edges: [edge('e1', 'input.url', 'call.url'), edge('e2', 'call.response', 'output.value')],
};

describe('http-request node error messages', () => {
  let server: Server;
  let port: number;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('plain http'));
    port = Number(new URL(await listenOnLoopback(server)).port);
    warn = jest.spyOn(Logger.prototype, 'warn');
  });
  afterAll(async () => {
    warn.mockRestore();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function runFetcher(s: Session, url: string) {
    const res = await s.http.post('/api/workflows/fetcher/run').send({ inputs: { url } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'call' });
    return res.body as { error: string; executionId: string };
  }

  function loggedFor(executionId: string): string {
    return warn.mock.calls
      .map((args) => String(args[0]))
      .filter((line) => line.includes(executionId))
      .join('\n');
  }

  describe('with private targets refused', () => {
    let t: TestApp;
    let s: Session;
    beforeAll(async () => {
      t = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'false', ALLOW_HTTP_TARGETS: 'true' });
      s = await t.createSession({ tier: 'pro' });
      await createWorkflow(s, FETCHER);
    });
    afterAll(() => t.close());

    it('a name resolving to loopback and a name that does not resolve answer the same neutral message', async () => {
      const resolving = await runFetcher(s, `http://localhost:${port}/`);
      const unresolvable = await runFetcher(s, 'http://no-such-host.invalid/');
      const literal = await runFetcher(s, 'http://10.0.0.7/');
      expect(resolving.error).toBe(REFUSED);
      expect(unresolvable.error).toBe(REFUSED);
      expect(literal.error).toBe(REFUSED);
      const execution = await s.http.get(`/api/executions/${resolving.executionId}`).expect(200);
      expect(execution.body.error).toEqual({ code: 'NODE_ERROR', message: REFUSED, nodeId: 'call' });
    });

    it('logs the detail with the execution id instead', async () => {
      const resolving = await runFetcher(s, `http://localhost:${port}/`);
      expect(loggedFor(resolving.executionId)).toMatch(/localhost resolves to a private or reserved address/);
      const unresolvable = await runFetcher(s, 'http://no-such-host.invalid/');
      expect(loggedFor(unresolvable.executionId)).toMatch(/no-such-host\.invalid/);
    });
  });

  describe('with private targets allowed', () => {
    let t: TestApp;
    let s: Session;
    beforeAll(async () => {
      t = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'true', ALLOW_HTTP_TARGETS: 'true' });
      s = await t.createSession({ tier: 'pro' });
      await createWorkflow(s, FETCHER);
    });
    afterAll(() => t.close());

    it('a TLS failure says "TLS handshake failed" without OpenSSL internals, and logs them', async () => {
      const failed = await runFetcher(s, `https://127.0.0.1:${port}/`);
      expect(failed.error).toMatch(/TLS handshake failed/);
      expect(failed.error).not.toMatch(/SSL|ssl3|openssl|error:[0-9A-F]/);
      expect(loggedFor(failed.executionId)).toMatch(/SSL/);
    });
  });
});
