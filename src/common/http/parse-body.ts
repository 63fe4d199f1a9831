import { PipeTransform } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { DomainError } from '../errors/domain-error';

export interface BodyDetail {
  path: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): BodyDetail[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * The one body validation path: class-validator DTOs, unknown fields refused, every problem named in `details`.
 * Called by BodyPipe, or by a service after the 404 check on routes whose path names a resource (API.md §1 order).
 */
export function parseBody<T extends object>(
  dto: ClassConstructor<T>,
  raw: unknown,
  code: 'INVALID_BODY' | 'INVALID_INPUTS' = 'INVALID_BODY',
): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DomainError(code, 'The request body must be a JSON object.', {
      details: [{ path: '', message: 'must be a JSON object' }],
    });
  }
  const instance = plainToInstance(dto, raw, { enableImplicitConversion: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    throw new DomainError(code, 'The request body is invalid.', { details: flatten(errors) });
  }
  return instance;
}

/** `@Body(new BodyPipe(Dto))` for routes where body validation may run at pipe time. */
export class BodyPipe<T extends object> implements PipeTransform {
  constructor(private readonly dto: ClassConstructor<T>) {}
  transform(value: unknown): T {
    return parseBody(this.dto, value);
  }
}
