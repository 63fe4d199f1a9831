import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../common/errors/domain-error';
import { ALLOW_UNAPPROVED, IS_PUBLIC } from '../decorators/auth.decorators';
import type { Principal } from '../principal';
import { ApiKeyStrategy } from './api-key.strategy';

/**
 * The global key guard (deny by default): 401 → 403 ACCOUNT_NOT_APPROVED → 403 API_KEY_ACCESS_DENIED (API.md §1).
 * Keys are looked up on every request, so a revoked or expired key fails at once on every instance.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: ApiKeyStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = await this.strategy.authenticate(request);
    if (!principal)
      throw new DomainError('UNAUTHORIZED', 'A valid API key is required in the x-api-key header.');
    request.principal = principal;
    if (this.reflector.getAllAndOverride<boolean>(ALLOW_UNAPPROVED, targets)) return true;
    if (!principal.approved) {
      throw new DomainError('ACCOUNT_NOT_APPROVED', 'This account is awaiting approval.');
    }
    if (principal.tier === 'free' && principal.role !== 'admin') {
      throw new DomainError(
        'API_KEY_ACCESS_DENIED',
        'Free accounts have no API access. Upgrade to use the API.',
      );
    }
    return true;
  }
}
