/**
 * Group commit: items added during one turn of the event loop are handed to `flush` together, once, just after the
 * turn (setImmediate), and each caller's promise settles with its own result only when that flush has finished.
 * A batch never holds more than `maxItems`: the next item starts a new one. `flush` answers per item, in order; an
 * error thrown by `flush` fails every item of its batch.
 */
export class TickBatch<Item, Result> {
  private pending: Array<{ item: Item; resolve(result: Result): void; reject(error: unknown): void }> = [];

  constructor(
    private readonly flush: (items: Item[]) => Promise<Result[]>,
    private readonly maxItems = 500,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flushPending());
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxItems) this.flushPending();
    });
  }

  private flushPending(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.flush(batch.map((entry) => entry.item)).then(
      (results) => batch.forEach((entry, i) => entry.resolve(results[i])),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  }
}
