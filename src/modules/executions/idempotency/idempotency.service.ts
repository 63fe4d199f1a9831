import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, QueryFailedError, Repository } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error';
import { IdempotencyRecordEntity } from '../entities/idempotency-record.entity';

const KEEP_MS = 24 * 60 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Idempotency-Key claims in the database (API.md §7). The primary key (account, key) is the lock: one
 * instance wins the insert, every other instance sees the claim, so it holds across API instances.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectRepository(IdempotencyRecordEntity) private readonly records: Repository<IdempotencyRecordEntity>,
  ) {}

  /** null: this request holds the key now. A stored answer: replay it. Throws 409/422 otherwise. */
  async claim(accountId: string, key: string, requestHash: string): Promise<StoredAnswer | null> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const now = new Date();
      try {
        await this.records.insert({
          accountId,
          key,
          requestHash,
          responseStatus: null,
          responseBody: null,
          responseHeaders: null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + KEEP_MS),
        } as never);
        return null;
      } catch (error) {
        if (!(error instanceof QueryFailedError)) throw error;
      }
      const existing = await this.records.findOne({ where: { accountId, key } });
      if (!existing) continue;
      if (existing.expiresAt.getTime() <= now.getTime()) {
        await this.records.delete({ accountId, key, expiresAt: LessThan(now) });
        continue;
      }
      if (existing.requestHash !== requestHash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request.',
          { idempotencyKey: key },
        );
      }
      if (existing.responseStatus === null) {
        throw new DomainError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still running. Retry later.',
          {
            idempotencyKey: key,
          },
        );
      }
      return {
        status: existing.responseStatus,
        body: existing.responseBody,
        headers: existing.responseHeaders ?? {},
      };
    }
    throw new DomainError(
      'IDEMPOTENCY_IN_PROGRESS',
      'A request with this Idempotency-Key is still running. Retry later.',
      { idempotencyKey: key },
    );
  }

  async complete(accountId: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.records.update(
      { accountId, key },
      { responseStatus: answer.status, responseBody: answer.body as never, responseHeaders: answer.headers },
    );
  }

  /** Requests rejected before an execution was created do not hold the key. */
  async release(accountId: string, key: string): Promise<void> {
    await this.records.delete({ accountId, key });
  }
}
