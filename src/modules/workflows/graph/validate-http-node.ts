/**
 * An http-request node's `data` (API.md §5). Only the shape is checked here; whether the URL may be reached
 * (https only, no private addresses) is decided at run time, after placeholders are filled in.
 */
import type { ValidationDetail } from '../workflow.types';
import { detail, describeType, isPlainObject, propertyPath } from './validation-detail';
import { integerIn, oneOf } from './value-rules';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export const HTTP_RESPONSE_TYPES = ['json', 'text'] as const;
export const MAX_HTTP_TIMEOUT_MS = 60000;

/** RFC 9110 token characters: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A URL must name its scheme, unless a placeholder supplies the beginning of it. */
const URL_START = /^(https?:\/\/|\{\{)/i;

export function validateHttpRequestData(data: Record<string, unknown>, path: string): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  // An omitted method is GET, as the engine sends it.
  const method = data.method ?? 'GET';
  const methodProblem = oneOf(HTTP_METHODS)(method);
  if (methodProblem) details.push(detail(`${path}.method`, methodProblem));
  if (typeof data.url !== 'string') {
    details.push(detail(`${path}.url`, `must be a string, got ${describeType(data.url)}`));
  } else if (data.url.trim() === '') {
    details.push(detail(`${path}.url`, 'must not be empty'));
  } else if (!URL_START.test(data.url.trim())) {
    details.push(detail(`${path}.url`, 'must start with https:// (or http://, or a {{placeholder}})'));
  }
  if (data.headers !== undefined) details.push(...validateHeaders(data.headers, `${path}.headers`));
  const hasBody = data.body !== undefined && data.body !== null;
  // The engine would drop it silently; saying so here spares the author a puzzling run.
  if (hasBody && (method === 'GET' || method === 'HEAD')) {
    details.push(detail(`${path}.body`, `must be omitted for a ${method} request`));
  }
  if (data.responseType !== undefined) {
    const problem = oneOf(HTTP_RESPONSE_TYPES)(data.responseType);
    if (problem) details.push(detail(`${path}.responseType`, problem));
  }
  if (data.timeoutMs !== undefined) {
    const problem = integerIn(1, MAX_HTTP_TIMEOUT_MS)(data.timeoutMs);
    if (problem) details.push(detail(`${path}.timeoutMs`, problem));
  }
  return details;
}

function validateHeaders(headers: unknown, path: string): ValidationDetail[] {
  if (!isPlainObject(headers))
    return [detail(path, `must be an object of strings, got ${describeType(headers)}`)];
  return Object.entries(headers).flatMap(([name, value]) => {
    const headerPath = propertyPath(path, name);
    if (!HEADER_NAME.test(name)) return [detail(headerPath, 'is not a valid header name')];
    if (typeof value !== 'string')
      return [detail(headerPath, `must be a string, got ${describeType(value)}`)];
    return [];
  });
}
