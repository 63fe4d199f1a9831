import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ApiKeysService } from '../keys/api-keys.service';
import type { Principal } from '../principal';

type StrategyRun = HeaderAPIKeyStrategy & {
  success(user: Principal): void;
  fail(): void;
  error(error: unknown): void;
};

/**
 * The `x-api-key` passport strategy (passport-headerapikey), driven directly rather than through passport's
 * global registry: each application instance verifies keys against its own database (two apps in one process,
 * as in tests, never share a strategy), and a request skips passport's middleware layers.
 */
@Injectable()
export class ApiKeyStrategy {
  private readonly strategy: HeaderAPIKeyStrategy;

  constructor(keys: ApiKeysService) {
    this.strategy = new HeaderAPIKeyStrategy({ header: 'x-api-key', prefix: '' }, false, (apiKey, done) => {
      keys.authenticate(apiKey).then((principal) => done(null, principal ?? false), done);
    });
  }

  /** The caller's principal, or null when the header is missing or the key is unknown, revoked or expired. */
  authenticate(request: FastifyRequest): Promise<Principal | null> {
    return new Promise((resolve, reject) => {
      // Passport's protocol: a per-request object inheriting the strategy, with the outcome callbacks attached.
      const run = Object.create(this.strategy) as StrategyRun;
      run.success = (principal) => resolve(principal);
      run.fail = () => resolve(null);
      run.error = (error) => reject(error);
      run.authenticate(request as never, {});
    });
  }
}
