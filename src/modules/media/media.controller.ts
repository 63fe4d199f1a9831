/**
 * Serves stored media at `<PUBLIC_BASE_URL>/media/<key>`: public, immutable (a key is never rewritten). A missing
 * key's 404 is not cached (errors are `no-store`) and nosniff is set on every answer (common/http/response-headers).
 */
import { Public } from '../auth/decorators/auth.decorators';
import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/swagger-errors';
import { NotFoundMediaError } from './media.errors';
import { MEDIA_STORE, MediaStore } from './media.types';

/** What a stored file may be; a missing one is the usual JSON error body. */
const MEDIA_CONTENT = Object.fromEntries(
  ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'image/gif', 'audio/wav'].map((type) => [
    type,
    { schema: { type: 'string', format: 'binary' } },
  ]),
);

@ApiTags('media')
@Controller()
export class MediaController {
  constructor(@Inject(MEDIA_STORE) private readonly store: MediaStore) {}

  @Public()
  @Get('media/*')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @ApiOperation({ summary: 'A file a run made (the URLs in results point here); cached for a year' })
  @ApiOkResponse({ description: 'The file', content: MEDIA_CONTENT })
  @ApiErrors('NOT_FOUND')
  async serve(@Param('*') key: string): Promise<StreamableFile> {
    const media = await this.store.get(key);
    if (!media) throw new NotFoundMediaError(key);
    return new StreamableFile(media.data, { type: media.contentType, length: media.data.length });
  }
}
