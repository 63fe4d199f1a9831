/**
 * Loads the bytes behind a media URL given to a run: our own media straight from the store, `data:` URLs
 * decoded in place, anything else fetched under the outbound URL rules (API.md §9).
 */
import { TargetPolicy, TargetRefusedError } from '../../common/net/net.types';
import { safeFetch } from '../../common/net/safe-fetch';
import { decodeDataUrl, isDataUrl } from './data-url';
import { DEFAULT_FETCH_MAX_BYTES } from './media.options';
import { MediaStore } from './media.types';
import { mediaKeyFromUrl } from './media-url';
import { essenceOf } from './media-formats';

export interface LoadedMedia {
  data: Buffer;
  contentType: string;
}

export class MediaFetcher {
  constructor(
    private readonly store: MediaStore,
    private readonly publicBaseUrl: string,
    private readonly policy: TargetPolicy,
    private readonly maxBytes: number = DEFAULT_FETCH_MAX_BYTES,
  ) {}

  async load(url: string, signal?: AbortSignal): Promise<LoadedMedia> {
    if (isDataUrl(url)) return decodeDataUrl(url, this.maxBytes);

    // Our own URLs never go over HTTP: PUBLIC_BASE_URL is often a private address the policy would refuse.
    const key = mediaKeyFromUrl(url, this.publicBaseUrl);
    if (key) {
      const stored = await this.store.get(key);
      if (!stored) throw new TargetRefusedError(`media ${url} does not exist`);
      return stored;
    }

    const res = await safeFetch(url, { maxBytes: this.maxBytes, signal }, this.policy);
    if (res.status < 200 || res.status > 299) {
      throw new TargetRefusedError(`media URL answered HTTP ${res.status}`);
    }
    const contentType = res.headers['content-type'];
    return { data: res.body, contentType: contentType ? essenceOf(contentType) : 'application/octet-stream' };
  }
}
