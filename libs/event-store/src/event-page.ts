import type { RawEvent } from '@policy-ledger/contracts';
import type { Queryable } from './database.port';
import { eventColumns, eventQuerySql, type EventRow, toRawEvent } from './event-reader';

/** Which events a reader wants; a field left out does not filter. Filters are applied in SQL. */
export interface EventFilter {
  /** Any of these event types. */
  readonly types?: readonly string[];
  readonly streamId?: string;
  /** Any of these stream types. */
  readonly streamTypes?: readonly string[];
}

export interface EventPage {
  /** The matching events after the cursor, in global position order, as stored. */
  readonly events: RawEvent[];
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
  const { from, where, params } = eventQuerySql({ after, ...filter }, 2);
  const { rows } = await db.query<Partial<EventRow> & { head: number }>(
    `SELECT (SELECT last_position FROM ledger_sequence) AS head, page.*
     FROM (VALUES (1)) AS one (row)
     LEFT JOIN (SELECT ${eventColumns('e')} FROM ${from} WHERE ${where} ORDER BY e.position LIMIT $1::int + 1) page ON true
     ORDER BY page.position`,
    [limit, ...params],
  );
  const head = rows[0]?.head ?? 0;
  const events = rows.flatMap((row) => (isEventRow(row) ? [toRawEvent(row)] : []));
  const more = events.length > limit;
  const page = more ? events.slice(0, limit) : events;
  return { events: page, next: more ? (page.at(-1)?.position ?? after) : null, head: Math.max(head, after) };
}

function isEventRow(row: Partial<EventRow>): row is EventRow {
  return row.position !== undefined && row.position !== null;
}
