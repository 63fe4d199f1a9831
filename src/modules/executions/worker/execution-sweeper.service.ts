import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { SqlClient } from '../../../database/sql-client';
import { OPEN_STATUSES_SQL } from '../execution-records';
import { ExecutionLeases } from '../leases/execution-leases';
import { InFlightRuns } from '../leases/in-flight-runs';
import { ExecutionJobsProducer } from '../queue/execution-jobs.producer';
import { ExecutionSettlement } from '../runs/execution-settlement';
import { failedEnd, stoppedSteps } from '../runs/run-pass';

/** The columns a sweep reads to decide what an unattended execution needs. */
interface UnattendedRow {
  id: string;
  mode: string;
  deadline_at: unknown;
  next_run_at: unknown;
  lease_expires_at: unknown;
}

/** At most this many executions per sweep: a backlog is taken in slices, the next sweep takes the next one. */
const SWEEP_BATCH = 500;

/** A job due this long ago and not taken is presumed lost (a crash between recording and queueing, a restart). */
const LOST_JOB_GRACE_MS = 5_000;

/**
 * No execution stays open forever (API.md §8). Workers (and all-in-one processes), at start and every
 * RECOVERY_SWEEP_SECONDS, look for open executions nobody is taking care of:
 *  - past their deadline and not held by a live process: failed TIMEOUT;
 *  - async, with a lapsed lease (their worker died) or a pass due and never taken (the job was lost): queued again,
 *    so a worker resumes them from their stored progress;
 *  - sync, with a lapsed lease: their process died with the caller's connection: failed WORKER_LOST.
 * All of these settle like any run, so reserved credits come back. In the embedded default, one process by
 * design, every lease held by an earlier process has lapsed by definition at start.
 */
@Injectable()
export class ExecutionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ExecutionSweeper');
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlClient,
    private readonly leases: ExecutionLeases,
    private readonly inFlight: InFlightRuns,
    private readonly settlement: ExecutionSettlement,
    private readonly jobs: ExecutionJobsProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return; // API-only processes (and the CLI) never sweep
    await this.sweep(!this.config.databaseUrl);
    this.timer = setInterval(() => void this.sweep(false), this.config.recoverySweepSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One sweep; `atEmbeddedStart`: every open execution not run by this process is orphaned. */
  async sweep(atEmbeddedStart = false): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const row of await this.unattended(atEmbeddedStart)) {
        if (this.inFlight.has(row.id)) continue;
        await this.recover(row, atEmbeddedStart).catch((error: Error) =>
          this.logger.error(`recovering execution ${row.id} failed: ${error.message}`),
        );
      }
    } catch (error) {
      this.logger.error(`sweep failed: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private unattended(atEmbeddedStart: boolean): Promise<UnattendedRow[]> {
    const now = new Date();
    if (atEmbeddedStart)
      return this.sql.select(
        `SELECT id, mode, deadline_at, next_run_at, lease_expires_at FROM executions
          WHERE status IN ${OPEN_STATUSES_SQL} AND (lease_owner IS NULL OR lease_owner <> ?) LIMIT ${SWEEP_BATCH}`,
        [this.leases.owner],
      );
    return this.sql.select(
      `SELECT id, mode, deadline_at, next_run_at, lease_expires_at FROM executions
        WHERE status IN ${OPEN_STATUSES_SQL}
          AND ((lease_owner IS NOT NULL AND lease_expires_at < ?)
            OR (lease_owner IS NULL AND (next_run_at IS NULL OR next_run_at < ? OR deadline_at < ?)))
        LIMIT ${SWEEP_BATCH}`,
      [now, new Date(now.getTime() - LOST_JOB_GRACE_MS), now],
    );
  }

  private async recover(row: UnattendedRow, atEmbeddedStart: boolean): Promise<void> {
    const deadlinePassed = this.sql.date(row.deadline_at)!.getTime() <= Date.now();
    if (row.mode === 'async' && !deadlinePassed) {
      // The lease of a dead holder may not have lapsed yet: free it so a worker can claim it now.
      if (atEmbeddedStart)
        await this.leases.claim(row.id, true).then(() => this.leases.release(row.id, new Date()));
      const lapsedAt = this.sql.date(row.lease_expires_at);
      // A lapsed lease means the job that held it died with its worker; Bull may still keep that job as active
      // (stalled) for a while, so the new one gets an id of its own. A lost job keeps its id: re-adding a job
      // that is in fact still waiting is then a no-op.
      if (lapsedAt && !atEmbeddedStart) await this.jobs.scheduleAfterLapse(row.id, lapsedAt);
      else await this.jobs.schedule(row.id, this.sql.date(row.next_run_at) ?? new Date());
      return;
    }
    const execution = await this.leases.claim(row.id, atEmbeddedStart);
    if (!execution) return; // a live process holds it after all
    const steps = stoppedSteps(execution.steps);
    const end = deadlinePassed
      ? failedEnd('TIMEOUT', 'The execution passed its deadline.', null, steps)
      : failedEnd(
          'WORKER_LOST',
          'The process running this execution stopped; it could not be resumed.',
          null,
          steps,
        );
    if (await this.settlement.close(execution, end, execution.mode === 'async'))
      this.logger.warn(`execution ${execution.id} failed with ${end.error!.code}`);
  }
}
