import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { aidRequestCommands } from '@policy-ledger/domain';
import { ReadModels } from '@policy-ledger/projections';
import type { z } from 'zod';
import { command, commandController, type RouteTable } from '../http/command-routes';
import { ReadEndpoint, ReadQuery, ValidId, ValidQuery } from '../http/endpoint';

export const aidRequestRoutes: RouteTable = {
  tag: 'aid requests',
  location: (id) => `/aid-requests/${id}`,
  routes: [
    command('aid-requests', 'RequestAid', aidRequestCommands, 'Record an aid request (closing the one it supersedes)', { creates: true }),
    command('aid-requests/:id/positions', 'RecordPosition', aidRequestCommands, "Record an actor's position on the request"),
    command('aid-requests/:id/withdrawal', 'WithdrawAidRequest', aidRequestCommands, 'Withdraw the request (editor)', { role: 'editor' }),
    command('aid-requests/:id/amendments', 'AmendAidRequest', aidRequestCommands, "Amend the request's lines: the new set replaces the old"),
  ],
};

export const AidRequestCommands = commandController(aidRequestRoutes);

@ApiTags('aid requests')
@Controller()
export class AidRequestReads {
  constructor(private readonly readModels: ReadModels) {}

  @ReadEndpoint('aid-requests/:id', { summary: "An aid request's read model: lines, status, positions (carried ones too), its package", query: ReadQuery, problems: [400, 404, 503] })
  aidRequest(@ValidId() id: string, @ValidQuery() query: z.infer<typeof ReadQuery>) {
    return this.readModels.aidRequest(id, query.minPosition);
  }
}
