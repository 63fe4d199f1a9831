import type { ErrorCode } from '../errors/error-codes';

const REQUEST_ID = 'req_3f1c9a7e5b2d';
const EXECUTION_ID = '0b7d8f3e-5c1a-4e2b-9f6d-2a4c8e1b3d5f';

/**
 * One example body per error code: what a client of that status really receives, context fields included.
 * Swagger UI shows these per status (rather than the first value of the code enum for every status).
 */
export const ERROR_EXAMPLES: Record<ErrorCode, { error: string } & Record<string, unknown>> = {
  INVALID_INPUTS: {
    error: 'The run inputs are invalid.',
    details: [{ path: 'inputs.prompt', message: 'is required' }],
  },
  INVALID_BODY: {
    error: 'The request body is invalid.',
    details: [{ path: 'name', message: 'must be a string' }],
  },
  INVALID_SLUG: { error: 'The path segment "My Flow" is not a valid slug.' },
  INVALID_WORKFLOW: {
    error: 'The workflow is invalid.',
    details: [{ path: 'edges[0].target', message: 'no node with id "missing"' }],
  },
  INVALID_CAPABILITY: { error: 'Unknown capability "workflow:fly".' },
  ASYNC_NOT_SUPPORTED: { error: 'Model sandbox-text cannot run asynchronously.' },
  WEBHOOK_NOT_ALLOWED: { error: 'The webhook URL is not allowed: https is required.' },
  UNAUTHORIZED: { error: 'A valid API key is required in the x-api-key header.' },
  INSUFFICIENT_CREDITS: { error: 'This run needs 8 credits; the balance is 3.', required: 8, balance: 3 },
  grant_exhausted: { error: 'The trial grant for sandbox-video is used up.', model: 'sandbox-video' },
  CAPABILITY_DENIED: {
    error: 'This key lacks the workflow:run capability.',
    required: 'workflow:run',
    acceptable: ['workflow:run', 'workflow:my-flow:run'],
  },
  CAPABILITY_ABOVE_CEILING: {
    error: 'The key cannot be given model:run.',
    attempted: ['model:run'],
  },
  API_KEY_ACCESS_DENIED: { error: 'Free accounts have no API access.' },
  ACCOUNT_NOT_APPROVED: { error: 'This account is awaiting approval.' },
  MODEL_TIER_REQUIRED: {
    error: 'Model sandbox-image-xl needs the enterprise tier.',
    model: 'sandbox-image-xl',
    requiredTier: 'enterprise',
    tier: 'pro',
  },
  WORKFLOW_NOT_FOUND: { error: 'No workflow with slug "my-flow".' },
  EXECUTION_NOT_FOUND: { error: `No execution with id ${EXECUTION_ID}.` },
  MODEL_NOT_FOUND: { error: 'No enabled model with id "my-model".' },
  NOT_FOUND: { error: 'Not found.' },
  SLUG_TAKEN: { error: 'The slug "my-flow" is already taken.', slug: 'my-flow' },
  IDEMPOTENCY_IN_PROGRESS: {
    error: 'A request with this Idempotency-Key is still running. Retry later.',
    idempotencyKey: 'order-1234',
  },
  EXECUTION_NOT_CANCELLABLE: {
    error: 'The execution has already completed.',
    executionId: EXECUTION_ID,
    status: 'completed',
  },
  VERSION_CONFLICT: {
    error: 'The workflow is at version 4, not 3. Re-read it and retry.',
    currentVersion: 4,
  },
  BAD_REQUEST: { error: 'The request URL is malformed (bad percent-encoding).' },
  REQUEST_TIMEOUT: { error: 'The request was not received in time.' },
  PAYLOAD_TOO_LARGE: { error: 'The request body is over 1 MiB.' },
  HEADERS_TOO_LARGE: { error: 'The request headers are too large.' },
  IDEMPOTENCY_KEY_REUSED: { error: 'This Idempotency-Key was used with a different request.' },
  RATE_LIMIT_EXCEEDED: {
    error: 'Rate limit exceeded: 100 requests per minute.',
    tier: 'pro',
    limit: 100,
    retryAfter: 42,
  },
  EXECUTION_FAILED: {
    error: 'sandbox-image failed: the provider refused the prompt.',
    executionId: EXECUTION_ID,
    nodeId: 'image',
  },
  INTERNAL_ERROR: { error: 'Internal error.' },
  UNAVAILABLE: { error: 'A dependency is unavailable; try again shortly.' },
};

export function errorExample(code: ErrorCode): Record<string, unknown> {
  const { error, ...context } = ERROR_EXAMPLES[code];
  return { error, code, requestId: REQUEST_ID, ...context };
}
