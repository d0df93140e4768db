/**
 * Errors the deciders raise. `code` is stable (clients may branch on it); `kind` says how the
 * API answers: a missing aggregate, a conflict with what exists, or a violated rule.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'rule-violated';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  readonly details: Record<string, unknown>;

  protected constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The command names an aggregate nobody has created, e.g. `package.not-found`. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The command would create an aggregate that exists, e.g. `shipment.already-reported`. */
export class AlreadyExistsError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A rule of the domain, named by its code, e.g. `legislation.second-chamber-before-first`. */
export class RuleViolatedError extends DomainError {
  readonly kind = 'rule-violated';
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}
