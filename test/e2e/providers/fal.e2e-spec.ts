/**
 * The fal adapter (API.md §6) against a loopback server speaking fal's queue API: submit, status until
 * COMPLETED, response, and cancel; sync and async runs; a cancel during polling stops polling and calls the
 * request's cancel URL.
 */
import sharp from 'sharp';
import { createWorkflow, fetchMedia, sandboxWorkflow } from '../../support/run-helpers';
import {
  FakeProvider,
  modelEntry,
  pngBytes,
  sendJson,
  startFakeProvider,
  writeModelsFile,
} from '../../support/fake-provider';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { expectNoMorePolls, startPollingRun, waitForEnd } from '../../support/provider-runs';
import { waitFor } from '../../support/wait';

const FAL_KEY = 'fal-key-id:fal-key-secret-0123';

const ENTRIES = [
  modelEntry({
    id: 'flux-test',
    name: 'Flux test',
    kind: 'image',
    provider: 'fal',
    supportsAsync: true,
    pricing: { unit: 'image', credits: 5 },
    settings: { model: 'fal-ai/flux/dev', pollIntervalMs: 100 },
    params: [{ name: 'num_images', type: 'integer', min: 1, max: 4, default: 1 }],
  }),
  modelEntry({
    id: 'flux-forever',
    name: 'Flux that never finishes',
    kind: 'image',
    provider: 'fal',
    supportsAsync: true,
    settings: { model: 'fal-ai/forever', pollIntervalMs: 100 },
  }),
];

describe('fal provider (e2e)', () => {
  let provider: FakeProvider;
  let t: TestApp;
  let s: Session;
  let png: Buffer;
  const polls = new Map<string, number>();

  beforeAll(async () => {
    png = await pngBytes();
    let next = 0;
    provider = await startFakeProvider((req, res) => {
      const submit = /^\/fal-ai\/(flux\/dev|forever)$/.exec(req.path);
      if (submit && req.method === 'POST') {
        const id = `req-${++next}`;
        // fal answers URLs without the model's sub-path, as the real queue does.
        const app = submit[1] === 'forever' ? 'fal-ai/forever' : 'fal-ai/flux';
        return sendJson(res, 200, {
          request_id: id,
          status_url: `${provider.url}/${app}/requests/${id}/status`,
          response_url: `${provider.url}/${app}/requests/${id}`,
          cancel_url: `${provider.url}/${app}/requests/${id}/cancel`,
        });
      }
      const status = /^\/fal-ai\/(flux|forever)\/requests\/([^/]+)\/status$/.exec(req.path);
      if (status) {
        const count = (polls.get(status[2]) ?? 0) + 1;
        polls.set(status[2], count);
        const done = status[1] === 'flux' && count >= 2;
        return sendJson(
          res,
          200,
          done
            ? { status: 'COMPLETED' }
            : { status: count === 1 ? 'IN_QUEUE' : 'IN_PROGRESS', queue_position: 0 },
        );
      }
      const cancel = /^\/fal-ai\/forever\/requests\/([^/]+)\/cancel$/.exec(req.path);
      if (cancel && req.method === 'PUT') return sendJson(res, 202, { status: 'CANCELLATION_REQUESTED' });
      const response = /^\/fal-ai\/flux\/requests\/([^/]+)$/.exec(req.path);
      if (response) {
        const submitted = provider.requests.filter((r) => r.path === '/fal-ai/flux/dev');
        const n = submitted.at(-1)?.body.num_images ?? 1;
        return sendJson(res, 200, {
          images: Array.from({ length: n }, (_, i) => ({
            url: `${provider.url}/cdn/${i}.png`,
            content_type: 'image/png',
            width: 8,
            height: 8,
          })),
          seed: 42,
        });
      }
      if (req.path.startsWith('/cdn/')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(png);
      }
      sendJson(res, 404, { detail: 'Not found' });
    });
    t = await startTestApp({ FAL_BASE_URL: provider.url, FAL_KEY, MODELS_FILE: writeModelsFile(ENTRIES) });
    s = await t.createSession({ tier: 'pro', credits: 100, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(s, sandboxWorkflow('flux-test', { num_images: 2 }, 'image', 'flux'));
    await createWorkflow(s, sandboxWorkflow('flux-forever', {}, 'image', 'forever'));
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  function checkSubmit(prompt: string) {
    const sent = provider.to('/fal-ai/flux/dev').at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe(`Key ${FAL_KEY}`);
    expect(sent.body).toEqual({ prompt, num_images: 2 });
    return sent;
  }

  async function checkResult(result: any) {
    expect(result.images).toHaveLength(2);
    for (const url of result.images) {
      expect(url.startsWith(`${t.config.publicBaseUrl}/media/`)).toBe(true);
      expect((await sharp((await fetchMedia(t, url)).body).metadata()).format).toBe('png');
    }
  }

  it('runs sync: submit, status polled until COMPLETED, response read, images stored; usage and request id', async () => {
    const res = await s.http
      .post('/api/workflows/flux/run')
      .send({ inputs: { prompt: 'a red fox' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, cost: 10 });
    checkSubmit('a red fox');
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    const step = execution.body.steps.find((st: any) => st.nodeId === 'gen');
    expect(step).toMatchObject({ status: 'completed', usage: { images: 2 } });
    expect(polls.get(step.providerRequestId)).toBe(2);
    const statusCalls = provider.to(`/fal-ai/flux/requests/${step.providerRequestId}/status`);
    expect(
      statusCalls.every((call) => call.method === 'GET' && call.headers.authorization === `Key ${FAL_KEY}`),
    ).toBe(true);
    expect(provider.to(`/fal-ai/flux/requests/${step.providerRequestId}`)).toHaveLength(1);
    await checkResult(res.body.result);
  });

  it('runs async: 202 at once, then the execution completes with the images', async () => {
    const accepted = await s.http
      .post('/api/workflows/flux/run?async=true')
      .send({ inputs: { prompt: 'a blue fox' } })
      .expect(202);
    const done = await waitForEnd(s, accepted.body.executionId);
    expect(done).toMatchObject({ status: 'completed', mode: 'async', cost: 10 });
    checkSubmit('a blue fox');
    const step = done.steps.find((st: any) => st.nodeId === 'gen');
    expect(step).toMatchObject({ usage: { images: 2 } });
    expect(step.providerRequestId).toMatch(/^req-/);
    await checkResult(done.result);
  });

  it('a cancel during polling stops the polling and calls the cancel URL', async () => {
    const { executionId, providerRequestId } = await startPollingRun(s, 'forever', 'slow', polls);
    await s.http.post(`/api/executions/${executionId}/cancel`).expect(202);
    const cancel = await waitFor(
      'the cancel call',
      () => provider.to(`/fal-ai/forever/requests/${providerRequestId}/cancel`)[0],
    );
    expect(cancel).toMatchObject({ method: 'PUT' });
    expect(cancel.headers.authorization).toBe(`Key ${FAL_KEY}`);
    await expectNoMorePolls(polls, providerRequestId);
    expect(await waitForEnd(s, executionId)).toMatchObject({ status: 'cancelled', cost: 0 });
  });
});
