import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CountryCode, IsoDate, text } from '@policy-ledger/contracts';
import { developmentCommands } from '@policy-ledger/domain';
import { ReadModels, TIMELINE_TYPES } from '@policy-ledger/projections';
import { z } from 'zod';
import { command, commandController, type RouteTable } from '../http/command-routes';
import { ReadEndpoint, ReadQuery, ValidQuery } from '../http/endpoint';

export const developmentRoutes: RouteTable = {
  tag: 'developments and timeline',
  location: (id) => `/streams/development-${id}/events`,
  routes: [
    command('developments/statements', 'RecordStatement', developmentCommands, 'Record a statement', { creates: true }),
    command('developments/sanctions', 'RecordSanctions', developmentCommands, 'Record sanctions imposed or lifted', { creates: true }),
    command('developments/technology-requests', 'RecordTechnologyRequest', developmentCommands, 'Record a technology transfer sought', { creates: true }),
    command('developments/meetings', 'RecordMeeting', developmentCommands, 'Record a meeting', { creates: true }),
    command('developments/threats', 'RecordThreat', developmentCommands, 'Record a threat', { creates: true }),
  ],
};

export const DevelopmentCommands = commandController(developmentRoutes);

const TimelineQuery = ReadQuery.extend({
  order: z.enum(['occurred', 'recorded']).default('occurred').describe('world order (occurredAt) or the order the ledger learned it'),
  actor: text(200).optional().describe('a party named in the development (case-insensitive substring)'),
  country: CountryCode.optional(),
  type: z.enum(TIMELINE_TYPES).optional(),
  from: IsoDate.optional().describe('occurred on or after'),
  to: IsoDate.optional().describe('occurred on or before'),
  occurredBefore: IsoDate.optional().describe('occurred strictly before this date: the world as it stood then'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).describe('the `next` of the previous page'),
});

@ApiTags('developments and timeline')
@Controller()
export class DevelopmentReads {
  constructor(private readonly readModels: ReadModels) {}

  @ReadEndpoint('timeline', { summary: 'Developments in world order or in the order learned, filtered, one page at a time', query: TimelineQuery, problems: [400, 503] })
  timeline(@ValidQuery() { minPosition, ...query }: z.infer<typeof TimelineQuery>) {
    return this.readModels.timeline(query, minPosition);
  }
}
