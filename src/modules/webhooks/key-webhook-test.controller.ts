import { Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/swagger-errors';
import { CurrentPrincipal, PathIds, RequireCapability } from '../auth/decorators/auth.decorators';
import type { Principal } from '../auth/principal';
import { DeliveryAttemptResponse } from './dto/delivery-attempt.response';
import { WebhookTests } from './webhook-tests.service';

/** The key webhook test route: under api-keys for callers, served here because sending is the webhooks' job. */
@ApiTags('api-keys')
@Controller('api-keys')
export class KeyWebhookTestController {
  constructor(private readonly tests: WebhookTests) {}

  @Post(':id/webhook/test')
  @PathIds({ id: 'uuid' })
  @RequireCapability('key:manage')
  @ApiOperation({
    summary: "Send a signed webhook.test event to the key's webhook now; answers with the attempt",
  })
  @ApiCreatedResponse({ type: DeliveryAttemptResponse })
  @ApiErrors('NOT_FOUND', 'WEBHOOK_NOT_ALLOWED')
  testWebhook(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<DeliveryAttemptResponse> {
    return this.tests.send(principal, id);
  }
}
