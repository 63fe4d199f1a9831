/**
 * Media values travel between nodes in several forms: a MediaRef, a list of them (a model's `out`),
 * or plain URL strings (request-input values, JSON from an http-request). These read URLs out of any of them.
 */
import type { MediaRef } from '../media/media.types';

export function isMediaRef(value: unknown): value is MediaRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MediaRef).url === 'string' &&
    typeof (value as MediaRef).kind === 'string'
  );
}

/** Every URL in a MediaRef, MediaRef[], URL string or string[]; anything else contributes nothing. */
export function mediaUrls(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (isMediaRef(item)) return [item.url];
    return [];
  });
}

/** The first URL of a media value: single-media inputs take the first of a list. */
export function firstMediaUrl(value: unknown): string | undefined {
  return mediaUrls(value)[0];
}
