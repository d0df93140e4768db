import { Controller, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { RawEvent } from '@policy-ledger/contracts';
import { EventLog } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { ReadEndpoint, ValidQuery } from '../http/endpoint';
import { EventFeed } from './event-feed';
import { EventsPageQuery, EventsStreamQuery, filterOf, resumeAfter } from './events.query';
import { sseEvent } from './sse';

/** Events read per query while a stream catches up. */
const STREAM_BATCH = 500;

/**
 * Each event's SSE frame, written once however many streams send it: the live tail hands the same
 * event objects to every follower. Weak, so a frame lives only as long as its event is held.
 */
const frames = new WeakMap<RawEvent, string>();
function frameOf(event: RawEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = sseEvent(event.type, event, event.position);
    frames.set(event, frame);
  }
  return frame;
}

@ApiTags('events')
@Controller()
export class EventsController {
  constructor(
    private readonly log: EventLog,
    private readonly feed: EventFeed,
  ) {}

  /** A page of events after a global position, oldest first; `next` is the cursor of the next page. */
  @ReadEndpoint('events', {
    summary: 'A page of stored events after a global position',
    query: EventsPageQuery,
    ok: '{ events, next, head }: next is null once the page reached head (the last committed position)',
  })
  async page(@ValidQuery() query: z.infer<typeof EventsPageQuery>) {
    const page = await this.log.page(query.after ?? 0, query.limit, filterOf(query));
    return { events: page.events, next: page.next, head: page.head };
  }

  /**
   * Server-Sent Events: every matching event after `after` (or the `Last-Event-ID` header), then
   * each new one as it is committed. `id:` is the global position, `event:` the event type.
   */
  @ReadEndpoint('events/stream', {
    summary: 'Server-Sent Events: every matching event, then each new one; resumes from Last-Event-ID',
    query: EventsStreamQuery,
    ok: 'text/event-stream: `id:` the global position, `event:` the event type, `data:` the stored event',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this global position (wins over `after`)' })
  @ApiProduces('text/event-stream')
  stream(
    @ValidQuery() query: z.infer<typeof EventsStreamQuery>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    const after = resumeAfter(lastEventId, query.after);
    this.feed.stream(reply, async (connection) => {
      const batches = this.log.follow({
        after,
        filter: filterOf(query),
        batchSize: STREAM_BATCH,
        abort: connection.closed,
      });
      for await (const events of batches) {
        await connection.write(events.map(frameOf).join(''));
      }
    });
  }
}
