import type { Queryable, StoredEvent } from '@policy-ledger/event-store';
import { entityIdOf, type Projection } from '../projection';
import { evolveTimelineEntry, TIMELINE, TIMELINE_TYPES, type TimelineEntry, type TimelineType } from './timeline.projection';

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

export const timelineProjection: Projection = {
  name: TIMELINE,
  tables: ['rm_timeline'],
  handles: TIMELINE_TYPES,

  async apply(tx, event: StoredEvent) {
    const id = entityIdOf(event);
    const { rows } = await tx.query<{ doc: TimelineEntry }>('SELECT doc FROM rm_timeline WHERE id = $1', [id]);
    const entry = evolveTimelineEntry(rows[0]?.doc ?? null, event);
    if (!entry) return;
    await tx.query(
      `INSERT INTO rm_timeline (id, type, occurred_from, occurred_to, recorded_at, position, parties, countries, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, occurred_from = excluded.occurred_from, occurred_to = excluded.occurred_to,
         recorded_at = excluded.recorded_at, position = excluded.position, parties = excluded.parties, countries = excluded.countries, doc = excluded.doc`,
      [
        id,
        entry.type,
        entry.occurredAt.from,
        entry.occurredAt.to ?? entry.occurredAt.from,
        entry.recordedAt,
        entry.position,
        entry.parties.flatMap((p) => (p.name ? [p.name.toLowerCase()] : [])),
        [...new Set(entry.parties.flatMap((p) => (p.country ? [p.country] : [])))],
        entry,
      ],
    );
  },
};

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
