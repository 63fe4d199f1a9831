import { writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

const COLOURS: Record<string, string> = {
  fatal: '\x1b[35m',
  error: '\x1b[31m',
  warn: '\x1b[33m',
  info: '\x1b[32m',
  debug: '\x1b[36m',
  trace: '\x1b[90m',
};
const RESET = '\x1b[0m';
const OWN_FIELDS = new Set(['level', 'time', 'pid', 'msg', 'context']);

/** One pino JSON line as a person reads it: `12:00:01 INFO [Context] message key=value …`. */
export function prettyLine(json: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const label = level.toUpperCase().padEnd(5);
  const context = entry.context ? ` [${String(entry.context)}]` : '';
  const extras = Object.entries(entry)
    .filter(([name]) => !OWN_FIELDS.has(name))
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const head = colour ? `${COLOURS[level] ?? ''}${label}${RESET}` : label;
  return `${time} ${head}${context} ${String(entry.msg ?? '')}${extras ? ` ${extras}` : ''}\n`;
}

/** LOG_FORMAT=pretty: pino's JSON reformatted in this process (no transport worker, no extra dependency). */
export function prettyStream(fd: number, colour: boolean): DestinationStream {
  return { write: (line: string) => void writeSync(fd, prettyLine(line.trimEnd(), colour)) };
}
