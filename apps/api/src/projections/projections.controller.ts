import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { projections, readProjectionStatuses } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import type { FastifyReply } from 'fastify';
import { EventFeed } from '../events/event-feed';
import { sseEvent } from '../events/sse';
import { LEDGER } from '../ledger.token';

/** How often the status stream looks again when no append wakes it. */
const STATUS_POLL_MS = 1000;

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly feed: EventFeed,
  ) {}

  private status() {
    return readProjectionStatuses(
      this.ledger.db,
      projections.map((projection) => projection.name),
    );
  }

  /** Each read model's checkpoint, lag (events and seconds) behind the head, and state. */
  @Get()
  @ApiOkResponse({ description: '{ head, projections: [{ name, position, head, lag: { events, seconds }, state, reason?, deadLetters }] }' })
  list() {
    return this.status();
  }

  /** The same as Server-Sent Events (`event: projections`): now, then whenever it changes. */
  @Get('stream')
  @ApiProduces('text/event-stream')
  stream(@Res() reply: FastifyReply): void {
    this.feed.stream(reply, async (connection) => {
      await this.feed.appends.ready();
      let last = '';
      while (!connection.closed.aborted) {
        const seen = this.feed.appends.count;
        const status = await this.status();
        const json = JSON.stringify(status);
        if (json !== last) await connection.write(sseEvent('projections', status));
        last = json;
        await this.feed.appends.wait(seen, STATUS_POLL_MS, connection.closed);
        // A checkpoint moves a moment after the append that woke us: look again shortly.
        if (!connection.closed.aborted) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }
}
