/**
 * A provider's result files, brought home: URLs a provider answered with are downloaded (through the media
 * fetcher, so under the URL rules of API.md §9 and its size cap) and checked to be the kind the model makes, so
 * results never point at provider URLs that expire. The engine then stores them and answers with our own URLs.
 */
import { TargetRefusedError } from '../../../common/net/net.types';
import type { ModelKind } from '../../models/model.types';
import { ProviderError, ProviderMedia } from '../provider.types';

export interface ResultMediaLoader {
  load(url: string, signal?: AbortSignal): Promise<{ data: Buffer; contentType: string }>;
}

/** A result file as the provider described it: a URL and, where it says, the file's content type. */
export interface ResultFile {
  url: string;
  contentType?: string;
}

export async function downloadResultMedia(
  files: ResultFile[],
  kind: Exclude<ModelKind, 'text'>,
  loader: ResultMediaLoader,
  signal: AbortSignal,
): Promise<ProviderMedia[]> {
  const media: ProviderMedia[] = [];
  for (const file of files) {
    let loaded: { data: Buffer; contentType: string };
    try {
      loaded = await loader.load(file.url, signal);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      const cause = err instanceof TargetRefusedError ? err.message : (err as Error).message;
      throw new ProviderError(`the provider's result file could not be downloaded: ${cause}`);
    }
    media.push({ data: loaded.data, contentType: contentTypeOf(loaded.contentType, file.contentType, kind) });
  }
  return media;
}

/** The served type when it is of the model's kind; the provider's own word when the server sent a generic one. */
function contentTypeOf(served: string, described: string | undefined, kind: string): string {
  if (served.startsWith(`${kind}/`)) return served;
  if (served === 'application/octet-stream' && described?.startsWith(`${kind}/`)) return described;
  throw new ProviderError(
    `the provider's result file is ${served}, not ${kind === 'image' ? 'an' : 'a'} ${kind}`,
  );
}

/** Base64 image bytes (OpenAI `b64_json`): the type read from the file's own signature. */
export function imageFromBase64(b64: string): ProviderMedia {
  const data = Buffer.from(b64, 'base64');
  return { data, contentType: sniffImageType(data) };
}

function sniffImageType(data: Buffer): string {
  if (data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  if (data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  throw new ProviderError('the provider returned image data that is not a PNG, JPEG, WebP or GIF');
}
