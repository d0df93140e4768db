import { DomainError } from '../shared/domain.errors';

export class AidRequestAlreadyExistsError extends DomainError {
  readonly code = 'aid-request.already-exists';
  readonly kind = 'conflict';
  constructor() {
    super('an aid request with this id already exists');
  }
}

export class AidTotalMismatchError extends DomainError {
  readonly code = 'aid-request.total-mismatch';
  readonly kind = 'rule-violated';
  constructor(total: string, sumOfLines: string, currency: string) {
    super(`the total (${total} ${currency}) must equal the sum of the line items (${sumOfLines} ${currency})`, {
      total,
      sumOfLines,
      currency,
    });
  }
}
