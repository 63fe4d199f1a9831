import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/error-codes';
import { errorExample } from './swagger-error-examples';

/** One problem of a body, a document or run inputs: where it is and what is wrong. */
export class ValidationDetail {
  @ApiProperty({ example: 'inputs.prompt', description: 'Where: a dotted path into the request' })
  path: string;
  @ApiProperty({ example: 'is required' }) message: string;
}

/**
 * The error body of every failure (API.md §1): `{ error, code, requestId, ...context }`. The context fields a code
 * carries are listed in its description; each appears only with the codes that set it.
 */
export class ErrorBody {
  @ApiProperty({ description: 'Human-readable message' }) error: string;
  @ApiProperty({ description: 'Stable error code', enum: Object.keys(ERROR_CATALOGUE) }) code: string;
  @ApiProperty({ description: 'This request id (also in X-Request-Id)' }) requestId: string;
  @ApiPropertyOptional({
    type: [ValidationDetail],
    description: 'INVALID_BODY, INVALID_INPUTS, INVALID_WORKFLOW: each problem',
  })
  details?: ValidationDetail[];
  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    description: 'CAPABILITY_DENIED: the capability that would pass; INSUFFICIENT_CREDITS: credits needed',
  })
  required?: string | number;
  @ApiPropertyOptional({
    type: [String],
    description: 'CAPABILITY_DENIED: the capabilities the route accepts',
  })
  acceptable?: string[];
  @ApiPropertyOptional({ type: [String], description: 'CAPABILITY_ABOVE_CEILING: the refused capabilities' })
  attempted?: string[];
  @ApiPropertyOptional({ type: 'integer', description: 'INSUFFICIENT_CREDITS: the current balance' })
  balance?: number;
  @ApiPropertyOptional({ description: 'MODEL_TIER_REQUIRED, grant_exhausted, INVALID_WORKFLOW: the model' })
  model?: string;
  @ApiPropertyOptional({ description: 'MODEL_TIER_REQUIRED: the lowest tier that may use the model' })
  requiredTier?: string;
  @ApiPropertyOptional({ description: "MODEL_TIER_REQUIRED, RATE_LIMIT_EXCEEDED: the account's tier" })
  tier?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'RATE_LIMIT_EXCEEDED: requests per window' })
  limit?: number;
  @ApiPropertyOptional({
    type: 'integer',
    description: 'RATE_LIMIT_EXCEEDED: seconds until the window resets',
  })
  retryAfter?: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'EXECUTION_FAILED, EXECUTION_NOT_CANCELLABLE: the execution',
  })
  executionId?: string;
  @ApiPropertyOptional({ description: 'EXECUTION_FAILED: the node that failed' }) nodeId?: string;
  @ApiPropertyOptional({ description: "EXECUTION_NOT_CANCELLABLE: the execution's status" }) status?: string;
  @ApiPropertyOptional({ type: 'integer', description: "VERSION_CONFLICT: the workflow's current version" })
  currentVersion?: number;
  @ApiPropertyOptional({ description: 'SLUG_TAKEN: the slug' }) slug?: string;
  @ApiPropertyOptional({
    description: 'INVALID_WORKFLOW (a model whose provider is not configured): the missing setting',
  })
  missingSetting?: string;
  @ApiPropertyOptional({ description: 'IDEMPOTENCY_IN_PROGRESS: the key' }) idempotencyKey?: string;
}

/**
 * Documents error responses grouped by status: each lists its codes and what they mean (from the catalogue) and
 * carries one example body per code.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, list]) =>
      ApiResponse({
        status,
        description: list.map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code].doc}`).join('<br>'),
        type: ErrorBody,
        // Merged per status by @nestjs/swagger when several decorators document the same status.
        examples: Object.fromEntries(
          list.map((code) => [
            code,
            { summary: `${code}: ${ERROR_CATALOGUE[code].doc}`, value: errorExample(code) },
          ]),
        ),
      }),
    ),
  );
}
