/**
 * Media references accepted in run inputs (API.md §5): an `https://` URL — or `http://` when the server allows
 * http targets (ALLOW_HTTP_TARGETS, §9) — or for images a base64 `data:` URL.
 */

export type MediaKind = 'image' | 'video' | 'audio';

/** Which media URLs a run may give: the outbound target policy's scheme rule, passed in by the caller. */
export interface MediaInputPolicy {
  /** ALLOW_HTTP_TARGETS: plain `http://` URLs are fetched too. */
  allowHttp: boolean;
  /**
   * Recognises URLs of media this server stored (under PUBLIC_BASE_URL, which may be plain http in development):
   * they are read from the store, never fetched, so a run's output can feed another run.
   */
  isOwnMedia?: (url: string) => boolean;
}

/** https only: the default when no policy is given. */
export const HTTPS_MEDIA_ONLY: MediaInputPolicy = { allowHttp: false };

const IMAGE_DATA_URL = /^data:image\/[a-zA-Z0-9.+-]+;base64,/;

/** An absolute URL with a host whose scheme the policy lets the server fetch. */
export function isFetchableUrl(value: string, allowHttp: boolean): boolean {
  try {
    const url = new URL(value);
    const schemeOk = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
    return schemeOk && url.hostname !== '';
  } catch {
    return false;
  }
}

export function isMediaReference(
  kind: MediaKind,
  value: unknown,
  policy: MediaInputPolicy = HTTPS_MEDIA_ONLY,
): boolean {
  if (typeof value !== 'string') return false;
  return (
    isFetchableUrl(value, policy.allowHttp) ||
    (kind === 'image' && IMAGE_DATA_URL.test(value)) ||
    policy.isOwnMedia?.(value) === true
  );
}

/** The message for a value that is not a media reference, the same wherever media is validated. */
export function mediaReferenceMessage(kind: MediaKind, policy: MediaInputPolicy = HTTPS_MEDIA_ONLY): string {
  const url = policy.allowHttp ? 'an https:// or http:// URL' : 'an https:// URL';
  return kind === 'image' ? `must be ${url} or a data:image/...;base64, URL` : `must be ${url}`;
}
