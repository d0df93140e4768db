import { DomainError } from '../shared/domain.errors';

export class DevelopmentAlreadyRecordedError extends DomainError {
  readonly code = 'development.already-recorded';
  readonly kind = 'conflict';
  constructor() {
    super('a development with this id has already been recorded; a correction is a new development');
  }
}
