import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { JobQueue } from '../queues/job-queue';
import { EXECUTION_JOBS } from '../queues/queue-names';
import { withTimeout } from './with-timeout';

const CHECK_TIMEOUT_MS = 2000;

export type CheckResults = Record<string, string>;

/**
 * GET /health/ready (API.md §14): the database always; Redis and the queue on Redis when REDIS_URL is set. Each
 * check has 2 s; a failing one makes the answer 503 UNAVAILABLE naming it. Redis is asked through a client of its
 * own that fails fast (no offline queue), so a dead Redis is reported at once rather than at the timeout.
 */
@Injectable()
export class Readiness implements OnModuleDestroy {
  private readonly redis?: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(EXECUTION_JOBS) private readonly executions: JobQueue<unknown>,
  ) {
    if (config.redisUrl)
      this.redis = new Redis(config.redisUrl, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 1000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      }).on('error', () => undefined); // the check reports it
  }

  private checks(): Array<[string, () => Promise<unknown>]> {
    const list: Array<[string, () => Promise<unknown>]> = [
      ['database', () => this.dataSource.query('SELECT 1')],
    ];
    const redis = this.redis;
    if (redis) {
      list.push([
        'redis',
        async () => {
          if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
          return redis.ping();
        },
      ]);
      list.push(['queue', () => this.executions.depth()]);
    }
    return list;
  }

  async run(): Promise<CheckResults> {
    const entries = await Promise.all(
      this.checks().map(async ([name, check]): Promise<[string, string]> => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS, name);
          return [name, 'ok'];
        } catch (error) {
          return [name, `failed: ${error instanceof Error ? error.message : String(error)}`];
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  /** The checks when all pass; otherwise UNAVAILABLE naming the failing ones. */
  async assertReady(): Promise<{ status: 'ok'; checks: CheckResults }> {
    const checks = await this.run();
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    if (failing.length > 0)
      throw new DomainError(
        'UNAVAILABLE',
        `Not ready: ${failing.join(', ')} failing.`,
        { failing, checks },
        { 'Retry-After': '5' },
      );
    return { status: 'ok', checks };
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
