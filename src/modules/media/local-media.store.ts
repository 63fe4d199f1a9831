/** MediaStore on the local disk under `<DATA_DIR>/media`, one file per key. */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { extensionForContentType } from './media-formats';
import { isDayExpired } from './media-retention';
import { MediaStore, StoredMedia } from './media.types';
import { contentTypeFromKey, isMediaKey, mediaUrlForKey } from './media-url';

export class LocalMediaStore implements MediaStore {
  private readonly root: string;

  constructor(
    dataDir: string,
    private readonly publicBaseUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.root = resolve(dataDir, 'media');
  }

  async put(data: Buffer, contentType: string): Promise<StoredMedia> {
    const key = newKey(extensionForContentType(contentType), this.clock());
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    // Write aside then rename, so a reader never sees a half-written file under the final name.
    const partial = `${path}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
    return { key, contentType: contentTypeFromKey(key), url: mediaUrlForKey(key, this.publicBaseUrl) };
  }

  async get(key: string): Promise<{ data: Buffer; contentType: string } | null> {
    const path = this.pathOf(key);
    if (!path) return null;
    try {
      return { data: await readFile(path), contentType: contentTypeFromKey(key) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Deletes the day folders written before `cutoff` (MEDIA_RETENTION_DAYS); answers how many files went. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const year of await subfolders(this.root))
      for (const month of await subfolders(join(this.root, year)))
        for (const day of await subfolders(join(this.root, year, month))) {
          if (!isDayExpired(year, month, day, cutoff)) continue;
          const folder = join(this.root, year, month, day);
          deleted += (await readdir(folder)).filter((name) => !name.endsWith('.partial')).length;
          await rm(folder, { recursive: true, force: true });
        }
    return deleted;
  }

  /** null for anything that is not a key we could have written (`..`, absolute paths, odd names). */
  private pathOf(key: string): string | null {
    if (!isMediaKey(key)) return null;
    const path = resolve(this.root, key);
    return path.startsWith(this.root + sep) ? path : null;
  }
}

function newKey(extension: string, now: Date): string {
  const yyyy = now.getUTCFullYear();
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(now.getUTCDate()).padStart(2, '0');
  return `${yyyy}/${mm}/${dd}/${randomUUID()}.${extension}`;
}

async function subfolders(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
