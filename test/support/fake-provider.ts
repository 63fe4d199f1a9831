/**
 * A real HTTP server on loopback that plays a provider in the e2e suites: it records every request (method,
 * path with query, headers, parsed JSON body) and answers through the test's handler.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnLoopback, readBody } from './loopback';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/messages` or `/api/v1/jobs/recordInfo?taskId=t1`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  at: number;
}

export type FakeHandler = (req: RecordedRequest, res: ServerResponse) => unknown;

export interface FakeProvider {
  url: string;
  requests: RecordedRequest[];
  /** The requests to one path (query ignored), in order. */
  to(path: string): RecordedRequest[];
  stop(): Promise<void>;
}

export async function startFakeProvider(handler: FakeHandler): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((raw) => {
      const text = raw.toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* kept as text */
      }
      const recorded = { method: req.method!, path: req.url!, headers: req.headers, body, at: Date.now() };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((err: Error) => {
        res.statusCode = 599;
        res.end(err.message);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    requests,
    to: (path) => requests.filter((r) => r.path.split('?')[0] === path),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Writes registry entries to a MODELS_FILE in a fresh folder and returns its path. */
export function writeModelsFile(entries: unknown[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'flowgate-models-')), 'models.json');
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

/** A registry entry with the usual fields filled in. */
export function modelEntry(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    minTier: 'pro',
    supportsAsync: false,
    pricing: { unit: 'call', credits: 2 },
    inputs: [{ name: 'prompt', type: 'text', required: true }],
    params: [],
    ...fields,
  };
}

/** A small real PNG. */
export async function pngBytes(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 10, g: 200, b: 30 } } })
    .png()
    .toBuffer();
}
