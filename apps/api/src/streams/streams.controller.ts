import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Ledger } from '@policy-ledger/runtime';
import { StreamId } from '@policy-ledger/contracts';
import { ResourceNotFoundError } from '../http/problem';
import { ZodPipe } from '../http/zod.pipe';
import { LEDGER } from '../ledger.token';

@ApiTags('history')
@Controller('streams')
export class StreamsController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  /** Every event of one aggregate, with its metadata, from the event store itself. */
  @Get(':streamId/events')
  async history(@Param('streamId', new ZodPipe(StreamId, 'path')) streamId: string) {
    const { version, events } = await this.ledger.store.readStream(streamId);
    if (events.length === 0) throw new ResourceNotFoundError('stream', streamId, await this.ledger.store.headPosition());
    return { streamId, version, events };
  }
}
