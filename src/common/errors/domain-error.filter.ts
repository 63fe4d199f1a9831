import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { renderError } from './render-error';
import { toDomainError } from './framework-errors';

/**
 * The one error path: every error becomes `{ error, code, requestId, ...context }` with the status of its code.
 * Anything unexpected is logged with the request id and answered INTERNAL_ERROR, with nothing leaked.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toDomainError(exception) ?? this.unexpected(exception, request);
    const { status, body } = renderError(error, request.id);
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private unexpected(exception: unknown, request: FastifyRequest): DomainError {
    const stack = exception instanceof Error ? exception.stack : String(exception);
    this.logger.error(`[${request.id}] ${request.method} ${request.url}: ${stack}`);
    return new DomainError(
      'INTERNAL_ERROR',
      'An unexpected error occurred. Quote the requestId when reporting it.',
    );
  }
}
