/** Pure halves of the `http-request` node: rendering the request from `data`, and reading the response body. */
import type { SafeResponse } from '../../../common/net/net.types';
import { renderedByteLength, renderTemplate } from '../../workflows/graph/placeholders';

export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Methods whose requests carry no body: one in `data` is ignored rather than sent. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/** `maxBytes` bounds each rendered text (url, a header value, the body); each is measured before it is built. */
export function renderHttpRequest(
  data: Record<string, unknown>,
  values: Record<string, unknown>,
  maxBytes = Number.POSITIVE_INFINITY,
): RenderedRequest {
  const render = (part: string, text: string, partValues = values) => {
    if (renderedByteLength(text, partValues, maxBytes) > maxBytes) {
      throw new Error(`the request ${part} would be larger than ${maxBytes} bytes (MAX_NODE_OUTPUT_BYTES)`);
    }
    return renderTemplate(text, partValues);
  };
  const method = (typeof data.method === 'string' ? data.method : 'GET').toUpperCase();
  const url = render('url', typeof data.url === 'string' ? data.url : '');
  const headers: Record<string, string> = {};
  if (data.headers && typeof data.headers === 'object') {
    for (const [name, value] of Object.entries(data.headers)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = render(`header ${name}`, value);
    }
  }
  const request: RenderedRequest = { method, url, headers };
  if (BODYLESS_METHODS.has(method) || data.body === undefined || data.body === null) return request;
  if (typeof data.body === 'string') {
    request.body = render('body', data.body);
  } else {
    // An object body's placeholders sit inside JSON strings, so values are escaped to keep the JSON valid.
    request.body = render('body', JSON.stringify(data.body), jsonStringValues(values));
    headers['content-type'] ??= 'application/json';
  }
  return request;
}

function jsonStringValues(values: Record<string, unknown>): Record<string, unknown> {
  const escaped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    escaped[name] = JSON.stringify(text).slice(1, -1);
  }
  return escaped;
}

/**
 * `json` parses (an empty body is null), `text` decodes UTF-8; with no responseType the content type decides.
 * A body that is not the JSON it was declared to be fails the node.
 */
export function readResponseBody(response: SafeResponse, responseType: unknown): unknown {
  const text = response.body.toString('utf8');
  const wantsJson =
    responseType === 'json' ||
    (responseType === undefined && isJsonContentType(response.headers['content-type']));
  if (!wantsJson) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`response body is not valid JSON (status ${response.status})`);
  }
}

function isJsonContentType(contentType: string | undefined): boolean {
  const essence = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}
