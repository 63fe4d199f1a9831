import { Reflector } from '@nestjs/core';
import type { RouteGroup } from '../auth/principal';

/**
 * Puts a route (or controller) in a rate-limit group of API.md §4; routes without it count in `default`.
 * `@RateLimitGroup('workflow-run')` on run and estimate, `@RateLimitGroup('model-run')` on model runs.
 */
export const RateLimitGroup = Reflector.createDecorator<RouteGroup>();

export const DEFAULT_ROUTE_GROUP: RouteGroup = 'default';
