import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators/auth.decorators';
import { CheckResults, Readiness } from './readiness';

/** Liveness and readiness for load balancers (API.md §14), and `/` pointing people at the docs. No key, no limit. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Public()
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  ready(): Promise<{ status: 'ok'; checks: CheckResults }> {
    return this.readiness.assertReady();
  }

  @Public()
  @Get()
  @Redirect('/docs', 302)
  root(): void {}
}
