import { DomainError, RuleViolatedError } from '../shared/domain.errors';

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

export class UnknownAidRequestError extends RuleViolatedError {
  constructor(readonly aidRequestIds: string[]) {
    super('package.unknown-aid-request', `a package bundles only known aid requests; unknown: ${aidRequestIds.join(', ')}`, { aidRequestIds });
  }
}

export class AidRequestAlreadyBundledError extends RuleViolatedError {
  constructor(readonly aidRequestIds: string[]) {
    super('package.aid-request-already-bundled', `an aid request is bundled into a package once; already in this package: ${aidRequestIds.join(', ')}`, {
      aidRequestIds,
    });
  }
}

export class PackageEnactedError extends RuleViolatedError {
  constructor() {
    super('package.enacted', 'the package is enacted: its contents no longer change (record corrections as legislative actions)');
  }
}

export class ComponentRuleError extends RuleViolatedError {}

export class BillNotAttachedError extends RuleViolatedError {
  constructor(bill: string, attached: string | null) {
    super(
      'legislation.bill-not-attached',
      attached === null ? `the package is carried by no bill yet; attach it to ${bill} first` : `the package is carried by ${attached}, not ${bill}`,
      { bill, attached },
    );
  }
}
