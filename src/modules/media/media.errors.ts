import { DomainError } from '../../common/errors/domain-error';

/** No media file under the requested key: 404 `NOT_FOUND`. */
export class NotFoundMediaError extends DomainError {
  constructor(readonly key: string) {
    super('NOT_FOUND', 'No media file at this URL.');
  }
}
