import type { Queryable } from '@policy-ledger/event-store';

/**
 * The outbox backlog: events stored but not yet published, and how long the oldest of them has
 * waited (0 when there is none). Read at scrape time for the relay's gauges, on the partial index
 * of unpublished rows.
 */
export async function readOutboxBacklog(db: Queryable): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const { rows } = await db.query<{ pending: number; age: number | null }>(
    `SELECT count(*)::int AS pending,
            extract(epoch FROM clock_timestamp() - (SELECT e.recorded_at FROM events e WHERE e.position = min(o.position)))::float8 AS age
     FROM outbox o WHERE o.published_at IS NULL`,
  );
  const row = rows[0];
  return { pending: row?.pending ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
}
