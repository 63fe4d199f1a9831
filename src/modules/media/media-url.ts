/** How store keys map to the public URLs the API serves them under (`<PUBLIC_BASE_URL>/media/<key>`). */
import { contentTypeForExtension } from './media-formats';

/** Keys this server writes: `YYYY/MM/DD/<uuid>.<ext>`. Anything else is not ours, which rules out traversal. */
const MEDIA_KEY =
  /^\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{1,8}$/;

export function isMediaKey(key: string): boolean {
  return MEDIA_KEY.test(key);
}

export function mediaUrlForKey(key: string, publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/media/${key}`;
}

/** The store key when `url` points at our own media route, else null (query and fragment are ignored). */
export function mediaKeyFromUrl(url: string, publicBaseUrl: string): string | null {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(publicBaseUrl);
  } catch {
    return null;
  }
  if (target.origin !== base.origin) return null;
  const prefix = `${base.pathname.replace(/\/+$/, '')}/media/`;
  if (!target.pathname.startsWith(prefix)) return null;
  const key = target.pathname.slice(prefix.length);
  return isMediaKey(key) ? key : null;
}

export function contentTypeFromKey(key: string): string {
  const dot = key.lastIndexOf('.');
  return contentTypeForExtension(dot === -1 ? '' : key.slice(dot + 1));
}
