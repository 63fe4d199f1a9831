import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { TrialGrantUsageEntity } from './entities/trial-grant-usage.entity';
import { CreditsRepository } from './ledger/credits.repository';
import { CreditsService } from './ledger/credits.service';

/** Pricing, reservations and settlement, trial grants and the ledger. */
@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntryEntity, TrialGrantUsageEntity])],
  providers: [CreditsRepository, CreditsService],
  exports: [CreditsRepository, CreditsService],
})
export class BillingModule {}
