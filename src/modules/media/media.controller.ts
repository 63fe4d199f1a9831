/**
 * Serves stored media at `<PUBLIC_BASE_URL>/media/<key>`: public, immutable (a key is never rewritten). A missing
 * key's 404 is not cached (errors are `no-store`) and nosniff is set on every answer (common/http/response-headers).
 */
import { Public } from '../auth/decorators/auth.decorators';
import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { NotFoundMediaError } from './media.errors';
import { MEDIA_STORE, MediaStore } from './media.types';

@Controller()
export class MediaController {
  constructor(@Inject(MEDIA_STORE) private readonly store: MediaStore) {}

  @Public()
  @Get('media/*')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  async serve(@Param('*') key: string): Promise<StreamableFile> {
    const media = await this.store.get(key);
    if (!media) throw new NotFoundMediaError(key);
    return new StreamableFile(media.data, { type: media.contentType, length: media.data.length });
  }
}
