import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMediaStore } from './local-media.store';

describe('LocalMediaStore', () => {
  let dataDir: string;
  let store: LocalMediaStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flowgate-store-'));
    store = new LocalMediaStore(dataDir, 'https://flowgate.example/');
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('writes under media/YYYY/MM/DD/<uuid>.<ext> and answers its public URL', async () => {
    const stored = await store.put(Buffer.from('png bytes'), 'image/png');
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    expect(stored.key).toMatch(new RegExp(`^${today}/[0-9a-f-]{36}\\.png$`));
    expect(stored.url).toBe(`https://flowgate.example/media/${stored.key}`);
    expect(stored.contentType).toBe('image/png');
    expect(await readFile(join(dataDir, 'media', stored.key), 'utf8')).toBe('png bytes');
  });

  it.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpg'],
    ['image/webp', 'webp'],
    ['image/gif', 'gif'],
    ['image/avif', 'avif'],
    ['audio/wav', 'wav'],
    ['video/mp4', 'mp4'],
    ['application/json', 'json'],
    ['text/plain; charset=utf-8', 'txt'],
    ['application/x-unknown', 'bin'],
  ])('names %s files .%s', async (contentType, ext) => {
    const stored = await store.put(Buffer.from('x'), contentType);
    expect(stored.key.endsWith(`.${ext}`)).toBe(true);
  });

  it('reads back what it wrote, with the content type', async () => {
    const stored = await store.put(Buffer.from('RIFF'), 'audio/wav');
    expect(await store.get(stored.key)).toEqual({ data: Buffer.from('RIFF'), contentType: 'audio/wav' });
  });

  it('gives each put a new key', async () => {
    const a = await store.put(Buffer.from('same'), 'text/plain');
    const b = await store.put(Buffer.from('same'), 'text/plain');
    expect(a.key).not.toBe(b.key);
  });

  it('answers null for a missing key', async () => {
    expect(await store.get('2020/01/01/00000000-0000-4000-8000-000000000000.png')).toBeNull();
  });

  it('answers null for keys that try to leave the media folder', async () => {
    await writeFile(join(dataDir, 'secret.txt'), 'secret');
    for (const key of [
      '../secret.txt',
      '/etc/passwd',
      '2020/01/01/../../../../secret.txt',
      '',
      'media/../secret.txt',
    ]) {
      expect(await store.get(key)).toBeNull();
    }
  });
});
