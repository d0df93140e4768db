import type { StoredEvent } from '@policy-ledger/contracts';
import { type Database, type Queryable, readEvents } from '@policy-ledger/event-store';
import { registerProjection } from '../checkpoints/checkpoints.repository';
import type { Projection } from '../projection';

export interface RebuildProgress {
  readonly projection: string;
  readonly phase: 'replaying' | 'swapping' | 'done';
  /** The last global position replayed into the shadow tables. */
  readonly position: number;
  /** The head of the log when the replay started (it moves on while it runs). */
  readonly target: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}

export interface RebuildResult {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The position the swapped-in tables reflect; the checkpoint is set to it. */
  readonly position: number;
}

const BATCH = 5000;
/** Transactions that write one batch at once, on a pool. */
const WRITERS = 2;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function readBatch(db: Queryable, after: number, upTo: number | null, types: readonly string[]): Promise<StoredEvent[]> {
  return readEvents(db, { after, ...(upTo === null ? {} : { upTo }), types, limit: BATCH });
}

/** The events in `parts` groups, each stream's in one group, in their order; empty groups left out. */
function splitByStream(events: readonly StoredEvent[], parts: number): StoredEvent[][] {
  const groups: StoredEvent[][] = Array.from({ length: parts }, () => []);
  for (const event of events) groups[hashOf(event.streamId) % parts]?.push(event);
  return groups.filter((group) => group.length > 0);
}

function hashOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash;
}

/**
 * Rebuilds a projection without downtime. The log is replayed into shadow copies of its tables,
 * in a schema of their own, by the projection's own code (the transaction's search_path points
 * its unqualified SQL at the shadows); the live tables keep answering and the live projector
 * keeps applying meanwhile. Then, in one transaction that holds the projection's checkpoint row
 * (so the live projector waits), the shadows catch up to the head, replace the live tables, and
 * the checkpoint moves to the head. A query that was waiting on a live table reads the new one.
 */
export async function rebuildProjection(
  db: Database,
  projection: Projection,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildResult> {
  await registerProjection(db, projection.name);
  const shadow = `rebuild_${projection.name.replace(/[^a-z0-9]/g, '_')}`;
  const started = Date.now();
  const { rows: head } = await db.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
  const target = head[0]?.last_position ?? 0;
  let position = 0;
  let applied = 0;
  const rate = () => Math.round(applied / Math.max(0.001, (Date.now() - started) / 1000));
  const report = async (phase: RebuildProgress['phase']) => {
    const eventsPerSecond = rate();
    const remaining = Math.max(0, target - position);
    onProgress({ projection: projection.name, phase, position, target, eventsPerSecond, etaSeconds: eventsPerSecond > 0 ? Math.round(remaining / eventsPerSecond) : null });
    await db.query(
      `UPDATE projection_checkpoints SET rebuild_started_at = coalesce(rebuild_started_at, now()), rebuild_position = $2, rebuild_target = $3, rebuild_rate = $4
       WHERE projection = $1`,
      [projection.name, position, target, eventsPerSecond],
    );
  };

  await db.query(`DROP SCHEMA IF EXISTS ${ident(shadow)} CASCADE; CREATE SCHEMA ${ident(shadow)};`);
  try {
    for (const table of projection.tables) {
      await db.query(`CREATE TABLE ${ident(shadow)}.${ident(table)} (LIKE public.${ident(table)} INCLUDING ALL)`);
    }
    const applyToShadows = async (tx: Queryable, events: readonly StoredEvent[]) => {
      await tx.query(`SELECT set_config('search_path', $1, true)`, [`${ident(shadow)}, public`]);
      await projection.apply(tx, events);
      await tx.query(`SELECT set_config('search_path', 'public', true)`);
    };
    const replayed = (events: readonly StoredEvent[]) => {
      applied += events.length;
      position = events.at(-1)?.position ?? position;
    };
    const replay = async (tx: Queryable, events: readonly StoredEvent[]) => {
      await applyToShadows(tx, events);
      replayed(events);
    };
    /**
     * On a pool, a batch is written in two transactions at once, its streams split between them:
     * each row is a stream's, as when the live projector applies partitions in parallel.
     */
    const replayInParallel = async (events: readonly StoredEvent[]) => {
      await Promise.all(splitByStream(events, WRITERS).map((part) => db.transaction((tx) => applyToShadows(tx, part))));
      replayed(events);
    };
    await report('replaying');
    // On a pool the next batch is read while this one is written, on another connection.
    for (let next = readBatch(db, position, null, projection.handles); ; ) {
      const events = await next;
      const last = events.at(-1);
      if (!last) break;
      const read = () => readBatch(db, last.position, null, projection.handles);
      if (db.overlaps) {
        next = read();
        // A failed write ends the rebuild; the read begun meanwhile must not fail unheard.
        next.catch(() => undefined);
        await replayInParallel(events);
      } else {
        await db.transaction((tx) => replay(tx, events));
        next = read();
      }
      await report('replaying');
    }

    await report('swapping');
    const reached = await db.transaction(async (tx) => {
      await tx.query('SELECT position FROM projection_checkpoints WHERE projection = $1 FOR UPDATE', [projection.name]);
      const { rows } = await tx.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
      const now = rows[0]?.last_position ?? 0;
      for (let events = await readBatch(tx, position, now, projection.handles); events.length > 0; events = await readBatch(tx, position, now, projection.handles)) {
        await replay(tx, events);
      }
      for (const table of projection.tables) {
        await tx.query(`DROP TABLE public.${ident(table)}`);
        await tx.query(`ALTER TABLE ${ident(shadow)}.${ident(table)} SET SCHEMA public`);
      }
      // Everything up to `now` is in the new tables, dead letters included.
      await tx.query(
        `UPDATE projection_checkpoints SET position = greatest(position, $2), updated_at = now(),
           rebuild_started_at = NULL, rebuild_position = NULL, rebuild_target = NULL, rebuild_rate = NULL
         WHERE projection = $1`,
        [projection.name, now],
      );
      // What the new tables hold, stream by stream: every version up to `now`, and nothing beyond
      // (the live projector, waiting on the checkpoint row, applies what came later to the new tables).
      await tx.query('DELETE FROM projection_streams WHERE projection = $1', [projection.name]);
      await tx.query(
        `INSERT INTO projection_streams (projection, stream_id, version)
         SELECT $1, stream_id, max(version) FROM events WHERE position <= $2 GROUP BY stream_id`,
        [projection.name, now],
      );
      await tx.query('UPDATE projection_dead_letters SET replayed_at = now() WHERE projection = $1 AND position <= $2 AND replayed_at IS NULL', [
        projection.name,
        now,
      ]);
      return now;
    });
    position = reached;
    const seconds = (Date.now() - started) / 1000;
    onProgress({ projection: projection.name, phase: 'done', position, target, eventsPerSecond: rate(), etaSeconds: 0 });
    return { projection: projection.name, events: applied, seconds, eventsPerSecond: rate(), position };
  } catch (error) {
    await db.query(
      'UPDATE projection_checkpoints SET rebuild_started_at = NULL, rebuild_position = NULL, rebuild_target = NULL, rebuild_rate = NULL WHERE projection = $1',
      [projection.name],
    );
    throw error;
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${ident(shadow)} CASCADE`);
  }
}
