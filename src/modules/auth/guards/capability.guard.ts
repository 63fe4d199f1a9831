import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../../common/errors/domain-error';
import { isGrantedAny } from '../capabilities/is-granted';
import { CapabilityRule } from '../decorators/auth.decorators';
import type { Principal } from '../principal';

/** 403 CAPABILITY_DENIED with `required` and `acceptable` (API.md §3) when the key's effective capabilities fall short. */
@Injectable()
export class CapabilityGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const templates = this.reflector.get(CapabilityRule, context.getHandler());
    if (!templates) return true;
    const request = context.switchToHttp().getRequest();
    const params: Record<string, string> = request.params ?? {};
    const acceptable = templates.map((template) =>
      template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]),
    );
    const principal: Principal = request.principal;
    if (isGrantedAny(principal.capabilities, acceptable)) return true;
    throw new DomainError('CAPABILITY_DENIED', `This key lacks the ${acceptable[0]} capability.`, {
      required: acceptable[0],
      acceptable,
    });
  }
}
