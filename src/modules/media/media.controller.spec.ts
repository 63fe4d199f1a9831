import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DomainErrorFilter } from '../../common/errors/domain-error.filter';
import { MediaFetcher } from './media-fetcher';
import { MediaModule } from './media.module';
import { MEDIA_STORE, MediaStore } from './media.types';

describe('MediaController (Fastify)', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  let store: MediaStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flowgate-media-'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        MediaModule.register({
          dataDir,
          publicBaseUrl: 'http://localhost:3000',
          fetchMaxBytes: 1024 * 1024,
          policy: { allowPrivate: false, allowHttp: false },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new DomainErrorFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    store = app.get(MEDIA_STORE);
  });

  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves a stored file with its type and immutable caching', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    const stored = await store.put(png, 'image/png');
    const res = await app.inject({ method: 'GET', url: `/media/${stored.key}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.equals(png)).toBe(true);
  });

  it('answers 404 for a missing key', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/media/2020/01/01/00000000-0000-4000-8000-000000000000.png',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 404 for traversal attempts', async () => {
    for (const url of [
      '/media/..%2F..%2Fetc%2Fpasswd',
      '/media/%2Fetc%2Fpasswd',
      '/media/../../etc/passwd',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
    }
  });

  it('exports a MediaFetcher that reads our own URLs from the store', async () => {
    const stored = await store.put(Buffer.from('{"a":1}'), 'application/json');
    const loaded = await app.get(MediaFetcher).load(stored.url);
    expect(loaded).toEqual({ data: Buffer.from('{"a":1}'), contentType: 'application/json' });
  });
});
