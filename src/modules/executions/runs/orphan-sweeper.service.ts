import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ExecutionEntity } from '../entities/execution.entity';
import { RunExecutor } from './run-executor.service';

const SWEEP_INTERVAL_MS = 60_000;
const OPEN = In(['processing', 'cancel_requested']);

/**
 * No execution stays `processing` forever (API.md §8). At start, the embedded default (one process by design)
 * fails every open execution with WORKER_LOST: the process that ran it is gone. With PostgreSQL, other instances
 * may be running theirs, so only executions past their deadline are failed (TIMEOUT), at start and every minute.
 * Both settle like any run, so reserved credits come back. API-only processes (and the CLI) never sweep.
 */
@Injectable()
export class OrphanSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OrphanSweeper');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(ExecutionEntity) private readonly executions: Repository<ExecutionEntity>,
    private readonly executor: RunExecutor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // API-only processes (and the CLI) run no sweeps: a worker or an all-in-one process owns executions.
    if (this.config.role === 'api') return;
    if (!this.config.databaseUrl)
      await this.failAll(await this.executions.find({ where: { status: OPEN } }), 'WORKER_LOST');
    await this.sweepDeadlines();
    this.timer = setInterval(
      () => void this.sweepDeadlines().catch((e: Error) => this.logger.error(e.message)),
      SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweepDeadlines(): Promise<void> {
    const overdue = await this.executions.find({ where: { status: OPEN, deadlineAt: LessThan(new Date()) } });
    await this.failAll(
      overdue.filter((execution) => !this.executor.isRunningHere(execution.id)),
      'TIMEOUT',
    );
  }

  private async failAll(orphans: ExecutionEntity[], code: 'WORKER_LOST' | 'TIMEOUT'): Promise<void> {
    for (const execution of orphans) {
      const message =
        code === 'TIMEOUT'
          ? 'The execution passed its deadline.'
          : 'The process running this execution stopped; it could not be resumed.';
      await this.executor.failOrphan(execution, code, message);
      this.logger.warn(`execution ${execution.id} failed with ${code}`);
    }
  }
}
