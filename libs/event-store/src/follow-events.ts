import type { RawEvent } from '@policy-ledger/contracts';
import type { Queryable } from './database.port';
import { cursorAfter, type EventFilter, readEventPage } from './event-page';
import type { LiveTail } from './live-tail';

export interface FollowOptions {
  /** Global position to start after. */
  readonly after: number;
  readonly filter?: EventFilter;
  readonly batchSize: number;
  /** Ends the generator. */
  readonly abort: AbortSignal;
}

/** Lets the event loop serve others between two batches: a follower catching up cannot starve them. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How long an idle follower waits before looking again anyway (it is woken when the tail moves). */
const IDLE_MS = 30_000;

/**
 * Every matching event after a position, in global order, each once: pages read from the
 * database while the follower is behind the live tail's window, then events taken from the
 * window as they are committed. The cursor and the sort key are the same, the global position,
 * which is gapless and in commit order, so nothing committed late is skipped and nothing comes twice.
 */
export async function* followEvents(db: Queryable, tail: LiveTail, options: FollowOptions): AsyncGenerator<RawEvent[]> {
  await tail.ready();
  let after = options.after;
  while (!options.abort.aborted) {
    const live = tail.since(after, options.batchSize, options.filter);
    if (live === null) {
      // Behind the window: catch up from the database, a page at a time.
      const page = await readEventPage(db, after, options.batchSize, options.filter);
      after = cursorAfter(page);
      if (page.events.length > 0) yield page.events;
    } else if (live.events.length > 0) {
      after = live.cursor;
      yield live.events;
    } else {
      after = live.cursor;
      await tail.wait(after, IDLE_MS, options.abort);
    }
    await yieldToOthers();
  }
}
