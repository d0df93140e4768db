import type { RawEvent, StoredEvent } from '@policy-ledger/contracts';
import { type Database, type Queryable, readEvents } from '@policy-ledger/event-store';
import { applyGuarded } from '../dead-letters/poison-guard';
import type { Projection } from '../projection';

export async function registerProjection(db: Queryable, name: string): Promise<void> {
  await db.query('INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
}

/** What applying a batch did: applied, skipped as redelivered, parked behind a dead letter of its stream. */
export interface BatchOutcome {
  readonly applied: number;
  readonly skipped: number;
  readonly parked: number;
}

interface StreamProgress {
  stream_id: string;
  version: number;
  /** The first dead letter of the stream not yet replayed, if any. */
  parked_behind: number | null;
}

/**
 * Applies a batch of events (each stream's in its order) to a projection, each at most once, in one
 * transaction, and records the version of each stream it reached in the same transaction:
 * - an event at or below its stream's recorded version is a redelivery, skipped;
 * - an event whose stream misses earlier versions (they never came, e.g. gone from Kafka by
 *   retention) is preceded by them, read from the event store, which holds every event;
 * - an event of a stream with a dead letter not yet replayed is parked behind it (a dead letter
 *   too), because a read row is evolved by its stream's events in order;
 * - the rest are applied together; a failure of the projection's own becomes a PoisonEventError.
 * Batches of different partitions touch different streams and apply in parallel; each takes the
 * checkpoint row in share mode only, so that a rebuild's swap can wait for them.
 */
export async function applyBatch(db: Database, projection: Projection, events: readonly StoredEvent[]): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    const fresh = await recordNewStreams(tx, projection.name, events);
    const streamIds = [...new Set(events.filter((event) => !fresh.has(event.streamId)).map((event) => event.streamId))];
    const { rows } =
      streamIds.length === 0
        ? { rows: [] }
        : await tx.query<StreamProgress>(
            `WITH gate AS (SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR SHARE),
             progress AS (
               INSERT INTO projection_streams (projection, stream_id, version)
               SELECT $1, stream_id, 0 FROM unnest($2::text[]) AS s (stream_id), gate
               ON CONFLICT (projection, stream_id) DO UPDATE SET version = projection_streams.version
               RETURNING stream_id, version
             )
             SELECT p.stream_id, p.version,
                    (SELECT min(d.position) FROM projection_dead_letters d
                     WHERE d.projection = $1 AND d.stream_id = p.stream_id AND d.replayed_at IS NULL) AS parked_behind
             FROM progress p`,
            [projection.name, streamIds],
          );
    if (rows.length !== streamIds.length) throw new Error(`projection ${projection.name} is not registered`);
    const progress = new Map(rows.map((row) => [row.stream_id, row]));
    const toApply: StoredEvent[] = [];
    const parked: { event: StoredEvent; behind: number }[] = [];
    let skipped = 0;
    for (const event of events) {
      if (fresh.has(event.streamId)) {
        if (projection.handles.includes(event.type)) toApply.push(event);
        continue;
      }
      const stream = progress.get(event.streamId) as StreamProgress;
      if (event.version <= stream.version) {
        skipped += 1;
        continue;
      }
      const missing = event.version > stream.version + 1 ? await readEvents(tx, { streamId: event.streamId, afterVersion: stream.version }) : [];
      for (const next of [...missing.filter((earlier) => earlier.version < event.version), event]) {
        if (stream.parked_behind !== null) parked.push({ event: next, behind: stream.parked_behind });
        else if (projection.handles.includes(next.type)) toApply.push(next);
        stream.version = next.version;
      }
    }
    if (toApply.length > 0) await applyGuarded(tx, projection, toApply);
    for (const { event, behind } of parked) {
      await insertDeadLetter(tx, projection.name, event, {
        reason: `parked behind the dead letter at position ${behind} of stream ${event.streamId}`,
        attempts: 0,
        parkedBehind: behind,
        failedAt: new Date().toISOString(),
      });
    }
    if (rows.length > 0) await recordVersions(tx, projection.name, rows);
    return { applied: toApply.length, skipped, parked: parked.length };
  });
}

