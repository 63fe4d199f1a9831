import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Public } from '../auth/decorators/auth.decorators';
import { QueueGauges } from './queue-gauges';
import { Telemetry } from './telemetry';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics: Prometheus text (API.md §14); with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly telemetry: Telemetry,
    private readonly queues: QueueGauges,
  ) {}

  @Public()
  @Get('metrics')
  async metrics(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply) {
    const token = this.config.metricsToken;
    if (token && !sameToken(authorization ?? '', `Bearer ${token}`))
      throw new DomainError('UNAUTHORIZED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.');
    await this.queues.update();
    const body = await this.telemetry.render();
    void reply.header('content-type', this.telemetry.registry.contentType).send(body);
  }
}
