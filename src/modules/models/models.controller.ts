import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/decorators/auth.decorators';
import { ModelResponse } from './model.response';
import { ModelRegistry } from './model-registry';
import { toModelView } from './model.response';

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly registry: ModelRegistry) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The registry models; enabled: false where the provider is not configured' })
  @ApiOkResponse({ type: [ModelResponse] })
  list(): ModelResponse[] {
    return this.registry.catalogue().map(toModelView);
  }
}
