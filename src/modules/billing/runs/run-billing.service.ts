import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DomainError } from '../../../common/errors/domain-error';
import { CompanionRow, SqlClient } from '../../../database/sql-client';
import type { GrantUsage } from '../grants/grant-policy';
import { AccountEntity } from '../../auth/entities/account.entity';
import type { Principal } from '../../auth/principal';
import { Telemetry } from '../../telemetry/telemetry';
import { GrantUsageRepository } from '../grants/grant-usage.repository';
import { CreditsRepository } from '../ledger/credits.repository';
import type { NodeCharge } from '../pricing/workflow-charges';
import { Blocker, quoteRun, RunQuote } from './run-quote';
import { SettledNode, settlementOf } from './settlement';

export { isPaidFor, settlementOf } from './settlement';
export type { SettledNode } from './settlement';

export function blockerError(blocker: Blocker): DomainError {
  const { code, message, ...context } = blocker;
  return new DomainError(code, message, context);
}

/**
 * Money for runs: quote (read-only), reserve before any provider work (one conditional update inside the
 * execution's creating transaction), settle at the end (charge completed nodes, refund the rest).
 */
@Injectable()
export class RunBillingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credits: CreditsRepository,
    private readonly grants: GrantUsageRepository,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly sql: SqlClient,
    private readonly telemetry: Telemetry,
  ) {}

  tierMultiplier(principal: Pick<Principal, 'tier'>): number {
    return this.config.tierMultipliers[principal.tier];
  }

  async quote(principal: Principal, charges: NodeCharge[]): Promise<RunQuote> {
    const models = [...new Set(charges.map((charge) => charge.model))];
    const { balance, usage } =
      models.length > 0 ? await this.standing(principal.accountId, models) : { balance: 0, usage: new Map() };
    return quoteRun(charges, principal, this.config, usage, balance, new Date());
  }

  /** The balance and the grant usage of the run's models, in one hand-written read (it is on every paid run). */
  private async standing(accountId: string, models: string[]) {
    const rows = await this.sql.select<{
      balance: number;
      model_id: string | null;
      used: number | null;
      first_used_at: unknown;
    }>(
      `SELECT a.balance, g.model_id, g.used, g.first_used_at FROM accounts a
        LEFT JOIN trial_grant_usages g ON g.account_id = a.id AND g.model_id IN (${models.map(() => '?').join(', ')})
        WHERE a.id = ?`,
      [...models, accountId],
    );
    const usage = new Map<string, GrantUsage>();
    for (const row of rows)
      if (row.model_id !== null)
        usage.set(row.model_id, { used: Number(row.used), firstUsedAt: this.sql.date(row.first_used_at)! });
    return { balance: rows.length > 0 ? Number(rows[0].balance) : 0, usage };
  }

  /**
   * Claims grants and reserves credits in the caller's transaction. A refusal is returned, not thrown, after
   * undoing this call's own claims: the transaction then commits, never rolls back. (On the embedded SQLite
   * database other requests' writes can share the one connection while a transaction is open, so a rollback
   * used as control flow could undo them.)
   */
  async reserve(
    manager: EntityManager,
    principal: Principal,
    quote: RunQuote,
    executionId: string,
  ): Promise<DomainError | null> {
    const now = new Date();
    const claimed: string[] = [];
    const undoClaims = async () => {
      for (const model of claimed) await this.grants.release(manager, principal.accountId, model);
    };
    for (const rule of quote.grants) {
      if (!(await this.grants.claim(manager, principal.accountId, rule, now))) {
        await undoClaims();
        return new DomainError(
          'grant_exhausted',
          `Your trial grant for ${rule.model} is used up. Upgrade to continue.`,
          { model: rule.model },
        );
      }
      claimed.push(rule.model);
    }
    if (quote.total === 0) return null;
    const entry = await this.credits.applyChange(manager, {
      accountId: principal.accountId,
      amount: -quote.total,
      type: 'reserve',
      reason: `Reserved for execution ${executionId}`,
      executionId,
    });
    if (entry) return this.reserved(quote.total);
    await undoClaims();
    return this.insufficientCredits(manager, principal.accountId, quote.total);
  }

  /**
   * Reserves a run with no grants in one statement together with its execution row (PostgreSQL; see
   * CreditsRepository.spendAlong): both are written, or neither.
   */
  async reserveAlong(principal: Principal, quote: RunQuote, executionId: string, execution: CompanionRow) {
    if (quote.grants.length > 0 || quote.total <= 0)
      throw new Error('reserveAlong is for paid runs without grants');
    const entry = await this.credits.spendAlong(
      {
        accountId: principal.accountId,
        amount: -quote.total,
        type: 'reserve',
        reason: `Reserved for execution ${executionId}`,
        executionId,
      },
      execution,
    );
    return entry
      ? this.reserved(quote.total)
      : this.insufficientCredits(this.accounts.manager, principal.accountId, quote.total);
  }

  private reserved(credits: number): null {
    this.telemetry.credits('reserved', credits);
    return null;
  }

  private async insufficientCredits(manager: EntityManager, accountId: string, required: number) {
    const { balance } = await manager.findOneOrFail(AccountEntity, {
      where: { id: accountId },
      select: { id: true, balance: true },
    });
    return new DomainError(
      'INSUFFICIENT_CREDITS',
      `This run needs ${required} credits; the balance is ${balance}.`,
      {
        required,
        balance,
      },
    );
  }

  /** Charges completed nodes, refunds the rest of the reservation and gives back unused grant runs. */
  async settle(
    manager: EntityManager,
    settlement: { accountId: string; executionId: string; reserved: number; nodes: SettledNode[] },
  ): Promise<{ charged: number; refunded: number }> {
    const { charged, refunded } = settlementOf(settlement.reserved, settlement.nodes);
    if (refunded > 0) {
      await this.credits.applyChange(manager, {
        accountId: settlement.accountId,
        amount: refunded,
        type: 'refund',
        reason: `Refund for execution ${settlement.executionId}`,
        executionId: settlement.executionId,
      });
    }
    const grantModels = new Set(settlement.nodes.filter((node) => node.grant).map((node) => node.model));
    for (const model of grantModels) {
      const used = settlement.nodes.some((node) => node.model === model && node.grant && node.completed);
      const rule = this.config.trialGrants.find((r) => r.model === model && r.kind === 'count');
      if (!used && rule) await this.grants.release(manager, settlement.accountId, model);
    }
    return { charged, refunded };
  }
}
