/** Sync workflow runs end to end (API.md §5, §7, §8): results, stored media, execution records, listing. */
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { DEMO_IMAGE_WORKFLOW, DEMO_THUMBNAIL_WORKFLOW } from '../../../src/modules/bootstrap/demo-workflows';
import { sleep } from '../../support/rate-limit-window';
import { createWorkflow, fetchMedia, pngDataUrl } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { edge, templateWorkflow } from '../../support/workflow-fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('sync runs', () => {
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PRO: '100000' });
    s = await t.createSession({ tier: 'pro', credits: 100 });
    await createWorkflow(s, DEMO_IMAGE_WORKFLOW);
    await createWorkflow(s, DEMO_THUMBNAIL_WORKFLOW);
    await createWorkflow(s, templateWorkflow({ slug: 'greet' }));
  });
  afterAll(() => t.close());

  describe('the demo image workflow', () => {
    let executionId: string;
    let imageUrl: string;
    let first: { status: number; body: Record<string, unknown> };

    beforeAll(async () => {
      const res = await s.http
        .post('/api/workflows/demo-image/run')
        .send({ inputs: { prompt: 'a red fox', width: 128, height: 192 } });
      first = { status: res.status, body: res.body };
      executionId = res.body.executionId;
      imageUrl = res.body.result?.images?.[0];
    });

    it('answers 200 with the image, cost 4, ms and the execution id', async () => {
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        success: true,
        result: { images: [imageUrl] },
        cost: 4,
        ms: expect.any(Number),
        executionId,
      });
      const res = await s.http.get(`/api/executions/${executionId}`).expect(200);
      expect(Object.keys(res.body.result)).toEqual(['images']);
      expect(res.body.result.images).toEqual([imageUrl]);
      expect(executionId).toMatch(UUID);
      expect(imageUrl).toMatch(/^https?:\/\/[^/]+\/media\/.+/);
    });

    it('has the exact answer shape', async () => {
      const res = await s.http
        .post('/api/workflows/demo-image/run')
        .send({ inputs: { prompt: 'shape', width: 64, height: 64 } })
        .expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['cost', 'executionId', 'ms', 'result', 'success']);
      expect(res.body.success).toBe(true);
      expect(res.body.cost).toBe(4);
      expect(Number.isInteger(res.body.ms)).toBe(true);
      expect(res.body.ms).toBeGreaterThanOrEqual(0);
      expect(res.body.result).toEqual({ images: [expect.stringMatching(/\/media\//)] });
    });

    it('serves a real PNG of the requested width and height', async () => {
      const media = await fetchMedia(t, imageUrl);
      expect(media.status).toBe(200);
      expect(media.contentType).toMatch(/^image\/png/);
      const meta = await sharp(media.body).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBe(128);
      expect(meta.height).toBe(192);
    });

    it('records the execution: completed, steps with timings, billing', async () => {
      const res = await s.http.get(`/api/executions/${executionId}`).expect(200);
      const body = res.body;
      expect(body.executionId).toBe(executionId);
      expect(body.mode).toBe('sync');
      expect(body.workflowSlug).toBe('demo-image');
      expect(body.modelIds).toEqual(['sandbox-image']);
      expect(body.status).toBe('completed');
      expect(body.cost).toBe(4);
      expect(body.error).toBeUndefined();
      expect(body.billing).toEqual({ reserved: 4, charged: 4, refunded: 0 });
      expect(body.createdAt).toMatch(ISO);
      expect(body.startedAt).toMatch(ISO);
      expect(body.completedAt).toMatch(ISO);
      expect(typeof body.requestId).toBe('string');
      expect(body.webhookDelivery).toMatchObject({ configured: false, status: 'none', attempts: 0 });

      const steps = body.steps as Array<Record<string, unknown>>;
      expect(steps.map((step) => step.nodeId).sort()).toEqual(['image', 'input', 'output', 'style']);
      for (const step of steps) {
        expect(step.status).toBe('completed');
        expect(step.startedAt).toMatch(ISO);
        expect(step.completedAt).toMatch(ISO);
        expect(typeof step.durationMs).toBe('number');
        expect(step.durationMs as number).toBeGreaterThanOrEqual(0);
        expect(Date.parse(step.completedAt as string)).toBeGreaterThanOrEqual(
          Date.parse(step.startedAt as string),
        );
      }
      const image = steps.find((step) => step.nodeId === 'image')!;
      expect(image).toMatchObject({ type: 'model', model: 'sandbox-image', cost: 4, grant: false });
      expect(steps.find((step) => step.nodeId === 'style')).toMatchObject({ type: 'template', cost: 0 });
    });

    it('takes the field defaults (512x512) when width and height are omitted', async () => {
      const res = await s.http
        .post('/api/workflows/demo-image/run')
        .send({ inputs: { prompt: 'defaults' } })
        .expect(200);
      const meta = await sharp((await fetchMedia(t, res.body.result.images[0])).body).metadata();
      expect([meta.width, meta.height]).toEqual([512, 512]);
    });
  });

  it('the thumbnail workflow turns a data: PNG into a 256-wide WebP', async () => {
    const res = await s.http
      .post('/api/workflows/demo-thumbnail/run')
      .send({ inputs: { image: await pngDataUrl(512, 300) } });
    expect(res.status).toBe(200);
    expect(res.body.cost).toBe(0);
    expect(res.body.result).toEqual({ images: [expect.stringMatching(/\/media\//)] });
    const media = await fetchMedia(t, res.body.result.images[0]);
    expect(media.status).toBe(200);
    expect(media.contentType).toMatch(/^image\/webp/);
    const meta = await sharp(media.body).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(256);
    expect(meta.height).toBe(150);
  });

  it('a template-only workflow returns the text, free', async () => {
    const res = await s.http
      .post('/api/workflows/greet/run')
      .send({ inputs: { prompt: 'hello' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, result: 'Say hello', cost: 0 });
  });

  it('a run recorded already finished holds no lease and is due nowhere (as a closed run)', async () => {
    const res = await s.http
      .post('/api/workflows/greet/run')
      .send({ inputs: { prompt: 'hello' } })
      .expect(200);
    const db = t.app.get(DataSource);
    const placeholder = db.options.type === 'postgres' ? '$1' : '?';
    const [row] = await db.query(
      `SELECT status, lease_owner, lease_expires_at, next_run_at, progress FROM executions WHERE id = ${placeholder}`,
      [res.body.executionId],
    );
    expect(row).toEqual({
      status: 'completed',
      lease_owner: null,
      lease_expires_at: null,
      next_run_at: null,
      progress: null,
    });
  });

  it('several outputs answer an object keyed by output names', async () => {
    const slug = await createWorkflow(s, {
      slug: 'two-outputs',
      name: 'Two outputs',
      nodes: [
        {
          id: 'input',
          type: 'request-input',
          data: {
            fields: [
              { name: 'name', type: 'text', required: true },
              { name: 'n', type: 'number', default: 3 },
            ],
          },
        },
        { id: 'hello', type: 'template', data: { template: 'Hello {{name}}' } },
        { id: 'bye', type: 'template', data: { template: 'Bye {{name}} x{{n}}' } },
        { id: 'first', type: 'response-output', data: { type: 'text', name: 'greeting' } },
        { id: 'second', type: 'response-output', data: { type: 'text', name: 'farewell' } },
      ],
      edges: [
        edge('e1', 'input.name', 'hello.name'),
        edge('e2', 'input.name', 'bye.name'),
        edge('e3', 'input.n', 'bye.n'),
        edge('e4', 'hello.text', 'first.value'),
        edge('e5', 'bye.text', 'second.value'),
      ],
    });
    const res = await s.http
      .post(`/api/workflows/${slug}/run`)
      .send({ inputs: { name: 'Ada' } })
      .expect(200);
    expect(res.body.result).toEqual({ greeting: 'Hello Ada', farewell: 'Bye Ada x3' });
  });

  describe('listing executions', () => {
    let l: Session;
    const ids: { greet: string[]; failed: string[] } = { greet: [], failed: [] };

    beforeAll(async () => {
      l = await t.createSession({ tier: 'pro', credits: 10 });
      await createWorkflow(l, templateWorkflow({ slug: 'list-greet' }));
      await createWorkflow(l, {
        slug: 'list-fail',
        name: 'Fails',
        nodes: [
          {
            id: 'input',
            type: 'request-input',
            data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
          },
          { id: 'llm', type: 'model', data: { model: 'sandbox-text', params: { fail: 'boom' } } },
          { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
        ],
        edges: [edge('e1', 'input.prompt', 'llm.prompt'), edge('e2', 'llm.out', 'output.value')],
      });
      for (let i = 0; i < 5; i++) {
        const res = await l.http
          .post('/api/workflows/list-greet/run')
          .send({ inputs: { prompt: `n${i}` } })
          .expect(200);
        ids.greet.push(res.body.executionId);
        await sleep(3); // distinct createdAt milliseconds, so "newest first" has one right answer
      }
      for (let i = 0; i < 2; i++) {
        const res = await l.http
          .post('/api/workflows/list-fail/run')
          .send({ inputs: { prompt: `f${i}` } })
          .expect(500);
        ids.failed.push(res.body.executionId);
        await sleep(3);
      }
    });

    async function pageAll(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { data: Array<{ executionId: string }>; nextCursor: string | null } } =
          await l.http
            .get(
              `/api/executions?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            )
            .expect(200);
        pages++;
        expect(res.body.data.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.data.map((e) => e.executionId));
        cursor = res.body.nextCursor;
      } while (cursor !== null && pages < 50);
      return { ids: seen, pages };
    }

    it('lists only the account executions, newest first, paged by cursor', async () => {
      const { ids: all, pages } = await pageAll('', 2);
      expect(all).toEqual([...ids.failed].reverse().concat([...ids.greet].reverse()));
      expect(pages).toBe(4);
    });

    it('filters by workflowSlug', async () => {
      const { ids: greet } = await pageAll('workflowSlug=list-greet', 3);
      expect(greet).toEqual([...ids.greet].reverse());
    });

    it('filters by status', async () => {
      const failed = await l.http.get('/api/executions?status=failed').expect(200);
      expect(failed.body.data.map((e: { executionId: string }) => e.executionId)).toEqual(
        [...ids.failed].reverse(),
      );
      expect(failed.body.nextCursor).toBeNull();
      for (const e of failed.body.data) expect(e.status).toBe('failed');
      const completed = await l.http
        .get('/api/executions?status=completed&workflowSlug=list-greet&limit=100')
        .expect(200);
      expect(completed.body.data).toHaveLength(5);
      expect(completed.body.nextCursor).toBeNull();
    });

    it('another account cannot read an execution: 404 EXECUTION_NOT_FOUND', async () => {
      const res = await s.http.get(`/api/executions/${ids.greet[0]}`).expect(404);
      expect(res.body.code).toBe('EXECUTION_NOT_FOUND');
      const list = await s.http.get('/api/executions?workflowSlug=list-greet').expect(200);
      expect(list.body.data).toEqual([]);
    });
  });
});
