import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingModule } from '../billing/billing.module';
import { AccountsService } from './accounts/accounts.service';
import { WhoamiController } from './accounts/whoami.controller';
import { WhoamiService } from './accounts/whoami.service';
import { AdminController } from './admin/admin.controller';
import { AdminService } from './admin/admin.service';
import { AccountEntity } from './entities/account.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ApiKeyGuard } from './guards/api-key.guard';
import { ApiKeyStrategy } from './guards/api-key.strategy';
import { CapabilityGuard } from './guards/capability.guard';
import { PathIdsGuard } from './guards/path-ids.guard';
import { ApiKeysController } from './keys/api-keys.controller';
import { ApiKeysService } from './keys/api-keys.service';
import { KeyWebhooksService } from './keys/key-webhooks.service';

/** Accounts, keys, capabilities, the guards, whoami and the admin routes. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, ApiKeyEntity]), BillingModule],
  controllers: [WhoamiController, ApiKeysController, AdminController],
  providers: [
    ApiKeysService,
    KeyWebhooksService,
    AccountsService,
    WhoamiService,
    AdminService,
    ApiKeyStrategy,
    ApiKeyGuard,
    PathIdsGuard,
    CapabilityGuard,
  ],
  exports: [
    ApiKeysService,
    KeyWebhooksService,
    AccountsService,
    AdminService,
    ApiKeyGuard,
    PathIdsGuard,
    CapabilityGuard,
  ],
})
export class AuthModule {}
