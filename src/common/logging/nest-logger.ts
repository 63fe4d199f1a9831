import type { LoggerService } from '@nestjs/common';
import type { AppLogger } from './app-logger';

/**
 * Nest's startup chatter that buries the start banner (one line per module and per route): dropped at `log`
 * level, kept for warnings and errors.
 */
const QUIET_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'fatal';

/** Nest's `Logger` calls (every `new Logger('Context')` in the code) written through the pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest passes the context last, and for errors a stack before it.
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    if (level === 'info' && typeof context === 'string' && QUIET_CONTEXTS.has(context)) return;
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    const text =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    this.logger[level]({ context, ...(stack ? { stack } : {}) }, text);
  }
}
