import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { StepRecord } from '../engine/engine.types';
import { createMetrics, Metrics } from './metric-names';

export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'failed';
export type CreditKind = 'reserved' | 'charged' | 'refunded';

/**
 * Every metric is recorded through this one injectable (API.md §14). Hot-path calls only increment or observe:
 * labelled children are looked up once and kept, so a request costs no label hashing.
 */
@Injectable()
export class Telemetry {
  readonly registry = new Registry();
  private readonly metrics: Metrics = createMetrics(this.registry);
  private readonly runOutcomes = new Map<
    string,
    { count: Counter.Internal; duration: Histogram.Internal<string> }
  >();
  private readonly creditKinds = new Map<CreditKind, Counter.Internal>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'flowgate_' });
  }

  get raw(): Metrics {
    return this.metrics;
  }

  runEnded(outcome: string, ms: number | null, steps: readonly StepRecord[] | null): void {
    let children = this.runOutcomes.get(outcome);
    if (!children) {
      children = {
        count: this.metrics.runs.labels(outcome),
        duration: this.metrics.runDuration.labels(outcome),
      };
      this.runOutcomes.set(outcome, children);
    }
    children.count.inc();
    if (ms !== null) children.duration.observe(ms / 1000);
    for (const step of steps ?? [])
      if (step.durationMs !== undefined)
        this.metrics.nodeDuration.labels(step.type, step.status).observe(step.durationMs / 1000);
  }

  credits(kind: CreditKind, amount: number): void {
    if (amount <= 0) return;
    let counter = this.creditKinds.get(kind);
    if (!counter) this.creditKinds.set(kind, (counter = this.metrics.credits.labels(kind)));
    counter.inc(amount);
  }

  /** The counter of one route's answers with one status, looked up once per route and status. */
  httpRequests(method: string, route: string, status: number): Counter.Internal {
    return this.metrics.httpRequests.labels(method, route, String(status));
  }

  rateLimitRejections(route: string): Counter.Internal {
    return this.metrics.rateLimitRejections.labels(route);
  }

  webhookAttempt(outcome: WebhookAttemptOutcome): void {
    this.metrics.webhookDeliveries.labels(outcome).inc();
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
