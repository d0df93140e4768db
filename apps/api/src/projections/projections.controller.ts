import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EventLog } from '@policy-ledger/event-store';
import { ReadModels } from '@policy-ledger/projections';
import type { FastifyReply } from 'fastify';
import { EventFeed } from '../events/event-feed';
import { sseEvent } from '../events/sse';

/** How often the status stream looks again when no append wakes it. */
const STATUS_POLL_MS = 1000;

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly log: EventLog,
    private readonly feed: EventFeed,
  ) {}

  private status() {
    return this.readModels.statuses();
  }

  /** Each read model's checkpoint, lag (events and seconds) behind the head, and state. */
  @Get()
  @ApiOperation({ summary: "Each read model's position, lag and state" })
  @ApiOkResponse({ description: '{ head, projections: [{ name, position, head, lag: { events, seconds }, state, reason?, deadLetters }] }' })
  list() {
    return this.status();
  }

  /** The same as Server-Sent Events (`event: projections`): now, then whenever it changes. */
  @Get('stream')
  @ApiOperation({ summary: 'The projections status as Server-Sent Events, again whenever it changes' })
  @ApiProduces('text/event-stream')
  stream(@Res() reply: FastifyReply): void {
    this.feed.stream(reply, async (connection) => {
      await this.log.appends.ready();
      let last = '';
      while (!connection.closed.aborted) {
        const seen = this.log.appends.count;
        const status = await this.status();
        const json = JSON.stringify(status);
        if (json !== last) await connection.write(sseEvent('projections', status));
        last = json;
        await this.log.appends.wait(seen, STATUS_POLL_MS, connection.closed);
        // A checkpoint moves a moment after the append that woke us: look again shortly.
        if (!connection.closed.aborted) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }
}
