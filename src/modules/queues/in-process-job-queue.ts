import { Logger } from '@nestjs/common';
import type { JobHandler, JobOptions, JobQueue } from './job-queue';

/**
 * The embedded default's queue: a timer per job and a concurrency limit, nothing else. It keeps nothing across a
 * restart on purpose: the job kinds' sweepers re-add from the database whatever is due, so the database is what
 * makes it durable.
 */
export class InProcessJobQueue<T> implements JobQueue<T> {
  private readonly logger: Logger;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly ready: Array<{ jobId: string; payload: T; readyAt: number }> = [];
  private readonly queued = new Set<string>();
  private handler?: JobHandler<T>;
  private concurrency = 0;
  private running = 0;
  private closed = false;

  constructor(readonly name: string) {
    this.logger = new Logger(`Queue:${name}`);
  }

  async add(payload: T, { jobId, delayMs = 0 }: JobOptions): Promise<void> {
    if (this.closed || this.timers.has(jobId) || this.queued.has(jobId)) return;
    if (delayMs <= 0) return this.enqueue(jobId, payload);
    const timer = setTimeout(() => {
      this.timers.delete(jobId);
      this.enqueue(jobId, payload);
    }, delayMs);
    this.timers.set(jobId, timer);
  }

  process(concurrency: number, handler: JobHandler<T>): void {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.drain();
  }

  async depth(): Promise<number> {
    return this.timers.size + this.ready.length;
  }

  async oldestWaitingAgeMs(): Promise<number> {
    return this.ready.length > 0 ? Date.now() - this.ready[0].readyAt : 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ready.length = 0;
    this.queued.clear();
  }

  private enqueue(jobId: string, payload: T): void {
    this.queued.add(jobId);
    this.ready.push({ jobId, payload, readyAt: Date.now() });
    this.drain();
  }

  private drain(): void {
    while (this.handler && !this.closed && this.running < this.concurrency && this.ready.length > 0) {
      const { jobId, payload } = this.ready.shift()!;
      this.queued.delete(jobId);
      this.running++;
      this.handler(payload)
        .catch((error: unknown) =>
          this.logger.error(`job ${jobId} failed: ${error instanceof Error ? error.stack : String(error)}`),
        )
        .finally(() => {
          this.running--;
          this.drain();
        });
    }
  }
}
