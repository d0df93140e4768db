import type { Queryable } from '@policy-ledger/event-store';
import { projectionStatus, type ProjectionsStatus } from './projection-status';

interface Row {
  name: string;
  position: number | null;
  failure: string | null;
  failure_position: number | null;
  failing_since: Date | string | null;
  dead_letters: number;
  first_dead_letter: number | null;
  oldest_unapplied_age: number | null;
  rebuild_started_at: Date | string | null;
  rebuild_position: number | null;
  rebuild_target: number | null;
  rebuild_rate: number | null;
  head: number;
}

/**
 * The status of the named projections and of any other the database has a checkpoint for, read
 * in one statement (one snapshot): head, checkpoints, dead letters and the oldest unapplied event.
 */
export async function readProjectionStatuses(db: Queryable, names: readonly string[]): Promise<ProjectionsStatus> {
  const { rows } = await db.query<Row>(
    `WITH names AS (SELECT projection FROM projection_checkpoints UNION SELECT unnest($1::text[]))
     SELECT n.projection AS name, c.position, c.failure, c.failure_position, c.failing_since,
            c.rebuild_started_at, c.rebuild_position, c.rebuild_target, c.rebuild_rate,
            (SELECT last_position FROM ledger_sequence) AS head,
            (SELECT count(*)::int FROM projection_dead_letters d WHERE d.projection = n.projection AND d.replayed_at IS NULL) AS dead_letters,
            (SELECT min(d.position) FROM projection_dead_letters d WHERE d.projection = n.projection AND d.replayed_at IS NULL) AS first_dead_letter,
            (SELECT extract(epoch FROM clock_timestamp() - e.recorded_at)::float8
             FROM events e WHERE e.position = coalesce(c.position, 0) + 1) AS oldest_unapplied_age
     FROM names n LEFT JOIN projection_checkpoints c USING (projection)
     ORDER BY n.projection`,
    [names],
  );
  const head = rows[0]?.head ?? 0;
  return {
    head,
    projections: rows.map((row) =>
      projectionStatus(
        {
          name: row.name,
          position: row.position ?? 0,
          failure: row.failure,
          failurePosition: row.failure_position,
          failingSince: row.failing_since === null ? null : new Date(row.failing_since).toISOString(),
          deadLetters: row.dead_letters,
          firstDeadLetter: row.first_dead_letter,
          oldestUnappliedAgeSeconds: row.oldest_unapplied_age,
          rebuild:
            row.rebuild_started_at === null
              ? null
              : { position: row.rebuild_position ?? 0, target: row.rebuild_target ?? 0, eventsPerSecond: row.rebuild_rate ?? 0 },
        },
        head,
      ),
    ),
  };
}
