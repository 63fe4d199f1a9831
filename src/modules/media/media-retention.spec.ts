import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMediaStore } from './local-media.store';
import { MediaCleanupJob } from './media-cleanup.job';
import { isDayExpired, retentionCutoff } from './media-retention';

describe('media retention', () => {
  const now = new Date('2026-12-10T12:00:00Z');

  it('expires a day only once all of it is older than the cutoff', () => {
    const cutoff = retentionCutoff(now, 7); // 2026-12-03T12:00Z
    expect(isDayExpired('2026', '12', '02', cutoff)).toBe(true);
    expect(isDayExpired('2026', '12', '03', cutoff)).toBe(false);
    expect(isDayExpired('2026', '12', '09', cutoff)).toBe(false);
    expect(isDayExpired('x', '12', '01', cutoff)).toBe(false);
  });

  it('deletes the stored files of expired days and keeps the rest (real folder)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowgate-media-'));
    const old = new LocalMediaStore(dir, 'http://x', () => new Date('2026-11-01T10:00:00Z'));
    const fresh = new LocalMediaStore(dir, 'http://x', () => new Date('2026-12-09T10:00:00Z'));
    const a = await old.put(Buffer.from('old'), 'image/png');
    const b = await fresh.put(Buffer.from('new'), 'image/png');

    const deleted = await fresh.deleteOlderThan(retentionCutoff(now, 7));
    expect(deleted).toBe(1);
    expect(await fresh.get(a.key)).toBeNull();
    expect((await fresh.get(b.key))?.data.toString()).toBe('new');
    expect(existsSync(join(dir, 'media', '2026', '11', '01'))).toBe(false);
  });
});

describe('MediaCleanupJob', () => {
  it('deletes only what is past MEDIA_RETENTION_DAYS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowgate-media-'));
    const store = new LocalMediaStore(dir, 'http://x', () => new Date('2026-11-01T10:00:00Z'));
    const stored = await store.put(Buffer.from('old'), 'image/png');
    const options = {
      dataDir: dir,
      publicBaseUrl: 'http://x',
      fetchMaxBytes: 1024,
      policy: { allowPrivate: false, allowHttp: false },
    };

    expect(
      await new MediaCleanupJob(store, { ...options, retentionDays: 60 }).deleteExpired(
        new Date('2026-12-01T00:00:00Z'),
      ),
    ).toBe(0);
    expect(await store.get(stored.key)).not.toBeNull();
    expect(
      await new MediaCleanupJob(store, { ...options, retentionDays: 30 }).deleteExpired(
        new Date('2026-12-10T00:00:00Z'),
      ),
    ).toBe(1);
    expect(await store.get(stored.key)).toBeNull();
  });
});
