/** Media references accepted in run inputs (API.md §5: an `https://` URL, or for images a base64 `data:` URL). */

export type MediaKind = 'image' | 'video' | 'audio';

const IMAGE_DATA_URL = /^data:image\/[a-zA-Z0-9.+-]+;base64,/;

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * `isOwnMedia` recognises URLs of media this server stored (under PUBLIC_BASE_URL, which may be plain http in
 * development): they are read from the store, never fetched, so a run's output can feed another run.
 */
export function isMediaReference(kind: MediaKind, value: unknown, isOwnMedia?: (url: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  return isHttpsUrl(value) || (kind === 'image' && IMAGE_DATA_URL.test(value)) || isOwnMedia?.(value) === true;
}

/** The message for a value that is not a media reference, the same wherever media is validated. */
export function mediaReferenceMessage(kind: MediaKind): string {
  return kind === 'image'
    ? 'must be an https:// URL or a data:image/...;base64, URL'
    : 'must be an https:// URL';
}
