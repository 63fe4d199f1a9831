/** What the media module needs from the app config; the lead provides it under MEDIA_OPTIONS. */
import type { TargetPolicy } from '../../common/net/net.types';

export interface MediaOptions {
  /** DATA_DIR: files go under `<dataDir>/media`. */
  dataDir: string;
  /** PUBLIC_BASE_URL: media URLs are `<publicBaseUrl>/media/<key>`. */
  publicBaseUrl: string;
  /** Largest media file fetched from a URL, in bytes. */
  fetchMaxBytes: number;
  /** ALLOW_PRIVATE_TARGETS / ALLOW_HTTP_TARGETS for media fetches. */
  policy: TargetPolicy;
  /** MEDIA_RETENTION_DAYS: media older than this is deleted by the cleanup job; 0 or unset keeps it. */
  retentionDays?: number;
}

export const MEDIA_OPTIONS = Symbol('MEDIA_OPTIONS');

/** 20 MiB: a generous image or short clip, small enough to hold in memory. */
export const DEFAULT_FETCH_MAX_BYTES = 20 * 1024 * 1024;
