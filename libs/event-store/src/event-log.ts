import type { RawEvent } from '@policy-ledger/contracts';
import { AppendSignal } from './append-signal';
import type { Database } from './database.port';
import { type EventFilter, type EventPage, readEventPage } from './event-page';
import { readRawEvents } from './event-reader';
import { followEvents, type FollowOptions } from './follow-events';
import { LiveTail, type LiveTailSettings } from './live-tail';

/** The most event data a page of the log carries (about 4 MiB): one event more would pass it. */
export const PAGE_MAX_BYTES = 4 * 1024 * 1024;

/** A page of one stream's events as stored: `version` is the stream's, `next` the version to read after for the rest (null on the last page). */
export interface StreamPage {
  readonly version: number;
  readonly events: readonly RawEvent[];
  readonly next: number | null;
}

/** What GET /streams/:streamId/events answers: a page of one aggregate's history. */
export interface StreamHistory extends StreamPage {
  readonly streamId: string;
}

/**
 * The log as subscribers and the history read it: events as stored, by global position, in pages
 * or followed live (one LISTEN for the whole process, however many followers).
 */
export class EventLog {
  readonly appends: AppendSignal;
  private readonly tail: LiveTail;

  constructor(
    private readonly db: Database,
    tail?: LiveTailSettings,
  ) {
    this.appends = new AppendSignal(db);
    this.tail = new LiveTail(db, this.appends, tail);
  }

  /**
   * A page of events after a position: at most `limit`, and ends early (with `next` at its last
   * event) once their data passes `maxBytes`, so a page of large events stays a bounded answer.
   */
  async page(after: number, limit: number, filter: EventFilter = {}, maxBytes = PAGE_MAX_BYTES): Promise<EventPage> {
    const page = await readEventPage(this.db, after, limit, filter);
    let bytes = 0;
    const fits = page.events.findIndex((event) => (bytes += JSON.stringify(event.data).length) > maxBytes);
    if (fits < 0) return page;
    const events = page.events.slice(0, Math.max(1, fits));
    return { ...page, events, next: (events.at(-1) as RawEvent).position };
  }

  /** Every matching event after a position, in batches, then each new one as it commits, until `abort`. */
  follow(options: FollowOptions): AsyncGenerator<RawEvent[]> {
    return followEvents(this.db, this.tail, options);
  }

  /** A page of one stream's events as stored, after a version; `version` is the stream's, `next` the cursor of the rest. */
  async stream(streamId: string, page: { afterVersion: number; limit: number }): Promise<StreamPage> {
    const [events, { rows }] = await Promise.all([
      readRawEvents(this.db, { streamId, afterVersion: page.afterVersion, limit: page.limit + 1 }),
      this.db.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1', [streamId]),
    ]);
    const shown = events.slice(0, page.limit);
    return { version: rows[0]?.version ?? 0, events: shown, next: events.length > page.limit ? (shown.at(-1)?.version ?? null) : null };
  }

  /** The last global position committed. */
  async head(): Promise<number> {
    const { rows } = await this.db.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
    return rows[0]?.last_position ?? 0;
  }

  close(): Promise<void> {
    this.tail.close();
    return this.appends.close();
  }
}
