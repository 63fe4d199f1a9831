import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../decorators/auth.decorators';
import { WhoamiResponse } from '../dto/whoami.response';
import type { Principal } from '../principal';
import { WhoamiService } from './whoami.service';

@ApiTags('auth')
@Controller('whoami')
export class WhoamiController {
  constructor(private readonly whoami: WhoamiService) {}

  @Get()
  @Authenticated({ allowUnapproved: true })
  @ApiOperation({ summary: 'The calling key, its account, credits and rate limit (works before approval)' })
  @ApiOkResponse({ type: WhoamiResponse })
  describe(@CurrentPrincipal() principal: Principal): Promise<WhoamiResponse> {
    return this.whoami.describe(principal);
  }
}
