import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity } from '../auth/entities/account.entity';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { TrialGrantUsageEntity } from './entities/trial-grant-usage.entity';
import { GrantUsageRepository } from './grants/grant-usage.repository';
import { CreditsRepository } from './ledger/credits.repository';
import { CreditsService } from './ledger/credits.service';
import { RunBillingService } from './runs/run-billing.service';

/** Pricing, reservations and settlement, trial grants and the ledger. */
@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntryEntity, TrialGrantUsageEntity, AccountEntity])],
  providers: [CreditsRepository, CreditsService, GrantUsageRepository, RunBillingService],
  exports: [CreditsRepository, CreditsService, RunBillingService],
})
export class BillingModule {}
