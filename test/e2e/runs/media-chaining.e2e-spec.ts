import sharp from 'sharp';
import { DEMO_IMAGE_WORKFLOW, DEMO_THUMBNAIL_WORKFLOW } from '../../../src/modules/bootstrap/demo-workflows';
import { startTestApp, TestApp } from '../../support/test-app';

/** A run's media URL (served by this server, plain http in development) is a valid media input of another run. */
describe('media URLs of this server as run inputs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'false', ALLOW_HTTP_TARGETS: 'false' });
  });
  afterAll(() => t.close());

  it('feeds the demo image into the demo thumbnail: a 256-wide WebP', async () => {
    const s = await t.createSession({ tier: 'pro', credits: 10 });
    await s.http.post('/api/workflows').send(DEMO_IMAGE_WORKFLOW).expect(201);
    await s.http.post('/api/workflows').send(DEMO_THUMBNAIL_WORKFLOW).expect(201);
    const image = await s.http
      .post('/api/workflows/demo-image/run')
      .send({ inputs: { prompt: 'dunes', width: 640, height: 320 } })
      .expect(200);
    const imageUrl: string = image.body.result.images[0];
    expect(imageUrl.startsWith(`${t.baseUrl}/media/`)).toBe(true);

    const thumb = await s.http
      .post('/api/workflows/demo-thumbnail/run')
      .send({ inputs: { image: imageUrl } })
      .expect(200);
    const response = await fetch(thumb.body.result.images[0]);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 128]);
  });

  it('still refuses other plain-http URLs', async () => {
    const s = await t.createSession({ tier: 'pro' });
    await s.http
      .post('/api/workflows')
      .send({ ...DEMO_THUMBNAIL_WORKFLOW, slug: 'thumb-2' })
      .expect(201);
    const res = await s.http
      .post('/api/workflows/thumb-2/run')
      .send({ inputs: { image: 'http://example.com/a.png' } })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUTS', details: [{ path: 'inputs.image' }] });
  });
});
