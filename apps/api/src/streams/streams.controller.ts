import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StreamId } from '@policy-ledger/contracts';
import { EventLog, type StreamHistory } from '@policy-ledger/event-store';
import { ReadModelNotFoundError, ReadModels } from '@policy-ledger/projections';
import { z } from 'zod';
import { AsOf, pageQuery, ReadEndpoint, ValidQuery } from '../http/endpoint';
import { ZodPipe } from '../http/zod.pipe';

const HistoryQuery = z
  .object({
    asOf: AsOf.optional().describe('the events recorded up to this time'),
    ...pageQuery(z.coerce.number().int().min(0).max(2_147_483_647).describe('a stream version'), { byDefault: 100, max: 1000 }),
  })
  .strict();

@ApiTags('history')
@Controller()
export class StreamsController {
  constructor(
    private readonly log: EventLog,
    private readonly readModels: ReadModels,
  ) {}

  /** Every event of one aggregate, as stored, with its metadata, from the event store itself. */
  @ReadEndpoint('streams/:streamId/events', {
    summary: 'The history of one aggregate, oldest first, a page at a time: every event with its metadata',
    query: HistoryQuery,
    ok: '{ streamId, version, events, next }: version is the stream\'s (as of `asOf`); next is the version to pass as `cursor`, null on the last page',
    problems: [400, 404],
  })
  async history(@Param('streamId', new ZodPipe(StreamId, 'path', 'streamId')) streamId: string, @ValidQuery() { asOf, limit, cursor = 0 }: z.infer<typeof HistoryQuery>): Promise<StreamHistory> {
    const page = { afterVersion: cursor, limit };
    const { version, events, next } = asOf ? await this.readModels.asOf.history(streamId, asOf, page) : await this.log.stream(streamId, page);
    if (version === 0) throw new ReadModelNotFoundError('stream', streamId, await this.log.head());
    return { streamId, version, events, next };
  }
}
