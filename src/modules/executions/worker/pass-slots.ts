/**
 * At most `size` passes at once in this process (WORKER_CONCURRENCY), whatever jobs they came in: a job of new
 * runs carries several executions. The others wait their turn, first come first served.
 */
export class PassSlots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.used < this.size) this.used++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over, still counted
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.used--;
    }
  }

  get inUse(): number {
    return this.used;
  }
}
