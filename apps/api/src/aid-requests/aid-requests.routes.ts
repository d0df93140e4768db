import { aidRequestCommands } from '@policy-ledger/domain';
import { command, commandController, type RouteTable } from '../http/command-routes';
import { aggregateRead } from '../http/aggregate-read';

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

export const AidRequestRead = aggregateRead('aid requests', 'aid-requests/:id', "An aid request's read model: lines, status, positions (carried ones too), its package", (readModels, id, minPosition) =>
  readModels.aidRequest(id, minPosition),
);
