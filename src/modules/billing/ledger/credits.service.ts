import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { invalidBody } from '../../../common/errors/domain-error';
import { fetchPage, Page, PageRequest } from '../../../common/http/pagination';
import { Transactor } from '../../../database/transactor';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { CreditsRepository, MAX_BALANCE } from './credits.repository';
import { LedgerEntryView, toLedgerEntryView } from './ledger-entry.view';

/** Operator credit changes and the ledger read side. */
@Injectable()
export class CreditsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly credits: CreditsRepository,
    @InjectRepository(LedgerEntryEntity) private readonly ledger: Repository<LedgerEntryEntity>,
  ) {}

  /** Positive amounts are top-ups, negative ones adjustments; a result below zero is refused. */
  async changeBalance(
    accountId: string,
    amount: number,
    reason: string,
  ): Promise<{ entry: LedgerEntryView; balance: number }> {
    const entry = await this.transactor.run((manager) =>
      this.credits.applyChange(manager, { accountId, amount, type: amount > 0 ? 'topup' : 'adjust', reason }),
    );
    if (!entry) {
      throw invalidBody(
        [{ path: 'amount', message: `would take the balance outside 0..${MAX_BALANCE}` }],
        'The balance cannot go below 0 or above the maximum.',
      );
    }
    return { entry: toLedgerEntryView(entry), balance: entry.balanceAfter };
  }

  async listLedger(accountId: string, page: PageRequest): Promise<Page<LedgerEntryView>> {
    const query = this.ledger
      .createQueryBuilder('entry')
      .where('entry.account_id = :accountId', { accountId });
    return fetchPage(query, 'entry', page, toLedgerEntryView);
  }
}
