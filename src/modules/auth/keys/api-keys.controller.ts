import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../../common/http/swagger-errors';
import { BodyPipe } from '../../../common/http/parse-body';
import { AccountsService } from '../accounts/accounts.service';
import { CurrentPrincipal, PathIds, RequireCapability } from '../decorators/auth.decorators';
import { ApiKeyResponse, CreatedApiKeyResponse } from '../dto/api-key.response';
import { CreateApiKeyDto } from '../dto/create-api-key.dto';
import type { Principal } from '../principal';
import { ApiKeysService } from './api-keys.service';
import { KeyWebhooksService } from './key-webhooks.service';
import { KeyWebhookResponse, SetKeyWebhookDto } from '../dto/key-webhook.dto';
import { ApiKeyView } from './api-key.view';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly accounts: AccountsService,
    private readonly webhooks: KeyWebhooksService,
  ) {}

  @Post()
  @RequireCapability('key:manage')
  @ApiOperation({ summary: "Create a key for the caller's account (never more than the calling key holds)" })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiErrors('INVALID_BODY', 'INVALID_CAPABILITY', 'CAPABILITY_ABOVE_CEILING')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new BodyPipe(CreateApiKeyDto)) body: CreateApiKeyDto,
  ): Promise<ApiKeyView> {
    const owner = await this.accounts.get(principal.accountId);
    return this.keys.create(owner, body, principal.capabilities);
  }

  @Get()
  @RequireCapability('key:manage')
  @ApiOperation({ summary: "The account's keys, revoked ones included" })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyView[]> {
    return this.keys.list(principal.accountId);
  }

  @Put(':id/webhook')
  @PathIds({ id: 'uuid' })
  @RequireCapability('key:manage')
  @ApiOperation({
    summary: "Set a key's webhook (the key must hold webhook:receive); a generated secret is shown once",
  })
  @ApiBody({ type: SetKeyWebhookDto })
  @ApiOkResponse({ type: KeyWebhookResponse })
  @ApiErrors('NOT_FOUND', 'INVALID_BODY', 'WEBHOOK_NOT_ALLOWED')
  setWebhook(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<KeyWebhookResponse> {
    return this.webhooks.set(principal, id, body);
  }

  @Delete(':id/webhook')
  @HttpCode(204)
  @PathIds({ id: 'uuid' })
  @RequireCapability('key:manage')
  @ApiOperation({ summary: "Remove a key's webhook" })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors('NOT_FOUND')
  removeWebhook(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @PathIds({ id: 'uuid' })
  @RequireCapability('key:manage')
  @ApiOperation({ summary: 'Revoke a key; it fails at once on every instance' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors('NOT_FOUND')
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.keys.revoke(principal.accountId, id);
  }
}
