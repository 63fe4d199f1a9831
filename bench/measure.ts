import autocannon from 'autocannon';
import { BenchTargetInfo } from './bench-target';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

/** One autocannon run against a target: POST with its headers and JSON body. */
export async function drive(target: BenchTargetInfo, options: LoadOptions): Promise<Measurement> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify(target.body),
    connections: options.connections,
    duration: options.durationSeconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    // autocannon counts timeouts inside errors; both mean a request that got no answer.
    errors: result.errors,
  };
}
