import { DomainError } from '../shared/domain.errors';

export class PackageAlreadyProposedError extends DomainError {
  readonly code = 'package.already-proposed';
  readonly kind = 'conflict';
  constructor() {
    super('a package with this id has already been proposed');
  }
}

export class PackageNotFoundError extends DomainError {
  readonly code = 'package.not-found';
  readonly kind = 'not-found';
  constructor() {
    super('no package with this id has been proposed');
  }
}

export class UnknownAidRequestError extends DomainError {
  readonly code = 'package.unknown-aid-request';
  readonly kind = 'rule-violated';
  constructor(readonly aidRequestIds: string[]) {
    super(`a package bundles only known aid requests; unknown: ${aidRequestIds.join(', ')}`, { aidRequestIds });
  }
}

export class AidRequestAlreadyBundledError extends DomainError {
  readonly code = 'package.aid-request-already-bundled';
  readonly kind = 'rule-violated';
  constructor(readonly aidRequestIds: string[]) {
    super(`an aid request is bundled into a package once; already in this package: ${aidRequestIds.join(', ')}`, {
      aidRequestIds,
    });
  }
}
