import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../../../common/errors/domain-error';
import { ALLOW_UNAPPROVED, IS_PUBLIC } from '../decorators/auth.decorators';
import type { Principal } from '../principal';

/**
 * The global key guard (deny by default): 401 → 403 ACCOUNT_NOT_APPROVED → 403 API_KEY_ACCESS_DENIED (API.md §1).
 * Keys are looked up on every request, so a revoked or expired key fails at once on every instance.
 */
@Injectable()
export class ApiKeyGuard extends AuthGuard('api-key') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const principal: Principal = context.switchToHttp().getRequest().principal;
    if (this.reflector.getAllAndOverride<boolean>(ALLOW_UNAPPROVED, targets)) return true;
    if (!principal.approved) {
      throw new DomainError('ACCOUNT_NOT_APPROVED', 'This account is awaiting approval.');
    }
    if (principal.tier === 'free' && principal.role !== 'admin') {
      throw new DomainError('API_KEY_ACCESS_DENIED', 'Free accounts have no API access. Upgrade to use the API.');
    }
    return true;
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false, _info: unknown, context: ExecutionContext): T {
    if (error || !principal) throw new DomainError('UNAUTHORIZED', 'A valid API key is required in the x-api-key header.');
    context.switchToHttp().getRequest().principal = principal;
    return principal;
  }
}
