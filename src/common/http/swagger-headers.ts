import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The response headers of API.md §1, §4 and §7, as reusable components. */
export const RESPONSE_HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description:
      "This request's id: the client's value when it matches `[A-Za-z0-9._:-]{1,128}`, else a new one",
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per 60 s window for this route group (absent for unlimited callers)',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window (absent for unlimited callers)',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Reset': {
    description: 'Unix epoch second when the window resets (absent for unlimited callers)',
    schema: { type: 'integer' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying (at least 1)', schema: { type: 'integer' } },
  Location: { description: 'The execution to poll: the same path as `pollUrl`', schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this answer is a replay of the first request with the same `Idempotency-Key`',
    schema: { type: 'string', enum: ['true'] },
  },
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
const RATE_LIMIT = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** Which headers a response carries: every one its request id; limited routes their limit; runs their replays. */
function headersOf(operation: OperationObject, path: string, status: string): string[] {
  const authenticated = (operation.security ?? []).length > 0;
  const isRun = /\/run$/.test(path);
  const names = ['X-Request-Id'];
  // The limit is checked right after the key, so only a 401 (and an unapproved account's 403) come without it.
  if (authenticated && status !== '401') names.push(...RATE_LIMIT);
  if (status === '429' || status === '503') names.push('Retry-After');
  if (isRun && status === '202') names.push('Location');
  if (isRun && ['200', '202', '500'].includes(status)) names.push('Idempotent-Replayed');
  return names;
}

/** Adds the header components and references them from every documented response. */
export function documentResponseHeaders(document: OpenAPIObject): void {
  document.components = { ...document.components, headers: RESPONSE_HEADERS };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const object = response as ResponseObject;
        object.headers = Object.fromEntries(
          headersOf(operation, path, status).map((name) => [name, ref(name)]),
        );
      }
    }
  }
}
