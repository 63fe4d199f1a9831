/** What a bench server tells the driver: where to send the request, with which headers and body. */
export interface BenchTargetInfo {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface BenchTarget extends BenchTargetInfo {
  close(): Promise<void>;
}

/** Both targets get this body, so both pay JSON body parsing. */
export const BENCH_BODY = { inputs: { name: 'bench' } };
