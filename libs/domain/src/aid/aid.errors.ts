import { DomainError, RuleViolatedError } from '../shared/domain.errors';

export class AidRequestAlreadyExistsError extends DomainError {
  readonly code = 'aid-request.already-exists';
  readonly kind = 'conflict';
  constructor() {
    super('an aid request with this id already exists');
  }
}

export class AidRequestNotFoundError extends DomainError {
  readonly code = 'aid-request.not-found';
  readonly kind = 'not-found';
  constructor() {
    super('no aid request with this id has been recorded');
  }
}

export class AidTotalMismatchError extends RuleViolatedError {
  constructor(total: string, sumOfLines: string, currency: string) {
    super('aid-request.total-mismatch', `the total (${total} ${currency}) must equal the sum of the line items (${sumOfLines} ${currency})`, {
      total,
      sumOfLines,
      currency,
    });
  }
}

export class AidRequestClosedError extends RuleViolatedError {
  constructor(status: string) {
    super('aid-request.closed', `the aid request is ${status}: it takes no positions, withdrawal, supersession or bundling`, { requestStatus: status });
  }
}

export class AidRequestInAnotherPackageError extends RuleViolatedError {
  constructor(packageId: string) {
    super('aid-request.in-another-package', `an aid request sits in at most one active package; it is in "${packageId}"`, { packageId });
  }
}
