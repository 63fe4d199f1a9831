import autocannon from 'autocannon';
import { BenchTargetInfo } from './bench-target';
import { driveOpen } from './open-load';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** Requests per second started at even intervals (an open load, see open-load.ts); unset: a closed load. */
  rate?: number;
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
  if (options.rate) return driveOpen(target, { ...options, rate: options.rate });
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
