import type { ShipmentCommand } from '@policy-ledger/domain';
import type { CorridorsFilter } from '@policy-ledger/projections';
import type { CommandRequest } from '../http/command-request';

export class ShipmentCommandMessage {
  constructor(
    readonly shipmentId: string,
    readonly command: ShipmentCommand,
    readonly request: CommandRequest,
  ) {}
}

export class GetShipment {
  constructor(
    readonly id: string,
    readonly minPosition?: number,
  ) {}
}

export class GetCorridors {
  constructor(
    readonly filter: CorridorsFilter,
    readonly minPosition?: number,
    readonly asOf?: string,
  ) {}
}
