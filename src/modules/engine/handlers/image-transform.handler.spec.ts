import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { Metadata } from 'sharp';
import { LocalMediaStore } from '../../media/local-media.store';
import { MediaFetcher } from '../../media/media-fetcher';
import type { MediaRef } from '../../media/media.types';
import { mediaKeyFromUrl } from '../../media/media-url';
import type { NodeContext } from '../engine.types';
import { ImageTransformHandler } from './image-transform.handler';

const BASE = 'https://flowgate.example';

describe('ImageTransformHandler', () => {
  let dataDir: string;
  let store: LocalMediaStore;
  let handler: ImageTransformHandler;
  let redPng: MediaRef;

  /** 100×60, left half black, right half white: edges for blur, colour for grayscale. */
  async function twoTone(format: 'png' | 'jpeg' | 'tiff' = 'png'): Promise<Buffer> {
    const pixels = Buffer.alloc(100 * 60 * 3);
    for (let i = 0; i < 100 * 60; i++) if (i % 100 >= 50) pixels.fill(255, i * 3, i * 3 + 3);
    return sharp(pixels, { raw: { width: 100, height: 60, channels: 3 } })
      .toFormat(format)
      .toBuffer();
  }

  async function upload(data: Buffer, contentType: string): Promise<MediaRef> {
    const stored = await store.put(data, contentType);
    return { kind: 'image', url: stored.url, contentType };
  }

  async function transform(
    image: unknown,
    ops: unknown[],
  ): Promise<{ ref: MediaRef; data: Buffer; meta: Metadata }> {
    const ctx: NodeContext = {
      node: { id: 'resize', type: 'image-transform', data: { ops } },
      inputs: { image },
      runInputs: {},
      signal: new AbortController().signal,
      services: {
        reportProviderRequestId: jest.fn(),
        reportUsage: jest.fn(),
        priorSubmission: () => undefined,
        reportSubmission: jest.fn(),
      },
    };
    const ref = (await handler.run(ctx)).image as MediaRef;
    const stored = await store.get(mediaKeyFromUrl(ref.url, BASE)!);
    return { ref, data: stored!.data, meta: await sharp(stored!.data).metadata() };
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flowgate-engine-'));
    store = new LocalMediaStore(dataDir, BASE);
    handler = new ImageTransformHandler(
      new MediaFetcher(store, BASE, { allowPrivate: false, allowHttp: false }),
      store,
    );
    const red = await sharp({ create: { width: 100, height: 60, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    redPng = await upload(red, 'image/png');
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('stores the result and answers an image MediaRef to it', async () => {
    const { ref, meta } = await transform(redPng, []);
    expect(ref).toEqual({
      kind: 'image',
      url: expect.stringMatching(`^${BASE}/media/.+\\.png$`),
      contentType: 'image/png',
    });
    expect(meta).toMatchObject({ format: 'png', width: 100, height: 60 });
  });

  it('resize: to the box, with the fit asked for', async () => {
    expect(
      (await transform(redPng, [{ op: 'resize', width: 40, height: 40, fit: 'fill' }])).meta,
    ).toMatchObject({
      width: 40,
      height: 40,
    });
    expect(
      (await transform(redPng, [{ op: 'resize', width: 40, height: 40, fit: 'inside' }])).meta,
    ).toMatchObject({
      width: 40,
      height: 24,
    });
    expect((await transform(redPng, [{ op: 'resize', width: 50 }])).meta).toMatchObject({
      width: 50,
      height: 30,
    });
  });

  it('crop: extracts the region', async () => {
    const { meta } = await transform(redPng, [{ op: 'crop', left: 10, top: 5, width: 30, height: 20 }]);
    expect(meta).toMatchObject({ width: 30, height: 20 });
  });

  it('rotate: turns the image', async () => {
    expect((await transform(redPng, [{ op: 'rotate', angle: 90 }])).meta).toMatchObject({
      width: 60,
      height: 100,
    });
  });

  it('grayscale: drops the colour', async () => {
    const { data } = await transform(redPng, [{ op: 'grayscale' }]);
    const { data: pixels, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
    const [r, g, b] =
      info.channels >= 3 ? [pixels[0], pixels[1], pixels[2]] : [pixels[0], pixels[0], pixels[0]];
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(r).toBeGreaterThan(0); // pure red becomes a mid-dark grey, not black
    expect(r).toBeLessThan(255);
  });

  it('blur: softens edges', async () => {
    const sharpEdges = await upload(await twoTone(), 'image/png');
    const { data } = await transform(sharpEdges, [{ op: 'blur', sigma: 4 }]);
    const { data: pixels } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
    const greyPixels = [...pixels].filter((value) => value > 10 && value < 245).length;
    expect(greyPixels).toBeGreaterThan(0); // the unblurred image has only 0 and 255
  });

  it.each([
    ['png', 'image/png', 'png'],
    ['jpeg', 'image/jpeg', 'jpeg'],
    ['webp', 'image/webp', 'webp'],
    ['avif', 'image/avif', 'heif'],
  ])('format %s: encodes as it', async (format, contentType, sharpFormat) => {
    const { ref, meta } = await transform(redPng, [{ op: 'format', format, quality: 60 }]);
    expect(ref.contentType).toBe(contentType);
    expect(meta.format).toBe(sharpFormat);
  });

  it('keeps the input format without a format op, and falls back to PNG for one it cannot serve', async () => {
    const jpeg = await upload(await twoTone('jpeg'), 'image/jpeg');
    expect((await transform(jpeg, [{ op: 'grayscale' }])).meta.format).toBe('jpeg');

    const tiffUrl = `data:image/tiff;base64,${(await twoTone('tiff')).toString('base64')}`;
    const { ref, meta } = await transform(tiffUrl, [{ op: 'resize', width: 10 }]);
    expect(meta.format).toBe('png');
    expect(ref.contentType).toBe('image/png');
  });

  it('applies ops in the listed order', async () => {
    const resizeThenCrop = [
      { op: 'resize', width: 50, height: 30, fit: 'fill' },
      { op: 'crop', left: 0, top: 0, width: 40, height: 20 },
    ];
    expect((await transform(redPng, resizeThenCrop)).meta).toMatchObject({ width: 40, height: 20 });
    const cropThenResize = [
      { op: 'crop', left: 0, top: 0, width: 40, height: 20 },
      { op: 'resize', width: 80 },
    ];
    expect((await transform(redPng, cropThenResize)).meta).toMatchObject({ width: 80, height: 40 });
  });

  it('takes the first of a MediaRef list, or a plain URL', async () => {
    const second = await upload(await twoTone(), 'image/png');
    expect((await transform([redPng, second], [{ op: 'rotate', angle: 90 }])).meta.width).toBe(60);
    expect((await transform(redPng.url, [{ op: 'resize', width: 10 }])).meta.width).toBe(10);
  });

  it('refuses a pass that would hold more pixels than MAX_MEDIA_BYTES, before sharp allocates them', async () => {
    handler = new ImageTransformHandler(
      new MediaFetcher(store, BASE, { allowPrivate: false, allowHttp: false }),
      store,
      1024 * 1024,
    );
    await expect(transform(redPng, [{ op: 'resize', width: 16384, height: 16384 }])).rejects.toThrow(
      'the image (16384×16384 pixels) would be too large: 1073741824 bytes, over 1048576 (MAX_MEDIA_BYTES)',
    );
    await expect(transform(redPng, [{ op: 'resize', width: 500 }])).resolves.toMatchObject({
      meta: { width: 500, height: 300 },
    });
  });

  it('fails on an unknown op or a missing image', async () => {
    await expect(transform(redPng, [{ op: 'sepia' }])).rejects.toThrow('unknown op "sepia"');
    await expect(transform(undefined, [])).rejects.toThrow('needs an image');
  });
});
