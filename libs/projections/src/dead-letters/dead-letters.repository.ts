import type { StoredEvent } from '@policy-ledger/contracts';
import { type Database, type Queryable, readEvents } from '@policy-ledger/event-store';
import type { DeadLetter } from '@policy-ledger/messaging';
import { advanceCheckpoint, applyBatch, insertDeadLetter, recordApplied } from '../checkpoints/checkpoints.repository';
import type { Projection } from '../projection';

export interface DeadLetterRow {
  readonly projection: string;
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventType: string;
  readonly reason: string;
  readonly attempts: number;
  /** The dead letter of the same stream this event waits behind, or null for a poison event itself. */
  readonly parkedBehind: number | null;
  readonly failedAt: string;
  readonly replayedAt: string | null;
}

/**
 * Applies one event (or parks it behind its stream's dead letter), at most once, and moves the
 * checkpoint: the path of one event, as the projector takes it when a batch must be applied event
 * by event to find a poison event in it. Returns false for a redelivered event.
 */
export async function applyOrPark(db: Database, projection: Projection, event: StoredEvent): Promise<boolean> {
  const outcome = await applyBatch(db, projection, [event]);
  await advanceCheckpoint(db, projection.name);
  return outcome.skipped === 0;
}

/** Records an event a transport gave up on, counting it as applied; clears the projection's failure. */
export async function recordDeadLetter(db: Database, letter: DeadLetter): Promise<void> {
  await db.transaction(async (tx) => {
    await insertDeadLetter(tx, letter.subscriber, letter.event, { ...letter, parkedBehind: null });
    await recordApplied(tx, letter.subscriber, letter.event);
    await clearFailure(tx, letter.subscriber);
  });
  await advanceCheckpoint(db, letter.subscriber);
}

/** Says that applying `position` fails now (shown by the projection's status until it is past it). */
export async function recordFailure(db: Queryable, projection: string, position: number, reason: string): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints
     SET failure = $3, failure_position = $2, failing_since = CASE WHEN failure_position = $2 THEN failing_since ELSE now() END
     WHERE projection = $1`,
    [projection, position, reason.slice(0, 2000)],
  );
}

export async function clearFailure(db: Queryable, projection: string): Promise<void> {
  await db.query('UPDATE projection_checkpoints SET failure = NULL, failure_position = NULL, failing_since = NULL WHERE projection = $1', [projection]);
}

interface Row {
  projection: string;
  position: number;
  stream_id: string;
  version: number;
  event_type: string;
  reason: string;
  attempts: number;
  parked_behind: number | null;
  failed_at: Date | string;
  replayed_at: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** Dead letters in position order: of one projection or all, pending ones only or all. */
export async function readDeadLetters(db: Queryable, options: { projection?: string; pendingOnly?: boolean } = {}): Promise<DeadLetterRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM projection_dead_letters
     WHERE ($1::text IS NULL OR projection = $1::text) AND (NOT $2::boolean OR replayed_at IS NULL)
     ORDER BY projection, position`,
    [options.projection ?? null, options.pendingOnly ?? false],
  );
  return rows.map((row) => ({
    projection: row.projection,
    position: row.position,
    streamId: row.stream_id,
    version: row.version,
    eventType: row.event_type,
    reason: row.reason,
    attempts: row.attempts,
    parkedBehind: row.parked_behind,
    failedAt: iso(row.failed_at),
    replayedAt: row.replayed_at === null ? null : iso(row.replayed_at),
  }));
}

export interface ReplayOutcome {
  readonly projection: string;
  readonly replayed: number[];
  /** Dead letters that failed again, and the stream's later ones left waiting behind them. */
  readonly failed: { position: number; reason: string }[];
  readonly waiting: number[];
}

/**
 * Applies a projection's pending dead letters again, from the event store, in position order, and
 * marks each replayed in the same transaction. Run it after the fix is deployed. A dead letter that
 * fails again stays, and so do its stream's later ones. Safe while the projector runs: both lock the
 * checkpoint row.
 */
export async function replayDeadLetters(db: Database, projection: Projection): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { projection: projection.name, replayed: [], failed: [], waiting: [] };
  const blocked = new Set<string>();
  for (const letter of await readDeadLetters(db, { projection: projection.name, pendingOnly: true })) {
    if (blocked.has(letter.streamId)) {
      outcome.waiting.push(letter.position);
      continue;
    }
    const [event] = await readEvents(db, { after: letter.position - 1, limit: 1 });
    if (!event || event.position !== letter.position) throw new Error(`the event store holds no event at position ${letter.position}`);
    try {
      const replayed = await db.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR UPDATE', [projection.name]);
        const marked = await tx.query(
          `UPDATE projection_dead_letters SET replayed_at = now()
           WHERE projection = $1 AND position = $2 AND replayed_at IS NULL RETURNING position`,
          [projection.name, letter.position],
        );
        if (marked.rows.length === 0) return false;
        if (projection.handles.includes(event.type)) await projection.apply(tx, [event]);
        return true;
      });
      if (replayed) outcome.replayed.push(letter.position);
    } catch (error) {
      blocked.add(letter.streamId);
      outcome.failed.push({ position: letter.position, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}
