import { Pool } from 'undici';
import { BenchTargetInfo } from './bench-target';
import { Measurement } from './measure';

/**
 * An open load: requests start at evenly spaced times (`rate` per second), whatever the answers do, over a pool of
 * `connections` keep-alive connections, so the latency measured is a request's own time plus any queueing the
 * server causes, not a burst the load tool made (autocannon's rate option starts all connections together).
 */
export async function driveOpen(
  target: BenchTargetInfo,
  { connections, durationSeconds, rate }: { connections: number; durationSeconds: number; rate: number },
): Promise<Measurement> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections, pipelining: 1 });
  const body = JSON.stringify(target.body);
  const headers = { 'content-type': 'application/json', ...target.headers };
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const total = Math.round(rate * durationSeconds);
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    inFlight.push(
      pool
        .request({ path: url.pathname + url.search, method: 'POST', headers, body })
        .then(async (res) => {
          await res.body.dump();
          latencies.push(performance.now() - sent);
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    total: latencies.length,
    non2xx,
    errors,
  };
}
