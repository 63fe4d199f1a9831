/**
 * HTTP/1.1 over a bare TCP socket, for what an HTTP client library refuses to send: control characters in headers,
 * broken framing, bad percent-encoding, oversized headers, a body that never finishes. Used by the e2e suites and
 * the fuzzer (test/fuzz).
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Every complete response read from the socket, in order. */
  responses: RawResponse[];
  /** True when the server closed the connection (or reset it) before `timeoutMs`. */
  closed: boolean;
  elapsedMs: number;
}

export interface RawOptions {
  /** Give up (and destroy the socket) after this long; `closed` is then false. */
  timeoutMs?: number;
  /** Writes to send after the first one, each after a pause: a slow client. */
  then?: Array<{ afterMs: number; data: string | Buffer }>;
  /** Half-close our side once everything is written. */
  end?: boolean;
  /** The requests were HEAD: responses carry headers only. */
  head?: boolean;
}

/** Writes `data`, then reads until the server closes the connection or `timeoutMs` passes. */
export function rawExchange(
  port: number,
  data: string | Buffer,
  options: RawOptions = {},
): Promise<RawExchange> {
  const { timeoutMs = 5000, then = [], end = false, head = false } = options;
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const timers: NodeJS.Timeout[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      socket.destroy();
      resolve({
        responses: parseResponses(Buffer.concat(chunks), head),
        closed,
        elapsedMs: Date.now() - started,
      });
    };
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      socket.write(data);
      let at = 0;
      for (const step of then) {
        at += step.afterMs;
        timers.push(setTimeout(() => socket.writable && socket.write(step.data), at));
      }
      if (end) timers.push(setTimeout(() => socket.writable && socket.end(), at));
    });
    timers.push(setTimeout(() => finish(false), timeoutMs));
  });
}

/** Splits a byte stream into HTTP/1.1 responses (Content-Length or chunked bodies); stops at anything partial. */
export function parseResponses(raw: Buffer, head = false): RawResponse[] {
  const responses: RawResponse[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const [statusLine, ...lines] = raw.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!status) break;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let cursor = headEnd + 4;
    let body: Buffer;
    const informational = Number(status[1]) < 200;
    if (head || informational) {
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = raw.indexOf('\r\n', cursor);
        if (lineEnd === -1) return responses;
        const size = parseInt(raw.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) return responses;
        cursor = lineEnd + 2;
        if (size === 0) {
          cursor += 2;
          break;
        }
        parts.push(raw.subarray(cursor, cursor + size));
        cursor += size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (cursor + length > raw.length) break;
      body = raw.subarray(cursor, cursor + length);
      cursor += length;
    }
    responses.push({ status: Number(status[1]), headers, body: body.toString('utf8') });
    offset = cursor;
  }
  return responses;
}

/** A request line and headers (and an optional body), CRLF-framed, exactly as given. */
export function rawRequest(
  method: string,
  target: string,
  headers: Array<[string, string]> = [],
  body = '',
): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers.map(([n, v]) => `${n}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
