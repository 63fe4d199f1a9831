import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors } from '../../../common/http/swagger-errors';
import { Page, parsePageQuery } from '../../../common/http/pagination';
import { ApiPaged } from '../../../common/http/swagger-paging';
import { LedgerEntryView } from '../../billing/ledger/ledger-entry.view';
import { AccountView } from '../accounts/account.view';
import { PathIds, RequireCapability } from '../decorators/auth.decorators';
import { AccountResponse, CreateAccountDto, CreditsChangeDto, UpdateAccountDto } from '../dto/account.dto';
import { CreatedApiKeyResponse } from '../dto/api-key.response';
import { CreateApiKeyDto } from '../dto/create-api-key.dto';
import { ApiKeyView } from '../keys/api-key.view';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiExtraModels(LedgerEntryView)
@Controller('admin/accounts')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post()
  @RequireCapability('*')
  @ApiOperation({ summary: 'Create an account' })
  @ApiBody({ type: CreateAccountDto })
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiErrors('INVALID_BODY')
  create(@Body() body: unknown): Promise<AccountView> {
    return this.admin.createAccount(body);
  }

  @Get(':id')
  @PathIds({ id: 'uuid' })
  @RequireCapability('*')
  @ApiOperation({ summary: 'Read an account' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors('NOT_FOUND')
  get(@Param('id') id: string): Promise<AccountView> {
    return this.admin.getAccount(id);
  }

  @Patch(':id')
  @PathIds({ id: 'uuid' })
  @RequireCapability('*')
  @ApiOperation({ summary: "Change an account's tier or approval (effective at once)" })
  @ApiBody({ type: UpdateAccountDto })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors('NOT_FOUND', 'INVALID_BODY')
  update(@Param('id') id: string, @Body() body: unknown): Promise<AccountView> {
    return this.admin.updateAccount(id, body);
  }

  @Post(':id/credits')
  @PathIds({ id: 'uuid' })
  @RequireCapability('*')
  @ApiOperation({ summary: 'Top up (positive) or adjust (negative) credits; writes a ledger row' })
  @ApiBody({ type: CreditsChangeDto })
  @ApiCreatedResponse({
    schema: { properties: { entry: { $ref: getSchemaPath(LedgerEntryView) }, balance: { type: 'integer' } } },
  })
  @ApiErrors('NOT_FOUND', 'INVALID_BODY')
  changeCredits(@Param('id') id: string, @Body() body: unknown) {
    return this.admin.changeCredits(id, body);
  }

  @Get(':id/ledger')
  @PathIds({ id: 'uuid' })
  @RequireCapability('*')
  @ApiOperation({ summary: "A page of the account's ledger, newest first" })
  @ApiPaged(LedgerEntryView)
  @ApiErrors('NOT_FOUND', 'INVALID_BODY')
  ledger(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<Page<LedgerEntryView>> {
    return this.admin.ledger(id, parsePageQuery(query));
  }

  @Post(':id/api-keys')
  @PathIds({ id: 'uuid' })
  @RequireCapability('*')
  @ApiOperation({ summary: 'Create a key for any account (tier ceilings apply)' })
  @ApiBody({ type: CreateApiKeyDto })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiErrors(
    'NOT_FOUND',
    'INVALID_BODY',
    'INVALID_CAPABILITY',
    'CAPABILITY_ABOVE_CEILING',
    'API_KEY_ACCESS_DENIED',
  )
  createKey(@Param('id') id: string, @Body() body: unknown): Promise<ApiKeyView> {
    return this.admin.createKey(id, body);
  }
}
