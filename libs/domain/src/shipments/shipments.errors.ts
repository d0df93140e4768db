import { DomainError, RuleViolatedError } from '../shared/domain.errors';

export class ShipmentAlreadyReportedError extends DomainError {
  readonly code = 'shipment.already-reported';
  readonly kind = 'conflict';
  constructor() {
    super('a shipment with this id has already been reported; report legs or estimates on it instead');
  }
}

export class ShipmentNotFoundError extends DomainError {
  readonly code = 'shipment.not-found';
  readonly kind = 'not-found';
  constructor() {
    super('no shipment with this id has been reported');
  }
}

export class SupplierIsRecipientError extends RuleViolatedError {
  constructor(country: string) {
    super('shipment.supplier-is-recipient', `a shipment goes between two states: supplier and recipient are both ${country}`, { country });
  }
}

export class ShipmentRetractedError extends RuleViolatedError {
  constructor() {
    super('shipment.retracted', 'a retracted shipment report takes nothing more: no legs, estimates, disputes or second retraction');
  }
}
