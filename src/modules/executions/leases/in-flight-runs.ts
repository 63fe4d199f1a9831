import { Injectable } from '@nestjs/common';

/**
 * The runs this process is executing right now, each with the controller that stops it. Whoever learns that a run
 * must stop (a cancel here, a cancel broadcast from another process, a lease renewal that sees `cancel_requested`,
 * a shutdown) aborts it through here; the code running it notices and settles it.
 */
@Injectable()
export class InFlightRuns {
  private readonly running = new Map<string, AbortController>();

  start(executionId: string): AbortController {
    const controller = new AbortController();
    this.running.set(executionId, controller);
    return controller;
  }

  end(executionId: string): void {
    this.running.delete(executionId);
  }

  has(executionId: string): boolean {
    return this.running.has(executionId);
  }

  /** True when this process runs it (and so has stopped it). */
  abort(executionId: string, reason?: unknown): boolean {
    const controller = this.running.get(executionId);
    controller?.abort(reason);
    return controller !== undefined;
  }

  /** Set once the process is stopping: runs aborted from now on were stopped by the shutdown, not a cancel. */
  stopping = false;

  /** A graceful stop: aborts every run and resolves once the code running each has settled or released it. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const controller of this.running.values()) controller.abort();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  get size(): number {
    return this.running.size;
  }
}
