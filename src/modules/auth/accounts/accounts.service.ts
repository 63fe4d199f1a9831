import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { DomainError, notFound } from '../../../common/errors/domain-error';
import { fetchPage, Page, PageRequest } from '../../../common/http/pagination';
import { CreateAccountDto, UpdateAccountDto } from '../dto/account.dto';
import { AccountEntity } from '../entities/account.entity';
import { LookupChanges } from '../../../database/lookup-changes';

@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly changes: LookupChanges,
  ) {}

  async create(body: CreateAccountDto): Promise<AccountEntity> {
    const email = body.email.toLowerCase();
    if (await this.accounts.exists({ where: { email } })) {
      throw new DomainError('INVALID_BODY', 'An account with that email already exists.', {
        details: [{ path: 'email', message: 'already in use' }],
      });
    }
    const account = this.accounts.create({
      id: randomUUID(),
      email,
      tier: body.tier,
      role: body.role ?? 'user',
      approved: body.approved ?? false,
      balance: 0,
      createdAt: new Date(),
    });
    await this.accounts.insert(account);
    return account;
  }

  async get(id: string): Promise<AccountEntity> {
    const account = await this.accounts.findOne({ where: { id } });
    if (!account) throw notFound('No account with that id.');
    return account;
  }

  async findByEmail(email: string): Promise<AccountEntity | null> {
    return this.accounts.findOne({ where: { email: email.toLowerCase() } });
  }

  /** Tier and approval changes take effect on the next request: the account's cached keys are dropped everywhere. */
  async update(id: string, body: UpdateAccountDto): Promise<AccountEntity> {
    const account = await this.get(id);
    const changes: Partial<AccountEntity> = {};
    if (body.tier !== undefined) changes.tier = body.tier;
    if (body.approved !== undefined) changes.approved = body.approved;
    if (Object.keys(changes).length > 0) {
      await this.accounts.update({ id }, changes);
      await this.changes.announce({ kind: 'account', accountId: id });
    }
    return { ...account, ...changes };
  }

  /** Accounts newest first, a page at a time (the operator CLI's accounts:list). */
  async list<T>(page: PageRequest, map: (account: AccountEntity) => T): Promise<Page<T>> {
    return fetchPage(this.accounts.createQueryBuilder('account'), 'account', page, map);
  }

  async adminExists(): Promise<boolean> {
    return this.accounts.exists({ where: { role: 'admin' } });
  }
}
