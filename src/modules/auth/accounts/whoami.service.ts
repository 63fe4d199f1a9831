import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { limitFor } from '../../throttling/rate-limit.policy';
import { WhoamiResponse } from '../dto/whoami.response';
import { ApiKeysService } from '../keys/api-keys.service';
import type { Principal } from '../principal';
import { AccountsService } from './accounts.service';

@Injectable()
export class WhoamiService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async describe(principal: Principal): Promise<WhoamiResponse> {
    const [account, key] = await Promise.all([
      this.accounts.get(principal.accountId),
      this.keys.get(principal.keyId),
    ]);
    const limit = limitFor(principal, this.config);
    return {
      user: {
        id: account.id,
        email: account.email,
        role: account.role,
        tier: account.tier,
        approved: account.approved,
      },
      key: {
        id: principal.keyId,
        name: principal.keyName,
        capabilities: principal.heldCapabilities,
        createdAt: key!.createdAt,
        lastUsedAt: key!.lastUsedAt,
        expiresAt: key!.expiresAt,
      },
      credits: { balance: account.balance },
      rateLimit: limit === null ? null : { limit, windowSeconds: this.config.rateLimitWindowSeconds },
    };
  }
}
