/** The content types media files are stored under, and the file extensions that carry them. */

const EXTENSION_BY_TYPE: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'video/mp4': 'mp4',
  'application/json': 'json',
  'text/plain': 'txt',
};

const TYPE_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
};

const UNKNOWN_EXTENSION = 'bin';
const UNKNOWN_TYPE = 'application/octet-stream';

/** `image/png; foo=bar` → `image/png`. */
export function essenceOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

export function extensionForContentType(contentType: string): string {
  return EXTENSION_BY_TYPE[essenceOf(contentType)] ?? UNKNOWN_EXTENSION;
}

export function contentTypeForExtension(extension: string): string {
  return TYPE_BY_EXTENSION[extension.toLowerCase()] ?? UNKNOWN_TYPE;
}
