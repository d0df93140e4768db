import type { RawEvent } from '@policy-ledger/contracts';
import { AppendSignal } from './append-signal';
import type { Database } from './database.port';
import { type EventFilter, type EventPage, readEventPage } from './event-page';
import { readRawEvents } from './event-reader';
import { followEvents, type FollowOptions } from './follow-events';
import { LiveTail, type LiveTailSettings } from './live-tail';

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

  page(after: number, limit: number, filter: EventFilter = {}): Promise<EventPage> {
    return readEventPage(this.db, after, limit, filter);
  }

  /** Every matching event after a position, in batches, then each new one as it commits, until `abort`. */
  follow(options: FollowOptions): AsyncGenerator<RawEvent[]> {
    return followEvents(this.db, this.tail, options);
  }

  /** One stream's events as stored, with its version. */
  async stream(streamId: string): Promise<{ version: number; events: RawEvent[] }> {
    const events = await readRawEvents(this.db, { streamId });
    return { version: events.at(-1)?.version ?? 0, events };
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
