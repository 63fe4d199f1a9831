import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds buckets from 10 ms to 10 min: sync runs take milliseconds, media runs minutes. */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** The metrics of API.md §14, registered on one registry (not prom-client's global one, so apps can coexist). */
export function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    runs: new Counter({
      name: 'flowgate_runs_total',
      help: 'Executions that reached a terminal state, by outcome (completed, failed, cancelled).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    runDuration: new Histogram({
      name: 'flowgate_run_duration_seconds',
      help: 'Time from acceptance to the terminal state of an execution, by outcome.',
      labelNames: ['outcome'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    nodeDuration: new Histogram({
      name: 'flowgate_node_duration_seconds',
      help: 'Time one node of a finished execution took, by node type and step status.',
      labelNames: ['type', 'status'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'flowgate_queue_depth',
      help: 'Jobs waiting or delayed, by queue.',
      labelNames: ['queue'] as const,
      registers,
    }),
    queueOldestJobAge: new Gauge({
      name: 'flowgate_queue_oldest_job_age_seconds',
      help: 'Age of the oldest job ready and not yet taken, by queue (0 when none waits).',
      labelNames: ['queue'] as const,
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'flowgate_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome (delivered, retry, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    credits: new Counter({
      name: 'flowgate_credits_total',
      help: 'Credits reserved at acceptance and charged or refunded at settlement.',
      labelNames: ['kind'] as const,
      registers,
    }),
    rateLimitRejections: new Counter({
      name: 'flowgate_rate_limit_rejections_total',
      help: 'Requests answered 429 RATE_LIMIT_EXCEEDED, by route.',
      labelNames: ['route'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'flowgate_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
