import { randomUUID } from 'node:crypto';
import type { Database } from './database.port';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventStore, NewEvent, StoredEvent } from './event-store.port';

/** Channel notified, inside the appending transaction, whenever events are committed. */
export const EVENTS_APPENDED_CHANNEL = 'policy_ledger_events';

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date | string;
}

const COLUMNS = 'position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at';

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: row.position,
    eventId: row.event_id,
    streamId: row.stream_id,
    streamType: row.stream_type,
    version: row.version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

export class PostgresEventStore implements EventStore {
  constructor(private readonly db: Database) {}

  async readStream(streamId: string): Promise<{ version: number; events: StoredEvent[] }> {
    const { rows } = await this.db.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY version`, [streamId]);
    const events = rows.map(toStoredEvent);
    return { version: events.at(-1)?.version ?? 0, events };
  }

  async append(streamId: string, streamType: string, expectedVersion: number, events: readonly NewEvent[]): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const count = events.length;
    return this.db.transaction(async (tx) => {
      // 1. Claim the stream at the expected version. The row lock makes a concurrent append with
      //    the same expectation wait, then find the version moved and fail.
      const claimed =
        expectedVersion === 0
          ? await tx.query(
              `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
               ON CONFLICT (stream_id) DO NOTHING RETURNING version`,
              [streamId, streamType, count],
            )
          : await tx.query(
              `UPDATE streams SET version = version + $3, updated_at = now()
               WHERE stream_id = $1 AND version = $2 RETURNING version`,
              [streamId, expectedVersion, count],
            );
      if (claimed.rows.length === 0) {
        const current = await tx.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [streamId]);
        throw new VersionConflictError(streamId, expectedVersion, current.rows[0]?.version ?? 0);
      }
      // 2. Take positions last: the sequence row stays locked until commit, so positions are
      //    handed out in commit order and recorded_at grows with them.
      const sequence = await tx.query<{ last_position: number; recorded_at: Date }>(
        `UPDATE ledger_sequence
         SET last_position = last_position + $1, last_recorded_at = greatest(clock_timestamp(), last_recorded_at)
         RETURNING last_position, last_recorded_at AS recorded_at`,
        [count],
      );
      const { last_position: last, recorded_at: recordedAt } = sequence.rows[0] as { last_position: number; recorded_at: Date };
      const first = last - count + 1;
      await tx.query(
        `INSERT INTO events (position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata,
                             occurred_from, occurred_to, occurred_precision, reported_at, recorded_at)
         SELECT $1::bigint + i - 1, e.event_id, $2, $3, $4::int + i, e.type, e.schema_version, e.data, e.metadata,
                e.occurred_from, e.occurred_to, e.occurred_precision, e.reported_at, $5
         FROM jsonb_to_recordset($6::jsonb) AS e(
                event_id uuid, type text, schema_version int, data jsonb, metadata jsonb,
                occurred_from date, occurred_to date, occurred_precision text, reported_at date, i int)`,
        [first, streamId, streamType, expectedVersion, recordedAt, JSON.stringify(events.map((event, index) => toRecord(event, index + 1)))],
      );
      await tx.query('INSERT INTO outbox (position) SELECT generate_series($1::bigint, $2::bigint)', [first, last]);
      await tx.query('SELECT pg_notify($1, $2)', [EVENTS_APPENDED_CHANNEL, String(last)]);
      return { streamId, version: expectedVersion + count, position: last };
    });
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return rows.map(toStoredEvent);
  }

  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.db.query<{ stream_id: string }>('SELECT stream_id FROM streams WHERE stream_id = ANY($1::text[])', [
      streamIds,
    ]);
    return new Set(rows.map((row) => row.stream_id));
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.db.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
    return rows[0]?.last_position ?? 0;
  }
}

function toRecord(event: NewEvent, i: number) {
  return {
    i,
    event_id: randomUUID(),
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
