/** Result file references in the shapes task APIs answer with: a URL, `{url, content_type}`, or a list of either. */
import type { ResultFile } from '../media/result-media';

export function resultFilesIn(value: unknown): ResultFile[] {
  if (typeof value === 'string' && value !== '') return [{ url: value }];
  if (Array.isArray(value)) return value.flatMap(resultFilesIn);
  if (typeof value === 'object' && value !== null) {
    const { url, content_type: contentType } = value as { url?: unknown; content_type?: unknown };
    if (typeof url === 'string' && url !== '')
      return [{ url, contentType: typeof contentType === 'string' ? contentType : undefined }];
  }
  return [];
}
