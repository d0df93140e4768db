import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StreamId } from '@policy-ledger/contracts';
import { EventLog } from '@policy-ledger/event-store';
import { ReadModelNotFoundError, ReadModels } from '@policy-ledger/projections';
import { z } from 'zod';
import { AsOf, ReadEndpoint, ValidQuery } from '../http/endpoint';
import { ZodPipe } from '../http/zod.pipe';

const HistoryQuery = z.object({ asOf: AsOf.optional().describe('the events recorded up to this time') }).strict();

@ApiTags('history')
@Controller()
export class StreamsController {
  constructor(
    private readonly log: EventLog,
    private readonly readModels: ReadModels,
  ) {}

  /** Every event of one aggregate, as stored, with its metadata, from the event store itself. */
  @ReadEndpoint('streams/:streamId/events', { summary: 'The history of one aggregate: every event with its metadata', query: HistoryQuery, problems: [400, 404] })
  async history(@Param('streamId', new ZodPipe(StreamId, 'path', 'streamId')) streamId: string, @ValidQuery() query: z.infer<typeof HistoryQuery>) {
    const { version, events } = query.asOf ? await this.readModels.asOf.history(streamId, query.asOf) : await this.log.stream(streamId);
    if (events.length === 0) throw new ReadModelNotFoundError('stream', streamId, await this.log.head());
    return { streamId, version, events };
  }
}
