import type { RawEvent } from '@policy-ledger/contracts';
import type { AppendSignal } from './append-signal';
import type { Queryable } from './database.port';
import type { EventFilter } from './event-page';
import { readRawEvents } from './event-reader';

export interface LiveTailSettings {
  /** The most events the window keeps, and their most bytes (of JSON data, roughly). */
  readonly maxEvents: number;
  readonly maxBytes: number;
  /** How often it reads anyway when no notification comes (a lost one costs latency, not events). */
  readonly pollMs: number;
}

/** Whether an event passes a filter (the same rules the SQL of a page applies). */
function matches(event: RawEvent, filter: EventFilter = {}): boolean {
  return (
    (filter.types === undefined || filter.types.includes(event.type)) &&
    (filter.streamId === undefined || filter.streamId === event.streamId) &&
    (filter.streamTypes === undefined || filter.streamTypes.includes(event.streamType))
  );
}

/**
 * The newest events of the log, read once per process for all its followers: a bounded window of
 * the tail in memory, fed by one reader that the appends notification wakes (and a slow poll).
 * A follower within the window takes its events from memory, filtering them itself, so a
 * thousand followers cost one query per append, not a thousand, and an idle one costs nothing.
 * The window holds positions `start+1 .. end` without a gap: positions are gapless and in commit
 * order, and it reads `position > end` in order.
 */
export class LiveTail {
  private window: RawEvent[] = [];
  private start = 0;
  private end = 0;
  private bytes = 0;
  private readonly sizes: number[] = [];
  private readonly waiters = new Set<() => void>();
  private refreshing: Promise<void> | undefined;
  private again = false;
  private started: Promise<void> | undefined;
  private poll: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: Queryable,
    private readonly appends: AppendSignal,
    private readonly settings: LiveTailSettings = { maxEvents: 10_000, maxBytes: 32 * 1024 * 1024, pollMs: 1000 },
  ) {}

  /** Starts following the log from its head (once; later calls wait for the first). */
  ready(): Promise<void> {
    this.started ??= (async () => {
      const { rows } = await this.db.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
      this.start = this.end = rows[0]?.last_position ?? 0;
      this.appends.onNotify(() => this.refresh());
      await this.appends.ready();
      this.poll = setInterval(() => this.refresh(), this.settings.pollMs);
      this.poll.unref();
    })().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  /**
   * The matching events after `after`, at most `limit`, and the position it looked up to; null
   * when `after` lies before the window (the follower must read the database first).
   */
  since(after: number, limit: number, filter?: EventFilter): { events: RawEvent[]; cursor: number } | null {
    if (after < this.start) return null;
    const events: RawEvent[] = [];
    let cursor = after;
    for (let index = after - this.start; index < this.window.length && events.length < limit; index++) {
      const event = this.window[index] as RawEvent;
      cursor = event.position;
      if (matches(event, filter)) events.push(event);
    }
    return { events, cursor };
  }

  /** Resolves once the window holds positions beyond `position`, after `timeoutMs`, or on `abort`. */
  wait(position: number, timeoutMs: number, abort: AbortSignal): Promise<void> {
    if (this.end > position || this.closed || abort.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        abort.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      abort.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.poll);
    for (const wake of [...this.waiters]) wake();
  }

  /** Reads what was appended beyond the window, one reader at a time (a call meanwhile reads again after it). */
  private refresh(): void {
    if (this.closed || !this.started) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        for (;;) {
          const events = await readRawEvents(this.db, { after: this.end, limit: 1000 });
          if (events.length === 0) break;
          this.take(events);
          if (events.length < 1000) break;
        }
      } while (this.again && !this.closed);
    })()
      .catch(() => undefined)
      .finally(() => (this.refreshing = undefined));
  }

  private take(events: readonly RawEvent[]): void {
    for (const event of events) {
      this.window.push(event);
      const size = JSON.stringify(event.data).length + 300;
      this.sizes.push(size);
      this.bytes += size;
      this.end = event.position;
    }
    let drop = 0;
    while (this.window.length - drop > this.settings.maxEvents || (this.bytes > this.settings.maxBytes && this.window.length - drop > 1)) {
      this.bytes -= this.sizes[drop] ?? 0;
      drop += 1;
    }
    if (drop > 0) {
      this.window = this.window.slice(drop);
      this.sizes.splice(0, drop);
      this.start = this.window[0] ? this.window[0].position - 1 : this.end;
    }
    this.wakeAll();
  }

  /**
   * Wakes the waiting followers a slice at a time, letting the event loop serve other requests
   * between slices: a thousand followers writing at once would hold it for tens of milliseconds.
   */
  private wakeAll(): void {
    const waiting = [...this.waiters];
    const wakeFrom = (index: number) => {
      for (const wake of waiting.slice(index, index + WAKE_SLICE)) wake();
      if (index + WAKE_SLICE < waiting.length) setImmediate(wakeFrom, index + WAKE_SLICE);
    };
    wakeFrom(0);
  }
}

/** Followers woken in one turn of the event loop. */
const WAKE_SLICE = 50;
