/** Decoding of `data:` URLs (RFC 2397), which media inputs may use instead of a fetchable URL. */
import { TargetRefusedError } from '../../common/net/net.types';
import { essenceOf } from './media-formats';

export interface DecodedDataUrl {
  data: Buffer;
  contentType: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isDataUrl(url: string): boolean {
  return /^data:/i.test(url);
}

/** Base64 and percent-encoded forms; `maxBytes` caps the decoded size. */
export function decodeDataUrl(url: string, maxBytes: number): DecodedDataUrl {
  const comma = url.indexOf(',');
  if (!isDataUrl(url) || comma === -1) throw new TargetRefusedError('data URL is malformed');
  let meta = url.slice(5, comma).trim();
  const payload = url.slice(comma + 1);
  // Cheap early refusal before decoding anything: decoded data is never longer than the text.
  if (payload.length > maxBytes * 2)
    throw new TargetRefusedError(`data URL too large (over ${maxBytes} bytes)`);

  const isBase64 = /;\s*base64$/i.test(meta);
  if (isBase64) meta = meta.replace(/;\s*base64$/i, '');
  const bytes = percentDecode(payload);
  let data = bytes;
  if (isBase64) {
    const text = bytes.toString('latin1').replace(/[\s]/g, '');
    if (!BASE64.test(text)) throw new TargetRefusedError('data URL has invalid base64');
    data = Buffer.from(text, 'base64');
  }
  if (data.length > maxBytes) throw new TargetRefusedError(`data URL too large (over ${maxBytes} bytes)`);
  // Parameters are dropped, as for fetched media: consumers only look at the type itself.
  return { data, contentType: essenceOf(meta) || 'text/plain' };
}

/** `%XX` to bytes; other characters as their UTF-8 bytes. Lenient like browsers: a stray `%` stays. */
function percentDecode(text: string): Buffer {
  const input = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const hex = input[i] === 0x25 ? input.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      out[length++] = input[i];
    }
  }
  return out.subarray(0, length);
}
