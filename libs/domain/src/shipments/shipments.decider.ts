import type { Decider } from '../shared/decider';
import type { ShipmentCommand } from './shipments.commands';
import { ShipmentAlreadyReportedError, ShipmentNotFoundError, ShipmentRetractedError, SupplierIsRecipientError } from './shipments.errors';
import type { ShipmentEvent } from './shipments.events';

export type ShipmentState = { status: 'unknown' } | { status: 'reported' | 'retracted'; supplier: string; recipient: string };

export const shipmentDecider: Decider<ShipmentCommand, ShipmentEvent, ShipmentState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    if (command.type === 'ReportShipment') {
      if (state.status !== 'unknown') throw new ShipmentAlreadyReportedError();
      if (command.data.supplier === command.data.recipient) throw new SupplierIsRecipientError(command.data.supplier);
      return [{ type: 'ShipmentReported', data: command.data }];
    }
    if (state.status === 'unknown') throw new ShipmentNotFoundError();
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
