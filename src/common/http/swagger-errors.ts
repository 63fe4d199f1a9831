import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/error-codes';

/** The error body of every failure (API.md §1). */
export class ErrorBody {
  @ApiProperty({ description: 'Human-readable message' }) error: string;
  @ApiProperty({ description: 'Stable error code', enum: Object.keys(ERROR_CATALOGUE) }) code: string;
  @ApiProperty({ description: 'This request id (also in X-Request-Id)' }) requestId: string;
}

/** Documents error responses grouped by status, each listing its codes and what they mean, from the catalogue. */
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
        type: ErrorBody,
        description: list.map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code].doc}`).join('<br>'),
      }),
    ),
  );
}
