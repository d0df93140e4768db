import type { Decider } from '../shared/decider';
import type { ShipmentCommand } from './shipments.commands';
import { ShipmentAlreadyReportedError, SupplierIsRecipientError } from './shipments.errors';
import type { ShipmentEvent } from './shipments.events';

export type ShipmentState =
  | { status: 'unknown' }
  | { status: 'reported'; supplier: string; recipient: string };

export const shipmentDecider: Decider<ShipmentCommand, ShipmentEvent, ShipmentState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    switch (command.type) {
      case 'ReportShipment': {
        if (state.status !== 'unknown') throw new ShipmentAlreadyReportedError();
        if (command.data.supplier === command.data.recipient) {
          throw new SupplierIsRecipientError(command.data.supplier);
        }
        return [{ type: 'ShipmentReported', data: command.data }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ShipmentReported':
        return { status: 'reported', supplier: event.data.supplier, recipient: event.data.recipient };
    }
  },
};
