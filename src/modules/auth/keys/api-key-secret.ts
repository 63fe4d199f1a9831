import { hash, randomBytes } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const KEY_PREFIX = 'fg_live_';
const KEY_RANDOM_CHARS = 40;

/** `fg_live_` + 40 uniformly random base62 characters (rejection sampling keeps the distribution flat). */
export function generateApiKey(): string {
  let out = '';
  while (out.length < KEY_RANDOM_CHARS) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < KEY_RANDOM_CHARS) out += BASE62[byte % 62];
    }
  }
  return KEY_PREFIX + out;
}

/**
 * Keys are long and random, so a fast hash is enough: no salt or KDF needed to resist guessing. One-shot
 * `crypto.hash` (every request hashes its key to find it in the cache): no Hash object per call.
 */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
