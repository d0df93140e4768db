import type { Queryable } from '@policy-ledger/event-store';
import type { TimelineEntry, TimelineType } from './timeline.projection';

export interface TimelineQuery {
  readonly order: 'occurred' | 'recorded';
  readonly actor?: string;
  readonly country?: string;
  readonly type?: TimelineType;
  /** Occurred on or after (the end of a period counts). */
  readonly from?: string;
  /** Occurred on or before (the start of a period counts). */
  readonly to?: string;
  /** Occurred strictly before this date: the world as it stood then. */
  readonly occurredBefore?: string;
  readonly limit: number;
  readonly cursor: number;
}

export interface TimelinePage {
  readonly entries: readonly TimelineEntry[];
  /** The cursor of the next page, or null on the last one. */
  readonly next: number | null;
}

/** Developments in world order (or the order learned), filtered, one page at a time. */
export async function readTimeline(db: Queryable, query: TimelineQuery): Promise<TimelinePage> {
  const order = query.order === 'recorded' ? 'position' : 'occurred_from, occurred_to, position';
  const { rows } = await db.query<{ doc: TimelineEntry }>(
    `SELECT doc FROM rm_timeline
     WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM unnest(parties) AS party WHERE party LIKE '%' || lower($1) || '%'))
       AND ($2::text IS NULL OR $2 = ANY(countries))
       AND ($3::text IS NULL OR type = $3)
       AND ($4::date IS NULL OR occurred_to >= $4)
       AND ($5::date IS NULL OR occurred_from <= $5)
       AND ($8::date IS NULL OR occurred_from < $8)
     ORDER BY ${order}
     LIMIT $6 OFFSET $7`,
    [query.actor ?? null, query.country ?? null, query.type ?? null, query.from ?? null, query.to ?? null, query.limit + 1, query.cursor, query.occurredBefore ?? null],
  );
  const entries = rows.slice(0, query.limit).map((row) => row.doc);
  return { entries, next: rows.length > query.limit ? query.cursor + query.limit : null };
}