/**
 * Records at once, at their last version here, the streams new to the projection whose events in
 * the batch run from version 1 without a gap or a repeat: one write each instead of an insert and
 * an update (a catch-up is mostly such streams). Answers the streams so recorded; a stream another
 * transaction records meanwhile is not among them (its insert waits for that one, then does
 * nothing), and goes the common way. Like the common way's statement, it takes the projection's
 * checkpoint row in share mode (a rebuild's swap waits for the batch) and throws when the
 * projection is not registered. No statement when no stream qualifies.
 */
async function recordNewStreams(tx: Queryable, name: string, events: readonly StoredEvent[]): Promise<Set<string>> {
  const runs = new Map<string, { last: number; fromOne: boolean }>();
  for (const event of events) {
    const run = runs.get(event.streamId);
    if (run) {
      run.fromOne &&= event.version === run.last + 1;
      run.last = event.version;
    } else {
      runs.set(event.streamId, { last: event.version, fromOne: event.version === 1 });
    }
  }
  const candidates = [...runs].filter(([, run]) => run.fromOne);
  if (candidates.length === 0) return new Set();
  const { rows } = await tx.query<{ registered: boolean; stream_id: string | null }>(
    `WITH gate AS (SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR SHARE),
     created AS (
       INSERT INTO projection_streams (projection, stream_id, version)
       SELECT $1, s.stream_id, s.version FROM unnest($2::text[], $3::int[]) AS s (stream_id, version), gate
       ON CONFLICT (projection, stream_id) DO NOTHING
       RETURNING stream_id
     )
     SELECT EXISTS (SELECT 1 FROM gate) AS registered, c.stream_id FROM (SELECT 1) AS one LEFT JOIN created c ON true`,
    [name, candidates.map(([streamId]) => streamId), candidates.map(([, run]) => run.last)],
  );
  if (!rows[0]?.registered) throw new Error(`projection ${name} is not registered`);
  return new Set(rows.flatMap((row) => (row.stream_id === null ? [] : [row.stream_id])));
}

async function recordVersions(tx: Queryable, name: string, progress: readonly Pick<StreamProgress, 'stream_id' | 'version'>[]): Promise<void> {
  await tx.query(
    `UPDATE projection_streams p SET version = v.version
     FROM unnest($2::text[], $3::int[]) AS v (stream_id, version)
     WHERE p.projection = $1 AND p.stream_id = v.stream_id AND p.version < v.version`,
    [name, progress.map((row) => row.stream_id), progress.map((row) => row.version)],
  );
}

/** Counts an event as applied for a projection without applying it (a dead letter): its stream's version moves past it. */
export async function recordApplied(tx: Queryable, name: string, event: RawEvent): Promise<void> {
  await tx.query(
    `INSERT INTO projection_streams (projection, stream_id, version) VALUES ($1, $2, $3)
     ON CONFLICT (projection, stream_id) DO UPDATE SET version = greatest(projection_streams.version, excluded.version)`,
    [name, event.streamId, event.version],
  );
}

