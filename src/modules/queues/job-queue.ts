/**
 * One queue of jobs of one kind, whatever carries it: Bull on Redis when REDIS_URL is set (shared by every
 * process), or timers in this process for the embedded default. Either way the database is the source of truth:
 * each job kind has a sweeper that re-adds whatever is due and not held (after a crash, a lost job, a restart),
 * and `jobId` makes adding the same job twice harmless.
 */
export interface JobOptions {
  /** Same id, same job: adding it again while it waits is a no-op. */
  jobId: string;
  delayMs?: number;
}

export type JobHandler<T> = (payload: T) => Promise<void>;

export interface JobQueue<T> {
  readonly name: string;
  add(payload: T, options: JobOptions): Promise<void>;
  /** Starts taking jobs in this process (workers only), at most `concurrency` at a time. */
  process(concurrency: number, handler: JobHandler<T>): void;
  /** Jobs waiting or delayed (for metrics and benches). */
  depth(): Promise<number>;
  /** How long the oldest job ready to run (not delayed) has waited, in ms; 0 when none waits. */
  oldestWaitingAgeMs(): Promise<number>;
  close(): Promise<void>;
}
