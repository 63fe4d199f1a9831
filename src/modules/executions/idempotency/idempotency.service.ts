import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, QueryFailedError, Repository } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error';
import { toDomainError } from '../../../common/errors/framework-errors';
import { renderError } from '../../../common/errors/render-error';
import { ExecutionEntity } from '../entities/execution.entity';
import { IdempotencyRecordEntity } from '../entities/idempotency-record.entity';
import { finishedAnswer } from '../runs/run-answers';
import { IdempotentExecutions } from './idempotent-executions';

const KEEP_MS = 24 * 60 * 60 * 1000;

/** What a run route answers, as stored and replayed. */
export interface RouteAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Only the Location header is part of a stored answer (202s point at the execution). */
const KEPT_HEADERS = new Set(['location']);

/**
 * Idempotency-Key claims in the database (API.md §7). The primary key (account, key) is the lock: one
 * instance wins the insert, every other instance sees the claim, so it holds across API instances.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectRepository(IdempotencyRecordEntity) private readonly records: Repository<IdempotencyRecordEntity>,
    private readonly executions: IdempotentExecutions,
  ) {}

  /**
   * Runs `work` at most once per (account, key): the first request runs and its answer is stored; the same
   * request again gets that answer with `Idempotent-Replayed: true`; a different request under the key is 422;
   * while the first still runs, 409. Only a request that created an execution holds the key: its answer (200,
   * 202, or 500 EXECUTION_FAILED) is stored; any other error releases the key.
   * (A wrapper the run routes call rather than a Nest interceptor: measured, the interceptor machinery alone cost
   * about a quarter of a template run's throughput.)
   */
  async runOnce(
    claim: { accountId: string; key: string | null; requestHash: () => string; requestId: string },
    work: () => Promise<RouteAnswer>,
  ): Promise<RouteAnswer> {
    if (claim.key === null) return work();
    const { accountId, key } = claim;
    const stored = await this.claim(accountId, key, claim.requestHash());
    if (stored) return { ...stored, headers: { ...stored.headers, 'Idempotent-Replayed': 'true' } };
    let answer: RouteAnswer;
    try {
      answer = await work();
    } catch (error) {
      const domain = toDomainError(error);
      if (domain?.code === 'EXECUTION_FAILED')
        await this.complete(accountId, key, { ...renderError(domain, claim.requestId), headers: {} });
      else await this.release(accountId, key);
      throw error;
    }
    const headers = Object.fromEntries(
      Object.entries(answer.headers).filter(([name]) => KEPT_HEADERS.has(name.toLowerCase())),
    );
    await this.complete(accountId, key, { status: answer.status, body: answer.body, headers });
    return answer;
  }

  /** null: this request holds the key now. A stored answer: replay it. Throws 409/422 otherwise. */
  async claim(accountId: string, key: string, requestHash: string): Promise<RouteAnswer | null> {
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
      // The first answer stands while its execution is open; once it is terminal, the key replays how it ended
      // (API.md §7), also when the first request never got its answer stored (its process died mid-run).
      if (existing.responseStatus === null || existing.responseStatus === 202) {
        const final = await this.finalAnswer(accountId, key);
        if (final) {
          await this.complete(accountId, key, final);
          return final;
        }
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

  /** The answer a terminal execution started under this key stands for; null while it is open. */
  private async finalAnswer(accountId: string, key: string): Promise<RouteAnswer | null> {
    const execution = await this.executions.startedBy(accountId, key);
    if (!execution || execution.status === 'processing' || execution.status === 'cancel_requested')
      return null;
    return answerOf(execution);
  }

  async complete(accountId: string, key: string, answer: RouteAnswer): Promise<void> {
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

/** What a sync run that ended like this execution answers: 200 with the result, or 500 EXECUTION_FAILED. */
function answerOf(execution: ExecutionEntity): RouteAnswer {
  try {
    return finishedAnswer(execution);
  } catch (error) {
    return { ...renderError(error as DomainError, execution.requestId), headers: {} };
  }
}
