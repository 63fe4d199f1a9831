import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { prettyStream } from './pretty-stream';

export type AppLogger = Logger;

const LEVELS: Record<AppConfig['logLevel'], pino.Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
};

/**
 * Fields that must never reach a log line, wherever a caller puts them (API.md §14: never a key, a secret or a
 * request body). Callers do not log them; this is the net under that rule.
 */
const REDACTED = [
  'key',
  'apiKey',
  'secret',
  'token',
  'authorization',
  'body',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.key',
  '*.secret',
];

/**
 * The process's one logger: pino, `LOG_FORMAT=json` (one object a line) or `pretty` (colours only on a
 * terminal). `fd` 1 for the server; the CLI logs to 2 so its stdout carries nothing but its JSON result.
 * JSON lines are written asynchronously (lines that pile up during one write go out in the next), which keeps a
 * request line per request off the run path's cost (measured: within noise of LOG_LEVEL=error with autocannon);
 * pino flushes what is left when the process exits.
 */
export function createAppLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, fd: 1 | 2 = 1): AppLogger {
  const destination: DestinationStream =
    config.logFormat === 'pretty'
      ? prettyStream(fd, Boolean((fd === 1 ? process.stdout : process.stderr).isTTY))
      : pino.destination({ fd, sync: false });
  return pino(
    {
      level: LEVELS[config.logLevel],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination,
  );
}
