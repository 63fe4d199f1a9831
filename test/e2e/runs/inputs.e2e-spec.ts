/** Run inputs (API.md §7): every 400 INVALID_INPUTS case with `details` naming the field, defaults, check order. */
import sharp from 'sharp';
import { DEMO_IMAGE_WORKFLOW } from '../../../src/modules/bootstrap/demo-workflows';
import { balanceOf, createWorkflow, fetchMedia, ledgerOf, sandboxWorkflow } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { edge, formWorkflow } from '../../support/workflow-fixtures';

/** formWorkflow's fields: prompt (text, required, maxLength 100), count (number 1-10, default 2),
 * style (pills plain|bold, default plain), loud (toggle, default false), picture (image, optional). */
const VALID = { prompt: 'hi' };

describe('run inputs', () => {
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    // The production default: media inputs are https:// only (http-media-inputs covers ALLOW_HTTP_TARGETS=true).
    t = await startTestApp({ RATE_LIMIT_PRO: '100000', ALLOW_HTTP_TARGETS: 'false' });
    s = await t.createSession({ tier: 'pro', credits: 20 });
    await createWorkflow(s, formWorkflow({ slug: 'form' }));
    await createWorkflow(s, {
      slug: 'media-form',
      name: 'Media form',
      nodes: [
        {
          id: 'input',
          type: 'request-input',
          data: {
            fields: [
              { name: 'clip', type: 'video' },
              { name: 'sound', type: 'audio' },
              { name: 'note', type: 'text', default: 'none' },
            ],
          },
        },
        { id: 'line', type: 'template', data: { template: 'note: {{note}}' } },
        { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
      ],
      edges: [edge('e1', 'input.note', 'line.note'), edge('e2', 'line.text', 'output.value')],
    });
  });
  afterAll(() => t.close());

  async function expectInvalid(
    body: unknown,
    details: Array<{ path: string; message?: unknown }>,
    slug = 'form',
  ) {
    const res = await s.http.post(`/api/workflows/${slug}/run`).send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_INPUTS');
    expect(typeof res.body.error).toBe('string');
    expect(typeof res.body.requestId).toBe('string');
    expect(res.body.details).toEqual(
      details.map((d) => ({ path: d.path, message: d.message ?? expect.any(String) })),
    );
    return res.body;
  }

  describe('the shape of inputs', () => {
    it('missing inputs', () => expectInvalid({}, [{ path: 'inputs', message: 'is required' }]));
    it('inputs null', () => expectInvalid({ inputs: null }, [{ path: 'inputs' }]));
    it('inputs an array', () =>
      expectInvalid({ inputs: [] }, [{ path: 'inputs', message: expect.stringContaining('object') }]));
    it('inputs a string', () =>
      expectInvalid({ inputs: 'prompt=hi' }, [
        { path: 'inputs', message: expect.stringContaining('object') },
      ]));
    it('inputs a number', () =>
      expectInvalid({ inputs: 3 }, [{ path: 'inputs', message: expect.stringContaining('object') }]));
    it('a body that is an array', () => expectInvalid([{ inputs: VALID }], [{ path: 'inputs' }]));
  });

  describe('fields', () => {
    it('an unknown key', () =>
      expectInvalid({ inputs: { ...VALID, colour: 'red' } }, [
        { path: 'inputs.colour', message: expect.stringContaining('not an input') },
      ]));

    it('a missing required field', () =>
      expectInvalid({ inputs: { count: 3 } }, [{ path: 'inputs.prompt', message: 'is required' }]));

    it('a string for a number', () =>
      expectInvalid({ inputs: { ...VALID, count: '3' } }, [
        { path: 'inputs.count', message: expect.stringContaining('number') },
      ]));

    it('a number for text', () =>
      expectInvalid({ inputs: { prompt: 42 } }, [
        { path: 'inputs.prompt', message: expect.stringContaining('string') },
      ]));

    it('a non-boolean toggle', () =>
      expectInvalid({ inputs: { ...VALID, loud: 'yes' } }, [
        { path: 'inputs.loud', message: expect.stringContaining('boolean') },
      ]));

    it('a toggle given as 1', () =>
      expectInvalid({ inputs: { ...VALID, loud: 1 } }, [{ path: 'inputs.loud' }]));

    it('above max', () =>
      expectInvalid({ inputs: { ...VALID, count: 11 } }, [
        { path: 'inputs.count', message: expect.stringContaining('11') },
      ]));

    it('below min', () =>
      expectInvalid({ inputs: { ...VALID, count: 0 } }, [
        { path: 'inputs.count', message: expect.stringContaining('0') },
      ]));

    it('text longer than maxLength', () =>
      expectInvalid({ inputs: { prompt: 'x'.repeat(101) } }, [{ path: 'inputs.prompt' }]));

    it('a value outside the pills options', () =>
      expectInvalid({ inputs: { ...VALID, style: 'italic' } }, [{ path: 'inputs.style' }]));

    it.each([
      ['http://', 'http://example.com/cat.png'],
      ['ftp://', 'ftp://example.com/cat.png'],
      ['not a URL', 'cat.png'],
      ['a number', 7],
      ['a data: URL that is not an image', 'data:text/plain;base64,aGVsbG8='],
    ])('a bad image URL (%s)', (_what, picture) =>
      expectInvalid({ inputs: { ...VALID, picture } }, [
        { path: 'inputs.picture', message: expect.stringContaining('https://') },
      ]),
    );

    it('video and audio fields take https:// only (no data: URL)', () =>
      expectInvalid(
        { inputs: { clip: 'http://example.com/a.mp4', sound: 'data:audio/wav;base64,AAAA' } },
        [{ path: 'inputs.clip' }, { path: 'inputs.sound' }],
        'media-form',
      ));

    it('names every bad field at once', async () => {
      const body = await expectInvalid({ inputs: { prompt: 1, count: 99, loud: 'no', extra: true } }, [
        { path: 'inputs.extra' },
        { path: 'inputs.prompt' },
        { path: 'inputs.count' },
        { path: 'inputs.loud' },
      ]);
      expect(body.details).toHaveLength(4);
    });

    it('an odd unknown key is named unambiguously', () =>
      expectInvalid({ inputs: { ...VALID, 'two words': 1 } }, [{ path: 'inputs["two words"]' }]));

    it('no execution was created by any of them', async () => {
      const res = await s.http.get('/api/executions').expect(200);
      expect(res.body.data).toEqual([]);
    });
  });

  describe('valid inputs', () => {
    it('omitted optional fields take their defaults', async () => {
      const res = await s.http.post('/api/workflows/form/run').send({ inputs: VALID }).expect(200);
      expect(res.body.result).toBe('hi x2 (plain, false)');
    });

    it('given values replace the defaults, and an https:// image is accepted', async () => {
      const res = await s.http
        .post('/api/workflows/form/run')
        .send({
          inputs: {
            prompt: 'yo',
            count: 10,
            style: 'bold',
            loud: true,
            picture: 'https://example.com/cat.png',
          },
        })
        .expect(200);
      expect(res.body.result).toBe('yo x10 (bold, true)');
    });

    it('boundary values pass (min and max inclusive)', async () => {
      const res = await s.http
        .post('/api/workflows/form/run')
        .send({ inputs: { prompt: 'edge', count: 1 } })
        .expect(200);
      expect(res.body.result).toBe('edge x1 (plain, false)');
    });

    it('the image workflow draws at the default width and height when they are omitted', async () => {
      await createWorkflow(s, DEMO_IMAGE_WORKFLOW);
      const res = await s.http
        .post('/api/workflows/demo-image/run')
        .send({ inputs: { prompt: 'defaults', height: 128 } })
        .expect(200);
      const meta = await sharp((await fetchMedia(t, res.body.result.images[0])).body).metadata();
      expect([meta.width, meta.height]).toEqual([512, 128]);
    });
  });

  describe('check order (§7)', () => {
    it('an unknown workflow with bad inputs is 404 first', async () => {
      const res = await s.http.post('/api/workflows/no-such-flow/run').send({ inputs: 'bad' }).expect(404);
      expect(res.body.code).toBe('WORKFLOW_NOT_FOUND');
      const missing = await s.http.post('/api/workflows/no-such-flow/run').send({}).expect(404);
      expect(missing.body.code).toBe('WORKFLOW_NOT_FOUND');
    });

    it('bad inputs with insufficient credits are 400 first', async () => {
      const poor = await t.createSession({ tier: 'pro', credits: 0 });
      await createWorkflow(poor, sandboxWorkflow('sandbox-image', {}, 'image', 'poor-image'));
      const bad = await poor.http
        .post('/api/workflows/poor-image/run')
        .send({ inputs: { prompt: 5 } })
        .expect(400);
      expect(bad.body).toMatchObject({
        code: 'INVALID_INPUTS',
        details: [{ path: 'inputs.prompt', message: expect.any(String) }],
      });
      const good = await poor.http
        .post('/api/workflows/poor-image/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(402);
      expect(good.body).toMatchObject({ code: 'INSUFFICIENT_CREDITS', required: 4, balance: 0 });
    });

    it('bad inputs on a workflow above the tier are 400 before 403 MODEL_TIER_REQUIRED', async () => {
      await createWorkflow(s, sandboxWorkflow('sandbox-image-xl', {}, 'image', 'xl-image'));
      const bad = await s.http.post('/api/workflows/xl-image/run').send({ inputs: {} }).expect(400);
      expect(bad.body.code).toBe('INVALID_INPUTS');
      const good = await s.http
        .post('/api/workflows/xl-image/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(403);
      expect(good.body.code).toBe('MODEL_TIER_REQUIRED');
    });

    it('ASYNC_NOT_SUPPORTED comes before 402, and reserves nothing', async () => {
      const poor = await t.createSession({ tier: 'pro', credits: 0 });
      await createWorkflow(poor, sandboxWorkflow('sandbox-text', {}, 'text', 'poor-text'));
      const async = await poor.http
        .post('/api/workflows/poor-text/run?async=true')
        .send({ inputs: { prompt: 'x' } })
        .expect(400);
      expect(async.body.code).toBe('ASYNC_NOT_SUPPORTED');
      const bad = await poor.http
        .post('/api/workflows/poor-text/run?async=true')
        .send({ inputs: {} })
        .expect(400);
      expect(bad.body.code).toBe('INVALID_INPUTS');
      const sync = await poor.http
        .post('/api/workflows/poor-text/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(402);
      expect(sync.body).toMatchObject({ code: 'INSUFFICIENT_CREDITS', required: 1, balance: 0 });
      expect(await balanceOf(t, poor.accountId)).toBe(0);
      expect(await ledgerOf(t, poor.accountId)).toEqual([]);
    });
  });
});
