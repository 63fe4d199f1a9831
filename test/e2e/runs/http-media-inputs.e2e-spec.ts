/**
 * Media inputs follow the target policy (API.md §5, §9): with ALLOW_HTTP_TARGETS=true (a LAN deployment) an
 * `http://` image URL is a valid run input and is fetched; with it false the same URL is 400 INVALID_INPUTS.
 */
import { createServer, Server } from 'node:http';
import sharp from 'sharp';
import { DEMO_THUMBNAIL_WORKFLOW } from '../../../src/modules/bootstrap/demo-workflows';
import { fetchMedia } from '../../support/run-helpers';
import { startTestApp, TestApp } from '../../support/test-app';
import { listenOnLoopback } from '../../support/loopback';

describe('http:// media inputs', () => {
  let server: Server;
  let pictureUrl: string;

  beforeAll(async () => {
    const png = await sharp({
      create: { width: 320, height: 160, channels: 3, background: { r: 20, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    server = createServer((req, res) => {
      if (req.url !== '/lan/picture.png') {
        res.statusCode = 404;
        return res.end();
      }
      res.setHeader('Content-Type', 'image/png');
      res.end(png);
    });
    pictureUrl = `${await listenOnLoopback(server)}/lan/picture.png`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  describe('with ALLOW_HTTP_TARGETS=true and ALLOW_PRIVATE_TARGETS=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'true', ALLOW_HTTP_TARGETS: 'true' });
    });
    afterAll(() => t.close());

    it('accepts an http:// image URL from the LAN server and thumbnails it', async () => {
      const s = await t.createSession({ tier: 'pro' });
      await s.http.post('/api/workflows').send(DEMO_THUMBNAIL_WORKFLOW).expect(201);
      const res = await s.http
        .post('/api/workflows/demo-thumbnail/run')
        .send({ inputs: { image: pictureUrl } });
      expect(res.status).toBe(200);
      const media = await fetchMedia(t, res.body.result.images[0]);
      expect(media.contentType).toBe('image/webp');
      const meta = await sharp(media.body).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 128]);
    });

    it('still refuses a scheme that is not http(s)', async () => {
      const s = await t.createSession({ tier: 'pro' });
      await s.http
        .post('/api/workflows')
        .send({ ...DEMO_THUMBNAIL_WORKFLOW, slug: 'thumb-ftp' })
        .expect(201);
      const res = await s.http
        .post('/api/workflows/thumb-ftp/run')
        .send({ inputs: { image: 'ftp://127.0.0.1/a.png' } })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUTS', details: [{ path: 'inputs.image' }] });
    });
  });

  describe('with ALLOW_HTTP_TARGETS=false', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'true', ALLOW_HTTP_TARGETS: 'false' });
    });
    afterAll(() => t.close());

    it('refuses the same http:// URL: 400 INVALID_INPUTS saying https', async () => {
      const s = await t.createSession({ tier: 'pro' });
      await s.http.post('/api/workflows').send(DEMO_THUMBNAIL_WORKFLOW).expect(201);
      const res = await s.http
        .post('/api/workflows/demo-thumbnail/run')
        .send({ inputs: { image: pictureUrl } })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'INVALID_INPUTS',
        details: [{ path: 'inputs.image', message: expect.stringMatching(/https:\/\//) }],
      });
    });
  });
});
