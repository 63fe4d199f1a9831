/**
 * The error catalogue of API.md §11: one line per code, its HTTP status and what it means.
 * This table drives the global filter and the Swagger error docs; nothing else maps codes to statuses.
 */
export const ERROR_CATALOGUE = {
  INVALID_INPUTS: {
    status: 400,
    doc: 'Run inputs missing, not an object, or failing validation (`details`).',
  },
  INVALID_BODY: { status: 400, doc: 'A body that is not JSON or misses required fields (`details`).' },
  INVALID_SLUG: { status: 400, doc: 'A slug, model id or other path id (UUID) of the wrong form.' },
  INVALID_WORKFLOW: { status: 400, doc: 'A workflow document that fails validation (`details`).' },
  INVALID_CAPABILITY: { status: 400, doc: 'A malformed capability at key creation.' },
  ASYNC_NOT_SUPPORTED: { status: 400, doc: '`?async=true` where a provider cannot be polled.' },
  WEBHOOK_NOT_ALLOWED: {
    status: 400,
    doc: 'A webhook on a key without `webhook:receive`, or a rejected URL.',
  },
  UNAUTHORIZED: { status: 401, doc: 'Missing, unknown, revoked or expired key.' },
  INSUFFICIENT_CREDITS: { status: 402, doc: "Balance below the run's cost (`required`, `balance`)." },
  grant_exhausted: { status: 402, doc: 'The trial grant for a model in the workflow is used up (`model`).' },
  CAPABILITY_DENIED: { status: 403, doc: 'The key lacks the capability (`required`, `acceptable`).' },
  CAPABILITY_ABOVE_CEILING: { status: 403, doc: 'Key creation beyond the tier or creator (`attempted`).' },
  API_KEY_ACCESS_DENIED: { status: 403, doc: 'A free account asking for a key or calling the API.' },
  ACCOUNT_NOT_APPROVED: { status: 403, doc: 'The account awaits approval.' },
  MODEL_TIER_REQUIRED: {
    status: 403,
    doc: "A model above the account's tier (`model`, `requiredTier`, `tier`).",
  },
  WORKFLOW_NOT_FOUND: { status: 404, doc: 'No workflow the caller may see has that slug.' },
  EXECUTION_NOT_FOUND: { status: 404, doc: 'No execution the caller may see has that id.' },
  MODEL_NOT_FOUND: { status: 404, doc: 'No enabled model has that id.' },
  NOT_FOUND: { status: 404, doc: 'Nothing the caller may see is there.' },
  SLUG_TAKEN: { status: 409, doc: 'The slug is (or was) in use.' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    doc: 'The first request with this Idempotency-Key is still running.',
  },
  EXECUTION_NOT_CANCELLABLE: { status: 409, doc: 'The execution has already completed or failed.' },
  VERSION_CONFLICT: { status: 412, doc: 'Stale `If-Match` version.' },
  BAD_REQUEST: {
    status: 400,
    doc: 'A request the HTTP layer cannot parse (URL, percent-encoding, header bytes, framing).',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    doc: 'Headers or body not received within `REQUEST_TIMEOUT_SECONDS`; the connection is closed.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, doc: 'Body over the 1 MiB limit.' },
  HEADERS_TOO_LARGE: { status: 431, doc: 'Request headers over the size limit.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, doc: 'Same Idempotency-Key, different request.' },
  RATE_LIMIT_EXCEEDED: { status: 429, doc: "Over the tier's limit (`tier`, `limit`, `retryAfter`)." },
  EXECUTION_FAILED: { status: 500, doc: 'A provider or node failed (`executionId`, `nodeId`).' },
  INTERNAL_ERROR: { status: 500, doc: 'Anything unexpected; logged with the request id.' },
  UNAVAILABLE: { status: 503, doc: 'A dependency (database, queue, Redis) is down; `Retry-After` set.' },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function statusOf(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].status;
}
