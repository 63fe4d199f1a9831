import { Injectable } from '@nestjs/common';
import { parseBody } from '../../../common/http/parse-body';
import { Page, PageRequest } from '../../../common/http/pagination';
import { CreditsService } from '../../billing/ledger/credits.service';
import { LedgerEntryView } from '../../billing/ledger/ledger-entry.view';
import { AccountsService } from '../accounts/accounts.service';
import { AccountView, toAccountView } from '../accounts/account.view';
import { CreateAccountDto, CreditsChangeDto, UpdateAccountDto } from '../dto/account.dto';
import { CreateApiKeyDto } from '../dto/create-api-key.dto';
import { ApiKeysService } from '../keys/api-keys.service';
import { ApiKeyView } from '../keys/api-key.view';

/**
 * Operator actions, shared by /api/admin and the CLI. Routes that name an account look it up before validating
 * the body, so an unknown id is 404 whatever the body (API.md §1 order).
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly keys: ApiKeysService,
    private readonly credits: CreditsService,
  ) {}

  async createAccount(raw: unknown): Promise<AccountView> {
    return toAccountView(await this.accounts.create(parseBody(CreateAccountDto, raw)));
  }

  async listAccounts(page: PageRequest): Promise<Page<AccountView>> {
    return this.accounts.list(page, toAccountView);
  }

  async getAccount(id: string): Promise<AccountView> {
    return toAccountView(await this.accounts.get(id));
  }

  async updateAccount(id: string, raw: unknown): Promise<AccountView> {
    await this.accounts.get(id);
    return toAccountView(await this.accounts.update(id, parseBody(UpdateAccountDto, raw)));
  }

  async changeCredits(id: string, raw: unknown): Promise<{ entry: LedgerEntryView; balance: number }> {
    await this.accounts.get(id);
    const body = parseBody(CreditsChangeDto, raw);
    return this.credits.changeBalance(id, body.amount, body.reason);
  }

  async ledger(id: string, page: PageRequest): Promise<Page<LedgerEntryView>> {
    await this.accounts.get(id);
    return this.credits.listLedger(id, page);
  }

  async listKeys(id: string): Promise<ApiKeyView[]> {
    await this.accounts.get(id);
    return this.keys.list(id);
  }

  /** Revokes one of the account's keys (harmless when already revoked) and returns it as it now stands. */
  async revokeKey(id: string, keyId: string): Promise<ApiKeyView> {
    await this.accounts.get(id);
    await this.keys.revoke(id, keyId);
    return (await this.keys.get(keyId))!;
  }

  async createKey(id: string, raw: unknown): Promise<ApiKeyView> {
    const owner = await this.accounts.get(id);
    return this.keys.create(owner, parseBody(CreateApiKeyDto, raw), null);
  }
}
