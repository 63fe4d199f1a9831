/**
 * Result files from providers are fetched under the outbound URL rules and checked to be of the model's kind,
 * while the provider's own (operator-configured) base URL is not subject to those rules.
 */
import { createWorkflow, sandboxWorkflow } from '../../support/run-helpers';
import {
  FakeProvider,
  modelEntry,
  pngBytes,
  sendJson,
  startFakeProvider,
  writeModelsFile,
} from '../../support/fake-provider';
import { Session, startTestApp, TestApp } from '../../support/test-app';

const ENTRIES = [
  modelEntry({ id: 'chat', name: 'chat', kind: 'text', provider: 'openai', settings: { model: 'chat' } }),
  modelEntry({ id: 'png', name: 'png', kind: 'image', provider: 'openai', settings: { model: 'png' } }),
  modelEntry({ id: 'html', name: 'html', kind: 'image', provider: 'openai', settings: { model: 'html' } }),
];

describe('provider result media (e2e)', () => {
  let provider: FakeProvider;
  let png: Buffer;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    png = await pngBytes();
    provider = await startFakeProvider((req, res) => {
      if (req.path === '/v1/chat/completions')
        return sendJson(res, 200, { id: 'c1', choices: [{ message: { content: 'hi' } }] });
      if (req.path === '/v1/images/generations')
        return sendJson(res, 200, { data: [{ url: `${provider.url}/files/${req.body.model}` }] });
      if (req.path === '/files/png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(png);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await provider.stop();
  });

  async function appWith(env: Record<string, string>): Promise<Session> {
    const t = await startTestApp({
      OPENAI_BASE_URL: `${provider.url}/v1`,
      MODELS_FILE: writeModelsFile(ENTRIES),
      ...env,
    });
    apps.push(t);
    const s = await t.createSession({
      tier: 'pro',
      credits: 20,
      capabilities: ['workflow:*', 'execution:*'],
    });
    await createWorkflow(s, sandboxWorkflow('chat', {}, 'text', 'chat'));
    await createWorkflow(s, sandboxWorkflow('png', {}, 'image', 'png'));
    await createWorkflow(s, sandboxWorkflow('html', {}, 'image', 'html'));
    return s;
  }

  it('with private targets refused: the loopback provider is still called, its loopback file URL is refused', async () => {
    const s = await appWith({ ALLOW_PRIVATE_TARGETS: 'false' });
    await s.http
      .post('/api/workflows/chat/run')
      .send({ inputs: { prompt: 'x' } })
      .expect(200);
    const res = await s.http
      .post('/api/workflows/png/run')
      .send({ inputs: { prompt: 'x' } })
      .expect(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'gen' });
    expect(res.body.error).toContain(
      "the provider's result file could not be downloaded: The target address is not allowed.",
    );
    expect(provider.to('/files/png')).toHaveLength(0);
  });

  it('a result file that is not of the model kind fails the run', async () => {
    const s = await appWith({});
    await s.http
      .post('/api/workflows/png/run')
      .send({ inputs: { prompt: 'x' } })
      .expect(200);
    const res = await s.http
      .post('/api/workflows/html/run')
      .send({ inputs: { prompt: 'x' } })
      .expect(500);
    expect(res.body.error).toContain("the provider's result file is text/html, not an image");
  });
});
