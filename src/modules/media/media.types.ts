/** Media storage behind an interface: local folder by default (S3-compatible could follow). */

export interface StoredMedia {
  /** Store key, e.g. `2026/11/29/<uuid>.png`: safe as a URL path segment list. */
  key: string;
  contentType: string;
  /** Absolute URL under PUBLIC_BASE_URL that the API serves. */
  url: string;
}

export interface MediaStore {
  put(data: Buffer, contentType: string): Promise<StoredMedia>;
  /** null when the key does not exist. */
  get(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  /** Deletes media stored before `cutoff` (MEDIA_RETENTION_DAYS); answers how many files were deleted. */
  deleteOlderThan?(cutoff: Date): Promise<number>;
}

/** Nest injection token for the MediaStore. */
export const MEDIA_STORE = Symbol('MEDIA_STORE');

/** Reference to a media value flowing between nodes. */
export interface MediaRef {
  kind: 'image' | 'video' | 'audio';
  url: string;
  contentType?: string;
}
