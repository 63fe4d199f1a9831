import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../../../common/http/swagger-errors';
import type { Principal } from '../principal';

export const API_KEY_SECURITY = 'x-api-key';
export const IS_PUBLIC = 'flowgate:public';
export const ALLOW_UNAPPROVED = 'flowgate:allow-unapproved';

/** Opt out of the global key guard (deny by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Capability templates a route accepts, e.g. `['workflow:run', 'workflow:{slug}:run']`; `{name}` is replaced by the
 * path param. The first is the one reported as `required`.
 */
export const CapabilityRule = Reflector.createDecorator<string[]>();

/** Formats of path params, checked after the rate limit and before capabilities (INVALID_SLUG). */
export type PathIdFormat = 'slug' | 'uuid';
export const PathIdRule = Reflector.createDecorator<Record<string, PathIdFormat>>();

/** Any valid key: sets the Swagger security scheme and documents the auth errors. */
export function Authenticated(options: { allowUnapproved?: boolean } = {}) {
  return applyDecorators(
    ...(options.allowUnapproved ? [SetMetadata(ALLOW_UNAPPROVED, true)] : []),
    ApiSecurity(API_KEY_SECURITY),
    ApiErrors(
      'UNAUTHORIZED',
      ...(options.allowUnapproved ? [] : (['ACCOUNT_NOT_APPROVED', 'API_KEY_ACCESS_DENIED'] as const)),
      // Routes open to unapproved keys (whoami) are still counted by the limiter.
      'RATE_LIMIT_EXCEEDED',
      'INTERNAL_ERROR',
    ),
  );
}

/** The composite auth decorator: guard metadata, Swagger security and the documented 401/403/429. */
export function RequireCapability(...acceptable: string[]) {
  return applyDecorators(Authenticated(), CapabilityRule(acceptable), ApiErrors('CAPABILITY_DENIED'));
}

/** Declares path id formats (400 INVALID_SLUG when malformed). */
export function PathIds(formats: Record<string, PathIdFormat>) {
  return applyDecorators(PathIdRule(formats), ApiErrors('INVALID_SLUG'));
}

/** The authenticated caller, set by the key guard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().principal,
);
