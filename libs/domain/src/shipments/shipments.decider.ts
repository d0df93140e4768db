import type { CommandOf } from '@policy-ledger/contracts';
import type { Decider } from '../shared/decider';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../shared/domain.errors';
import { onStream } from '../shared/use-case';

export type ShipmentCommand = CommandOf<'ReportShipment' | 'ReportShipmentLeg' | 'UpdateShipmentEstimate' | 'DisputeShipmentClaim' | 'RetractShipmentReport'>;

export type ShipmentState =
  | { status: 'unknown' }
  | {
      status: 'reported' | 'retracted';
      supplier: string;
      recipient: string;
      /** The ids of its figures, so that disputes and equivalents can point at them. */
      estimateIds: readonly string[];
      /** How many estimate updates it has had: the next one is `estimate-<n + 1>` unless named. */
      updates: number;
    };

/** The id of the report's n-th item figure (from 1). */
export const itemEstimateId = (n: number) => `item-${n}`;
/** The id an estimate update gets when the client names none: `estimate-<n>`, n counting updates from 1. */
export const updateEstimateId = (n: number) => `estimate-${n}`;

const alreadyReported = () =>
  new AlreadyExistsError('shipment.already-reported', 'a shipment with this id has already been reported; report legs or estimates on it instead');
const notFound = () => new NotFoundError('shipment.not-found', 'no shipment with this id has been reported');

export class SupplierIsRecipientError extends RuleViolatedError {
  constructor(country: string) {
    super('shipment.supplier-is-recipient', `a shipment goes between two states: supplier and recipient are both ${country}`, { country });
  }
}

export class UnknownEstimateError extends RuleViolatedError {
  constructor(field: 'disputes' | 'equivalentOf', estimateId: string, known: readonly string[]) {
    super('shipment.unknown-estimate', `${field} names "${estimateId}", which is no figure of this shipment (its figures: ${known.join(', ')})`, { field, estimateId });
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
      case 'UpdateShipmentEstimate': {
        const estimateId = command.data.estimateId ?? updateEstimateId(state.updates + 1);
        if (state.estimateIds.includes(estimateId)) {
          throw new RuleViolatedError('shipment.estimate-exists', `the shipment has a figure "${estimateId}" already`, { estimateId });
        }
        const base = command.data.equivalentOf;
        if (base !== undefined && !state.estimateIds.includes(base)) throw new UnknownEstimateError('equivalentOf', base, state.estimateIds);
        return [{ type: 'ShipmentEstimateUpdated', data: { ...command.data, estimateId } }];
      }
      case 'DisputeShipmentClaim': {
        const disputed = command.data.disputes;
        if (disputed !== undefined && !state.estimateIds.includes(disputed)) throw new UnknownEstimateError('disputes', disputed, state.estimateIds);
        return [{ type: 'ShipmentClaimDisputed', data: command.data }];
      }
      case 'RetractShipmentReport':
        return [{ type: 'ShipmentReportRetracted', data: command.data }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ShipmentReported':
        return {
          status: 'reported',
          supplier: event.data.supplier,
          recipient: event.data.recipient,
          estimateIds: event.data.items.map((_, i) => itemEstimateId(i + 1)),
          updates: 0,
        };
      case 'ShipmentEstimateUpdated': {
        if (state.status === 'unknown') return state;
        const updates = state.updates + 1;
        return { ...state, updates, estimateIds: [...state.estimateIds, event.data.estimateId ?? updateEstimateId(updates)] };
      }
      case 'ShipmentReportRetracted':
        return state.status === 'unknown' ? state : { ...state, status: 'retracted' };
      default:
        return state;
    }
  },
};

/** Every shipment command is decided by its shipment's stream alone. */
export const shipmentCommands = onStream(shipmentDecider, undefined);
