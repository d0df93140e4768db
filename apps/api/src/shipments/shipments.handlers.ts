import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { shipmentDecider, streamIdOf } from '@policy-ledger/domain';
import { type AppendResult, handleCommand } from '@policy-ledger/event-store';
import { AsOfReader, readCorridors, readShipment, SHIPMENT_CORRIDORS } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { ResourceNotFoundError } from '../http/problem';
import { reachedPosition } from '../http/read-consistency';
import { LEDGER } from '../ledger.token';
import { GetCorridors, GetShipment, ShipmentCommandMessage } from './shipments.messages';

@CommandHandler(ShipmentCommandMessage)
export class ShipmentCommandHandler implements ICommandHandler<ShipmentCommandMessage, AppendResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  execute({ shipmentId, command, request }: ShipmentCommandMessage): Promise<AppendResult> {
    const target = { streamId: streamIdOf('shipment', shipmentId), streamType: 'shipment' };
    return handleCommand(this.ledger.store, shipmentDecider, target, command, { ...request, context: undefined });
  }
}

@QueryHandler(GetShipment)
export class GetShipmentHandler implements IQueryHandler<GetShipment> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ id, minPosition }: GetShipment) {
    const position = await reachedPosition(this.ledger.db, SHIPMENT_CORRIDORS, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    const shipment = await readShipment(this.ledger.db, id);
    if (!shipment) throw new ResourceNotFoundError('shipment', id, position);
    return { position, shipment };
  }
}

@QueryHandler(GetCorridors)
export class GetCorridorsHandler implements IQueryHandler<GetCorridors> {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly asOfReader: AsOfReader,
  ) {}

  async execute({ filter, minPosition, asOf }: GetCorridors) {
    if (asOf !== undefined) return { asOf, ...(await this.asOfReader.corridors(asOf, filter)) };
    const position = await reachedPosition(this.ledger.db, SHIPMENT_CORRIDORS, minPosition, this.ledger.config.QUERY_WAIT_MAX_MS);
    return { position, corridors: await readCorridors(this.ledger.db, filter) };
  }
}
