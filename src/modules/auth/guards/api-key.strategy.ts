import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ApiKeysService } from '../keys/api-keys.service';
import type { Principal } from '../principal';

/** Named passport strategy for the `x-api-key` header; no other scheme is accepted. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly keys: ApiKeysService) {
    super({ header: 'x-api-key', prefix: '' }, false);
  }

  async validate(apiKey: string): Promise<Principal | false> {
    return (await this.keys.authenticate(apiKey)) ?? false;
  }
}
