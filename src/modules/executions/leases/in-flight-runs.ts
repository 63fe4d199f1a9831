import { Injectable } from '@nestjs/common';
import type { StopReason } from '../runs/run-pass';

/** One execution this process runs: the signal that stops it, and why it was stopped. */
export interface RunningExecution {
  readonly signal: AbortSignal;
  /** Why the signal fired (undefined while it has not): its deadline, a shutdown, or else a cancel. */
  stopReason(): StopReason | undefined;
  /** Done running here (settled, or let go): clears the deadline timer. */
  end(): void;
}

/**
 * The runs this process is executing right now. Whoever learns that a run must stop (a cancel here, a cancel
 * broadcast from another process, a lease renewal that sees `cancel_requested`, a shutdown) aborts it through
 * here; the code running it notices and settles it (or lets it go). One controller per run serves cancel,
 * shutdown and the deadline: a plain timer is far cheaper than linked signals.
 */
@Injectable()
export class InFlightRuns {
  private readonly running = new Map<string, AbortController>();
  /** Set once the process is stopping: runs aborted from now on were stopped by the shutdown, not a cancel. */
  stopping = false;

  start(execution: { id: string; deadlineAt: Date }): RunningExecution {
    const controller = new AbortController();
    let deadlinePassed = false;
    const timer = setTimeout(
      () => {
        deadlinePassed = true;
        controller.abort();
      },
      Math.max(0, execution.deadlineAt.getTime() - Date.now()),
    );
    this.running.set(execution.id, controller);
    return {
      signal: controller.signal,
      stopReason: () => {
        if (!controller.signal.aborted) return undefined;
        return deadlinePassed ? 'deadline' : this.stopping ? 'shutdown' : 'cancel';
      },
      end: () => {
        clearTimeout(timer);
        this.running.delete(execution.id);
      },
    };
  }

  has(executionId: string): boolean {
    return this.running.has(executionId);
  }

  /** True when this process runs it (and so has stopped it). */
  abort(executionId: string): boolean {
    const controller = this.running.get(executionId);
    controller?.abort();
    return controller !== undefined;
  }

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
