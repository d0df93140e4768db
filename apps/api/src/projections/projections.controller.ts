import { Controller, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { EventLog } from '@policy-ledger/event-store';
import { ReadModels } from '@policy-ledger/projections';
import type { FastifyReply } from 'fastify';
import { EventFeed } from '../events/event-feed';
import { sseEvent } from '../events/sse';
import { NoQuery, ReadEndpoint, ValidQuery } from '../http/endpoint';

/** How often the status stream looks again when no append wakes it. */
const STATUS_POLL_MS = 1000;
/** Streams asking within this long of one another share one status query. */
const SHARED_STATUS_MS = 100;

@ApiTags('projections')
@Controller()
export class ProjectionsController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly log: EventLog,
    private readonly feed: EventFeed,
  ) {}

  private shared: { at: number; status: ReturnType<ReadModels['statuses']> } | undefined;

  private status() {
    return this.readModels.statuses();
  }

  /** The status for the streams: one query serves every stream that asks at about the same time. */
  private sharedStatus() {
    if (this.shared === undefined || performance.now() - this.shared.at > SHARED_STATUS_MS) {
      const status = this.readModels.statuses();
      status.catch(() => (this.shared = undefined));
      this.shared = { at: performance.now(), status };
    }
    return this.shared.status;
  }

  /** Each read model's checkpoint, lag (events and seconds) behind the head, and state. */
  @ReadEndpoint('projections', {
    summary: "Each read model's position, lag and state",
    query: NoQuery,
    ok: '{ head, projections: [{ name, position, head, lag: { events, seconds }, state, reason?, deadLetters }] }',
  })
  list(@ValidQuery() _query: object) {
    return this.status();
  }

  /** The same as Server-Sent Events (`event: projections`): now, then whenever it changes. */
  @ReadEndpoint('projections/stream', { summary: 'The projections status as Server-Sent Events, again whenever it changes', query: NoQuery, ok: 'text/event-stream: `event: projections`' })
  @ApiProduces('text/event-stream')
  stream(@ValidQuery() _query: object, @Res() reply: FastifyReply): void {
    this.feed.stream(reply, async (connection) => {
      await this.log.appends.ready();
      let last = '';
      while (!connection.closed.aborted) {
        const seen = this.log.appends.count;
        const frame = sseEvent('projections', await this.sharedStatus());
        if (frame !== last) await connection.write(frame);
        last = frame;
        await this.log.appends.wait(seen, STATUS_POLL_MS, connection.closed);
        // A checkpoint moves a moment after the append that woke us: look again shortly.
        if (!connection.closed.aborted) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }
}