export async function insertDeadLetter(
  tx: Queryable,
  projection: string,
  event: RawEvent,
  letter: { reason: string; attempts: number; parkedBehind: number | null; failedAt: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO projection_dead_letters (projection, position, stream_id, version, event_type, reason, attempts, parked_behind, failed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [projection, event.position, event.streamId, event.version, event.type, letter.reason, letter.attempts, letter.parkedBehind, letter.failedAt],
  );
}

/**
 * Moves the checkpoint over every event the projection has applied: to just before the first
 * event, from the checkpoint on, whose stream the projection has not reached (or to the head when
 * there is none). One statement, one snapshot: the events it sees are exactly those up to the head
 * it reads. It walks only the events newly covered, and may run anywhere, any number of times at
 * once: applied stays applied, and the checkpoint only grows.
 */
export async function advanceCheckpoint(db: Queryable, name: string): Promise<number> {
  const { rows } = await db.query<{ position: number }>(
    `WITH checkpoint AS (SELECT position FROM projection_checkpoints WHERE projection = $1),
     gap AS (
       SELECT e.position FROM events e
       LEFT JOIN projection_streams p ON p.projection = $1 AND p.stream_id = e.stream_id
       WHERE e.position > (SELECT position FROM checkpoint) AND coalesce(p.version, 0) < e.version
       ORDER BY e.position LIMIT 1
     )
     UPDATE projection_checkpoints
     SET position = greatest(position, coalesce((SELECT position - 1 FROM gap), (SELECT last_position FROM ledger_sequence))),
         updated_at = CASE WHEN position < coalesce((SELECT position - 1 FROM gap), (SELECT last_position FROM ledger_sequence)) THEN now() ELSE updated_at END
     WHERE projection = $1 RETURNING position`,
    [name],
  );
  return rows[0]?.position ?? 0;
}

/** The first event the projection has not applied, after its checkpoint: where it waits. */
export async function firstUnapplied(db: Queryable, name: string): Promise<{ position: number; streamId: string; version: number } | null> {
  const { rows } = await db.query<{ position: number; stream_id: string; version: number }>(
    `SELECT e.position, e.stream_id, e.version FROM events e
     LEFT JOIN projection_streams p ON p.projection = $1 AND p.stream_id = e.stream_id
     WHERE e.position > (SELECT position FROM projection_checkpoints WHERE projection = $1) AND coalesce(p.version, 0) < e.version
     ORDER BY e.position LIMIT 1`,
    [name],
  );
  const row = rows[0];
  return row ? { position: row.position, streamId: row.stream_id, version: row.version } : null;
}

export async function projectionPosition(db: Queryable, name: string): Promise<number> {
  const { rows } = await db.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE projection = $1', [name]);
  return rows[0]?.position ?? 0;
}

/** How often the position is read while reads wait for it. */
const WAIT_POLL_MS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface PositionWaiter {
  readonly minPosition: number;
  readonly deadline: number;
  readonly resolve: (position: number) => void;
  readonly reject: (error: unknown) => void;
}

/** The reads waiting on each projection's position, per database: one poll serves them all. */
const waiting = new WeakMap<Queryable, Map<string, Set<PositionWaiter>>>();

/**
 * Waits until the projection has applied every event up to minPosition, or the timeout passes.
 * Returns the position it has reached either way. However many reads wait on a projection, one
 * loop reads its position, every few milliseconds while any waits.
 */
export function waitForPosition(db: Queryable, name: string, minPosition: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const byName = waiting.get(db) ?? new Map<string, Set<PositionWaiter>>();
    waiting.set(db, byName);
    const waiter = { minPosition, deadline: Date.now() + timeoutMs, resolve, reject };
    const waiters = byName.get(name);
    if (waiters) {
      waiters.add(waiter);
    } else {
      const first = new Set([waiter]);
      byName.set(name, first);
      void pollPosition(db, name, first, byName);
    }
  });
}

/** Polls while any waits; the set leaves the map in the same step as the last waiter leaves it, so no later waiter joins a finished poll. */
async function pollPosition(db: Queryable, name: string, waiters: Set<PositionWaiter>, byName: Map<string, Set<PositionWaiter>>): Promise<void> {
  try {
    while (waiters.size > 0) {
      const position = await projectionPosition(db, name);
      const now = Date.now();
      for (const waiter of waiters) {
        if (position >= waiter.minPosition || now >= waiter.deadline) {
          waiters.delete(waiter);
          waiter.resolve(position);
        }
      }
      if (waiters.size > 0) await sleep(WAIT_POLL_MS);
    }
  } catch (error) {
    for (const waiter of waiters) waiter.reject(error);
    waiters.clear();
  } finally {
    byName.delete(name);
  }
}
