import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CountryCode, EntityId, IsoDate } from '@policy-ledger/contracts';
import { shipmentCommands } from '@policy-ledger/domain';
import { CORRIDOR_CURSOR, ReadModels } from '@policy-ledger/projections';
import { z } from 'zod';
import { aggregateRead } from '../http/aggregate-read';
import { command, commandController, type RouteTable } from '../http/command-routes';
import { AsOf, pageQuery, ReadEndpoint, ReadQuery, ValidQuery } from '../http/endpoint';

export const shipmentRoutes: RouteTable = {
  tag: 'shipments',
  location: (id) => `/shipments/${id}`,
  routes: [
    command('shipments', 'ReportShipment', shipmentCommands, 'Report a shipment between two states', { creates: true }),
    command('shipments/:id/legs', 'ReportShipmentLeg', shipmentCommands, 'Report a leg of the shipment learned later'),
    command('shipments/:id/estimates', 'UpdateShipmentEstimate', shipmentCommands, "Record a source's new cumulative figure"),
    command('shipments/:id/disputes', 'DisputeShipmentClaim', shipmentCommands, 'Record a conflicting figure or fact; both stay visible'),
    command('shipments/:id/retraction', 'RetractShipmentReport', shipmentCommands, 'Retract the report: it takes nothing more (editor)', { role: 'editor' }),
  ],
};

export const ShipmentCommands = commandController(shipmentRoutes);

export const ShipmentRead = aggregateRead('shipments', 'shipments/:id', "A shipment's read model: items, legs, every estimate, disputes", (readModels, id, minPosition) =>
  readModels.shipment(id, minPosition),
);

const CorridorsQuery = ReadQuery.extend({
  supplier: CountryCode.optional().describe('only corridors from this state'),
  recipient: CountryCode.optional().describe('only corridors to this state'),
  asOf: AsOf.optional().describe('the corridors as the ledger knew them at this recorded time'),
  occurredBefore: IsoDate.optional().describe('only shipments, estimates and disputes dated before this day'),
  ...pageQuery(z.string().regex(CORRIDOR_CURSOR, { message: 'must be the `next` of a previous page, like "KP/RU"' }), { byDefault: 50, max: 200 }),
});

const ShipmentsQuery = ReadQuery.extend({
  supplier: CountryCode.optional().describe('only shipments from this state'),
  recipient: CountryCode.optional().describe('only shipments to this state'),
  ...pageQuery(EntityId, { byDefault: 50, max: 500 }),
});

@ApiTags('shipments')
@Controller()
export class ShipmentReads {
  constructor(private readonly readModels: ReadModels) {}

  @ReadEndpoint('corridors', {
    summary: "Supplier -> recipient corridors, a page at a time: each source's latest figure side by side, totals, disputes, routes",
    query: CorridorsQuery,
    ok: '{ position | asOf, corridors, next }: each corridor lists at most 100 of each kind (`counts` has them all, `truncated` says so; GET /shipments lists every one)',
    problems: [400, 503],
  })
  corridors(@ValidQuery() { minPosition, asOf, limit, cursor, ...filter }: z.infer<typeof CorridorsQuery>) {
    return this.readModels.corridors(filter, { limit, after: cursor }, minPosition, asOf);
  }

  @ReadEndpoint('shipments', { summary: "Shipments' read models by id, a page at a time: a corridor's, a supplier's, a recipient's, or all", query: ShipmentsQuery, ok: '{ position, shipments, next }', problems: [400, 503] })
  shipments(@ValidQuery() { minPosition, limit, cursor, ...filter }: z.infer<typeof ShipmentsQuery>) {
    return this.readModels.shipments(filter, { limit, after: cursor }, minPosition);
  }
}
