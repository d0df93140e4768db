import type { AppendSignal } from './append-signal';
import type { Queryable } from './database.port';
import { cursorAfter, type EventFilter, readEventPage } from './event-page';
import type { RawEvent } from '@policy-ledger/contracts';

export interface FollowOptions {
  /** Global position to start after. */
  readonly after: number;
  readonly filter?: EventFilter;
  readonly batchSize: number;
  /** Longest pause between two reads when no notification comes: the fallback poll. */
  readonly pollMs: number;
  /** Ends the generator. */
  readonly abort: AbortSignal;
}

/**
 * Every matching event after a position, in global order, each once: batches as they are read,
 * then new ones as they are committed (woken by the appends notification, or by the fallback
 * poll). The cursor and the sort key are the same, the global position, which is gapless and in
 * commit order, so nothing committed late is skipped and nothing comes twice.
 */
export async function* followEvents(db: Queryable, appends: AppendSignal, options: FollowOptions): AsyncGenerator<RawEvent[]> {
  await appends.ready();
  let after = options.after;
  while (!options.abort.aborted) {
    const seen = appends.count;
    const page = await readEventPage(db, after, options.batchSize, options.filter);
    after = cursorAfter(page);
    if (page.events.length > 0) yield page.events;
    if (page.next === null) await appends.wait(seen, options.pollMs, options.abort);
  }
}
