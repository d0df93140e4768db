import type { CommandOf } from '@policy-ledger/contracts';
import type { Decider } from '../shared/decider';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../shared/domain.errors';
import { onStream } from '../shared/use-case';

export type ShipmentCommand = CommandOf<'ReportShipment' | 'ReportShipmentLeg' | 'UpdateShipmentEstimate' | 'DisputeShipmentClaim' | 'RetractShipmentReport'>;

export type ShipmentState = { status: 'unknown' } | { status: 'reported' | 'retracted'; supplier: string; recipient: string };

const alreadyReported = () =>
  new AlreadyExistsError('shipment.already-reported', 'a shipment with this id has already been reported; report legs or estimates on it instead');
const notFound = () => new NotFoundError('shipment.not-found', 'no shipment with this id has been reported');

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

export const shipmentDecider: Decider<ShipmentCommand, ShipmentState, 'shipment'> = {
  streamType: 'shipment',
  initialState: { status: 'unknown' },

  decide(command, state) {
    if (command.type === 'ReportShipment') {
      if (state.status !== 'unknown') throw alreadyReported();
      if (command.data.supplier === command.data.recipient) throw new SupplierIsRecipientError(command.data.supplier);
      return [{ type: 'ShipmentReported', data: command.data }];
    }
    if (state.status === 'unknown') throw notFound();
    if (state.status === 'retracted') throw new ShipmentRetractedError();
    switch (command.type) {
      case 'ReportShipmentLeg':
        return [{ type: 'ShipmentLegReported', data: command.data }];
      case 'UpdateShipmentEstimate':
        return [{ type: 'ShipmentEstimateUpdated', data: command.data }];
      case 'DisputeShipmentClaim':
        return [{ type: 'ShipmentClaimDisputed', data: command.data }];
      case 'RetractShipmentReport':
        return [{ type: 'ShipmentReportRetracted', data: command.data }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ShipmentReported':
        return { status: 'reported', supplier: event.data.supplier, recipient: event.data.recipient };
      case 'ShipmentReportRetracted':
        return state.status === 'unknown' ? state : { ...state, status: 'retracted' };
      default:
        return state;
    }
  },
};

/** Every shipment command is decided by its shipment's stream alone. */
export const shipmentCommands = onStream(shipmentDecider, undefined);
