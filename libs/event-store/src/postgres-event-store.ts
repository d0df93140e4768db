import { randomUUID } from 'node:crypto';
import type { Database } from './database.port';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventStore, NewEvent, StoredEvent, StreamWrite } from './event-store.port';
import { readEvents } from './event-reader';

/** Channel notified, inside the appending transaction, whenever events are committed. */
export const EVENTS_APPENDED_CHANNEL = 'policy_ledger_events';

export class PostgresEventStore implements EventStore {
  constructor(private readonly db: Database) {}

  async readStream(streamId: string): Promise<{ version: number; events: StoredEvent[] }> {
    const events = await readEvents(this.db, { streamId });
    return { version: events.at(-1)?.version ?? 0, events };
  }

  async append(streamId: string, streamType: string, expectedVersion: number, events: readonly NewEvent[]): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, streamType, expectedVersion, events }]);
    if (!result) throw new Error('append needs at least one event');
    return result;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    const nonEmpty = writes.filter((write) => write.events.length > 0);
    if (nonEmpty.length === 0) return [];
    // Streams are claimed in one order by every writer, so two multi-stream appends cannot deadlock.
    const ordered = [...nonEmpty].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const count = ordered.reduce((sum, write) => sum + write.events.length, 0);
    return this.db.transaction(async (tx) => {
      // 1. Claim each stream at its expected version. The row lock makes a concurrent append with
      //    the same expectation wait, then find the version moved and fail.
      for (const { streamId, streamType, expectedVersion, events } of ordered) {
        const claimed =
          expectedVersion === 0
            ? await tx.query(
                `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
                 ON CONFLICT (stream_id) DO NOTHING RETURNING version`,
                [streamId, streamType, events.length],
              )
            : await tx.query(
                `UPDATE streams SET version = version + $3, updated_at = now()
                 WHERE stream_id = $1 AND version = $2 RETURNING version`,
                [streamId, expectedVersion, events.length],
              );
        if (claimed.rows.length === 0) {
          const current = await tx.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [streamId]);
          throw new VersionConflictError(streamId, expectedVersion, current.rows[0]?.version ?? 0);
        }
      }
      // 2. Take positions last, in one statement with the inserts: the sequence row stays locked
      //    until commit, so positions are handed out in commit order and recorded_at grows with
      //    them; one statement keeps the time other appends wait for that lock short.
      //    Positions follow the order of the writes as given (the primary stream first).
      let ordinal = 0;
      const records = nonEmpty.flatMap(({ streamId, streamType, expectedVersion, events }) =>
        events.map((event, index) => toRecord(event, ++ordinal, streamId, streamType, expectedVersion + index + 1)),
      );
      const { rows } = await tx.query<{ last_position: number }>(
        `WITH sequence AS (
           UPDATE ledger_sequence
           SET last_position = last_position + $1, last_recorded_at = greatest(clock_timestamp(), last_recorded_at)
           RETURNING last_position, last_recorded_at
         ), stored AS (
           INSERT INTO events (position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata,
                               occurred_from, occurred_to, occurred_precision, reported_at, recorded_at)
           SELECT s.last_position - $1 + e.ordinal, e.event_id, e.stream_id, e.stream_type, e.version, e.type, e.schema_version,
                  e.data, e.metadata, e.occurred_from, e.occurred_to, e.occurred_precision, e.reported_at, s.last_recorded_at
           FROM sequence s, jsonb_to_recordset($2::jsonb) AS e(
                  ordinal bigint, event_id uuid, stream_id text, stream_type text, version int, type text, schema_version int,
                  data jsonb, metadata jsonb, occurred_from date, occurred_to date, occurred_precision text, reported_at date)
           RETURNING position
         ), queued AS (
           INSERT INTO outbox (position) SELECT position FROM stored
         )
         SELECT last_position, pg_notify($3, last_position::text) FROM sequence`,
        [count, JSON.stringify(records), EVENTS_APPENDED_CHANNEL],
      );
      const last = rows[0]?.last_position ?? 0;
      return nonEmpty.map(({ streamId, expectedVersion, events }) => {
        return { streamId, version: expectedVersion + events.length, position: last };
      });
    });
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return readEvents(this.db, { after, limit });
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.db.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
    return rows[0]?.last_position ?? 0;
  }
}

function toRecord(event: NewEvent, ordinal: number, streamId: string, streamType: string, version: number) {
  return {
    ordinal,
    event_id: randomUUID(),
    stream_id: streamId,
    stream_type: streamType,
    version,
    type: event.type,
    schema_version: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurred_from: event.occurredAt?.from ?? null,
    occurred_to: event.occurredAt?.to ?? null,
    occurred_precision: event.occurredAt?.precision ?? null,
    reported_at: event.reportedAt ?? null,
  };
}
