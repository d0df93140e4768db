import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { followEvents, readEventPage } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { ZodPipe } from '../http/zod.pipe';
import { LEDGER } from '../ledger.token';
import { ApiQueryOf } from './api-query';
import { EventFeed } from './event-feed';
import { EventsPageQuery, EventsStreamQuery, filterOf, resumeAfter } from './events.query';
import { sseEvent } from './sse';

/** Events read per query while a stream catches up. */
const STREAM_BATCH = 500;
/** A stream that hears no append notification reads again after this long anyway. */
const STREAM_POLL_MS = 1000;

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly feed: EventFeed,
  ) {}

  /** A page of events after a global position, oldest first; `next` is the cursor of the next page. */
  @Get()
  @ApiQueryOf(EventsPageQuery)
  @ApiOkResponse({ description: '{ events, next, head }: next is null once the page reached head (the last committed position)' })
  async page(@Query(new ZodPipe(EventsPageQuery, 'query')) query: z.infer<typeof EventsPageQuery>) {
    const page = await readEventPage(this.ledger.db, query.after ?? 0, query.limit, filterOf(query));
    return { events: page.events, next: page.next, head: page.head };
  }

  /**
   * Server-Sent Events: every matching event after `after` (or the `Last-Event-ID` header), then
   * each new one as it is committed. `id:` is the global position, `event:` the event type.
   */
  @Get('stream')
  @ApiQueryOf(EventsStreamQuery)
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this global position (wins over `after`)' })
  @ApiProduces('text/event-stream')
  stream(
    @Query(new ZodPipe(EventsStreamQuery, 'query')) query: z.infer<typeof EventsStreamQuery>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    const after = resumeAfter(lastEventId, query.after);
    this.feed.stream(reply, async (connection) => {
      const batches = followEvents(this.ledger.db, this.feed.appends, {
        after,
        filter: filterOf(query),
        batchSize: STREAM_BATCH,
        pollMs: STREAM_POLL_MS,
        abort: connection.closed,
      });
      for await (const events of batches) {
        await connection.write(events.map((event) => sseEvent(event.type, event, event.position)).join(''));
      }
    });
  }
}
