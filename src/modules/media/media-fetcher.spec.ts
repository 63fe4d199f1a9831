import { createServer, Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { TargetRefusedError } from '../../common/net/net.types';
import { LocalMediaStore } from './local-media.store';
import { MediaFetcher } from './media-fetcher';

describe('MediaFetcher', () => {
  const base = 'http://127.0.0.1:9'; // our own URLs: never contacted, the store answers
  let dataDir: string;
  let store: LocalMediaStore;
  let server: Server;
  let origin: string;
  let png: Buffer;
  let hits: number;

  beforeAll(async () => {
    png = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#f00f' } })
      .png()
      .toBuffer();
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/cat.png') {
        res.setHeader('Content-Type', 'image/png; foo=bar');
        res.end(png);
      } else if (req.url === '/big') {
        res.end(Buffer.alloc(4096));
      } else {
        res.statusCode = 404;
        res.end('missing');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    hits = 0;
    dataDir = await mkdtemp(join(tmpdir(), 'flowgate-fetch-'));
    store = new LocalMediaStore(dataDir, base);
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = () => new MediaFetcher(store, base, { allowPrivate: true, allowHttp: true }, 1024);
  const strict = () => new MediaFetcher(store, base, { allowPrivate: false, allowHttp: false }, 1024);

  it('reads our own media from the store even under a strict policy', async () => {
    const stored = await store.put(png, 'image/png');
    expect(await strict().load(stored.url)).toEqual({ data: png, contentType: 'image/png' });
  });

  it('refuses our own URL when the file does not exist', async () => {
    await expect(
      strict().load(`${base}/media/2020/01/01/00000000-0000-4000-8000-000000000000.png`),
    ).rejects.toThrow(/does not exist/);
  });

  it('decodes data URLs', async () => {
    const loaded = await strict().load(`data:image/png;base64,${png.toString('base64')}`);
    expect(loaded).toEqual({ data: png, contentType: 'image/png' });
  });

  it('fetches other URLs, content type without parameters', async () => {
    expect(await open().load(`${origin}/cat.png`)).toEqual({ data: png, contentType: 'image/png' });
  });

  it('fails on a non-2xx answer', async () => {
    await expect(open().load(`${origin}/nope`)).rejects.toThrow(
      new TargetRefusedError('media URL answered HTTP 404'),
    );
  });

  it('fails past maxBytes', async () => {
    await expect(open().load(`${origin}/big`)).rejects.toThrow(/response too large/);
  });

  it('applies the URL rules to other URLs', async () => {
    await expect(strict().load(`${origin}/cat.png`)).rejects.toThrow(TargetRefusedError);
    await expect(
      new MediaFetcher(store, base, { allowPrivate: false, allowHttp: true }).load(`${origin}/cat.png`),
    ).rejects.toThrow('The target address is not allowed.');
    expect(hits).toBe(0);
  });
});
