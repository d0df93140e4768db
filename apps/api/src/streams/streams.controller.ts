import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Ledger } from '@policy-ledger/runtime';
import { StreamId } from '@policy-ledger/contracts';
import { AsOfReader } from '@policy-ledger/projections';
import { z } from 'zod';
import { AsOf } from '../http/read-consistency';
import { ResourceNotFoundError } from '../http/problem';
import { ZodPipe } from '../http/zod.pipe';
import { LEDGER } from '../ledger.token';

const HistoryQuery = z.object({ asOf: AsOf.optional().describe('the events recorded up to this time') }).strict();

@ApiTags('history')
@Controller('streams')
export class StreamsController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly asOfReader: AsOfReader,
  ) {}

  /** Every event of one aggregate, with its metadata, from the event store itself. */
  @Get(':streamId/events')
  async history(
    @Param('streamId', new ZodPipe(StreamId, 'path')) streamId: string,
    @Query(new ZodPipe(HistoryQuery, 'query')) query: z.infer<typeof HistoryQuery>,
  ) {
    const { version, events } = query.asOf ? await this.asOfReader.history(streamId, query.asOf) : await this.ledger.store.readStream(streamId);
    if (events.length === 0) throw new ResourceNotFoundError('stream', streamId, await this.ledger.store.headPosition());
    return { streamId, version, events };
  }
}
