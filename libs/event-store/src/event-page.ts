import type { Queryable } from './database.port';
import type { StoredEvent } from './event-store.port';
import { toStoredEvent } from './postgres-event-store';

/** Which events a reader wants; a field left out does not filter. Filters are applied in SQL. */
export interface EventFilter {
  /** Any of these event types. */
  readonly types?: readonly string[];
  readonly streamId?: string;
  /** Any of these stream types. */
  readonly streamTypes?: readonly string[];
}

export interface EventPage {
  /** The matching events after the cursor, in global position order. */
  readonly events: StoredEvent[];
  /** Pass as `after` for the rest: more matching events exist. null when this page reached `head`. */
  readonly next: number | null;
  /**
   * The last position committed when the page was read, in the same snapshot. When `next` is
   * null, every matching event up to `head` was in this page or before it: a reader may go on
   * from `head` without scanning the same positions again.
   */
  readonly head: number;
}

/** Where a reader goes on from after a page: past every position the page has covered. */
export function cursorAfter(page: EventPage): number {
  return page.next ?? page.head;
}

/**
 * Reads matching events after a global position. Positions are gapless and handed out in commit
 * order (an append holds the `ledger_sequence` row lock until it commits), so `position > after`
 * never skips an event that commits late. The head comes from the same statement, hence the same
 * snapshot; an append moves the head and inserts its events in one transaction, so the events
 * visible to this read are exactly those up to the head.
 */
export async function readEventPage(db: Queryable, after: number, limit: number, filter: EventFilter = {}): Promise<EventPage> {
  const { rows } = await db.query<Partial<Parameters<typeof toStoredEvent>[0]> & { head: number }>(
    `SELECT (SELECT last_position FROM ledger_sequence) AS head, e.*
     FROM (VALUES (1)) AS one (row)
     LEFT JOIN (
       SELECT position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at
       FROM events
       WHERE position > $1::bigint
         AND ($3::text[] IS NULL OR type = ANY($3::text[]))
         AND ($4::text IS NULL OR stream_id = $4::text)
         AND ($5::text[] IS NULL OR stream_type = ANY($5::text[]))
       ORDER BY position
       LIMIT $2::int + 1
     ) e ON true
     ORDER BY e.position`,
    [after, limit, filter.types ?? null, filter.streamId ?? null, filter.streamTypes ?? null],
  );
  const head = rows[0]?.head ?? 0;
  const events = rows.flatMap((row) => (row.position === undefined || row.position === null ? [] : [toStoredEvent(row as Parameters<typeof toStoredEvent>[0])]));
  const more = events.length > limit;
  const page = more ? events.slice(0, limit) : events;
  return { events: page, next: more ? (page.at(-1)?.position ?? after) : null, head: Math.max(head, after) };
}
