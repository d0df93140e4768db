import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CountryCode, IsoDate } from '@policy-ledger/contracts';
import { shipmentCommands } from '@policy-ledger/domain';
import { ReadModels } from '@policy-ledger/projections';
import type { z } from 'zod';
import { command, commandController, type RouteTable } from '../http/command-routes';
import { AsOf, ReadEndpoint, ReadQuery, ValidId, ValidQuery } from '../http/endpoint';

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

const CorridorsQuery = ReadQuery.extend({
  supplier: CountryCode.optional().describe('only corridors from this state'),
  recipient: CountryCode.optional().describe('only corridors to this state'),
  asOf: AsOf.optional().describe('the corridors as the ledger knew them at this recorded time'),
  occurredBefore: IsoDate.optional().describe('only shipments, estimates and disputes dated before this day'),
});

@ApiTags('shipments')
@Controller()
export class ShipmentReads {
  constructor(private readonly readModels: ReadModels) {}

  @ReadEndpoint('shipments/:id', { summary: "A shipment's read model: items, legs, every estimate, disputes", query: ReadQuery, problems: [400, 404, 503] })
  shipment(@ValidId() id: string, @ValidQuery() query: z.infer<typeof ReadQuery>) {
    return this.readModels.shipment(id, query.minPosition);
  }

  @ReadEndpoint('corridors', { summary: "Supplier -> recipient corridors: each source's latest figure side by side, disputes, routes", query: CorridorsQuery, problems: [400, 503] })
  corridors(@ValidQuery() { minPosition, asOf, ...filter }: z.infer<typeof CorridorsQuery>) {
    return this.readModels.corridors(filter, minPosition, asOf);
  }
}
