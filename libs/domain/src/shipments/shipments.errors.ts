import { DomainError } from '../shared/domain.errors';

export class ShipmentAlreadyReportedError extends DomainError {
  readonly code = 'shipment.already-reported';
  readonly kind = 'conflict';
  constructor() {
    super('a shipment with this id has already been reported; report legs or estimates on it instead');
  }
}

export class SupplierIsRecipientError extends DomainError {
  readonly code = 'shipment.supplier-is-recipient';
  readonly kind = 'rule-violated';
  constructor(country: string) {
    super(`a shipment goes between two states: supplier and recipient are both ${country}`, { country });
  }
}
