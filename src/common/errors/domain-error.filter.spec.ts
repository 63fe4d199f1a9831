import { Controller, Get, Logger, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DomainError } from './domain-error';
import { DomainErrorFilter } from './domain-error.filter';

@Controller()
class ThrowingController {
  @Get('boom')
  boom(): never {
    throw new Error('connection to db-internal.example:5432 refused (password=hunter2)');
  }

  @Get('domain')
  domain(): never {
    throw new DomainError('RATE_LIMIT_EXCEEDED', 'Slow down.', { limit: 5 }, { 'Retry-After': '7' });
  }
}

@Module({
  controllers: [ThrowingController],
  providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
})
class ThrowingModule {}

/** The one error path on a real Nest + Fastify app: what callers see, and what operators get in the log. */
describe('DomainErrorFilter', () => {
  let app: NestFastifyApplication;
  const logged: string[] = [];

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      ThrowingModule,
      new FastifyAdapter({ genReqId: () => 'req_test' }),
      { logger: false },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterAll(() => app.close());

  it('answers an unexpected error 500 INTERNAL_ERROR with nothing leaked, and logs it with the request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: 'An unexpected error occurred. Quote the requestId when reporting it.',
      code: 'INTERNAL_ERROR',
      requestId: 'req_test',
    });
    expect(res.body).not.toContain('hunter2');
    expect(logged.some((line) => line.includes('[req_test]') && line.includes('hunter2'))).toBe(true);
  });

  it('renders a DomainError with its status, context and headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/domain' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toEqual({
      error: 'Slow down.',
      code: 'RATE_LIMIT_EXCEEDED',
      requestId: 'req_test',
      limit: 5,
    });
  });

  it('answers an unknown route 404 NOT_FOUND as JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', requestId: 'req_test' });
  });
});
