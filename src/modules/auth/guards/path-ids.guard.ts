import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../../common/errors/domain-error';
import { PathIdFormat, PathIdRule } from '../decorators/auth.decorators';

const FORMATS: Record<PathIdFormat, RegExp> = {
  slug: /^(?=.{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
};

/** 400 INVALID_SLUG for a malformed path slug or id; runs after the rate limit and before capabilities. */
@Injectable()
export class PathIdsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const formats = this.reflector.get(PathIdRule, context.getHandler());
    if (!formats) return true;
    const params: Record<string, string> = context.switchToHttp().getRequest().params ?? {};
    for (const [name, format] of Object.entries(formats)) {
      const value = params[name] ?? '';
      if (!FORMATS[format].test(value)) {
        // The value is echoed for the caller's benefit, but never more than a slug's worth of it.
        const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
        throw new DomainError(
          'INVALID_SLUG',
          `The path ${name} "${shown}" is not a valid ${format === 'uuid' ? 'id' : 'slug'}.`,
        );
      }
    }
    return true;
  }
}
