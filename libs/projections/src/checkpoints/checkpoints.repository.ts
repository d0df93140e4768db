import type { RawEvent } from '@policy-ledger/contracts';
import type { Database, Queryable } from '@policy-ledger/event-store';

export async function registerProjection(db: Database, name: string): Promise<void> {
  await db.query('INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
}

/**
 * Runs `work` for one event of a projection at most once and counts the event's position as
 * applied, in one transaction: applying it, or dead-lettering it, moves the checkpoint alike.
 * Returns false, without running `work`, for an event already counted.
 */
export async function recordOnce(db: Database, name: string, event: RawEvent, work: (tx: Queryable) => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ position: number }>(
      'SELECT position FROM projection_checkpoints WHERE projection = $1 FOR UPDATE',
      [name],
    );
    const checkpoint = rows[0];
    if (!checkpoint) throw new Error(`projection ${name} is not registered`);
    if (event.position <= checkpoint.position) return false;
    const recorded = await tx.query(
      `INSERT INTO projection_applied (projection, position, stream_id, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING position`,
      [name, event.position, event.streamId, event.version],
    );
    if (recorded.rows.length === 0) return false;
    await work(tx);
    // Move the checkpoint over the unbroken run of applied positions that follows it.
    await tx.query(
      `WITH run AS (
         SELECT position, position - row_number() OVER (ORDER BY position) AS offset_from_start
         FROM projection_applied WHERE projection = $1 AND position > $2::bigint
       ), reached AS (
         SELECT coalesce(max(position), $2::bigint) AS position FROM run WHERE offset_from_start = $2::bigint
       ), moved AS (
         UPDATE projection_checkpoints SET position = (SELECT position FROM reached), updated_at = now()
         WHERE projection = $1 RETURNING position
       )
       DELETE FROM projection_applied WHERE projection = $1 AND position <= (SELECT position FROM moved)`,
      [name, checkpoint.position],
    );
    return true;
  });
}

export async function projectionPosition(db: Queryable, name: string): Promise<number> {
  const { rows } = await db.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE projection = $1', [name]);
  return rows[0]?.position ?? 0;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the projection has applied every event up to minPosition, or the timeout passes.
 * Returns the position it has reached either way.
 */
export async function waitForPosition(db: Queryable, name: string, minPosition: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    const position = await projectionPosition(db, name);
    if (position >= minPosition || Date.now() >= deadline) return position;
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
  }
}
