import { decodeEvent, type EventMetadata, type RawEvent, type StoredEvent } from '@policy-ledger/contracts';
import type { Queryable } from './database.port';

/** The columns of a stored event, named once: every reader of the events table selects these. */
export const EVENT_COLUMNS = ['position', 'event_id', 'stream_id', 'stream_type', 'version', 'type', 'schema_version', 'data', 'metadata', 'recorded_at'] as const;

export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date | string;
}

/** The select list of the event columns, qualified by a table alias. */
export function eventColumns(alias: string): string {
  return EVENT_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

export function toRawEvent(row: EventRow): RawEvent {
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

/** Which events to read, in global position order; a field left out does not filter. */
export interface EventQuery {
  /** Positions after this one. */
  readonly after?: number;
  /** Positions up to and including this one. */
  readonly upTo?: number;
  readonly streamId?: string;
  /** Any of these streams. */
  readonly streamIds?: readonly string[];
  /** With streamId: only its events after this version. */
  readonly afterVersion?: number;
  /** Any of these event types. */
  readonly types?: readonly string[];
  /** Any of these stream types. */
  readonly streamTypes?: readonly string[];
  /** Only events the outbox has not published yet. */
  readonly unpublished?: boolean;
  readonly limit?: number;
}

/** The SQL of an event query: its FROM and WHERE, and its parameters from `$first` on. */
export function eventQuerySql(query: EventQuery, first = 1): { from: string; where: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${first + params.push(value) - 1}`;
  const where = [
    query.after !== undefined ? `e.position > ${param(query.after)}::bigint` : null,
    query.upTo !== undefined ? `e.position <= ${param(query.upTo)}::bigint` : null,
    query.streamId !== undefined ? `e.stream_id = ${param(query.streamId)}::text` : null,
    query.streamIds !== undefined ? `e.stream_id = ANY(${param(query.streamIds)}::text[])` : null,
    query.afterVersion !== undefined ? `e.version > ${param(query.afterVersion)}::int` : null,
    query.types !== undefined ? `e.type = ANY(${param(query.types)}::text[])` : null,
    query.streamTypes !== undefined ? `e.stream_type = ANY(${param(query.streamTypes)}::text[])` : null,
    query.unpublished ? 'o.published_at IS NULL' : null,
  ].filter((clause) => clause !== null);
  return {
    from: query.unpublished ? 'outbox o JOIN events e USING (position)' : 'events e',
    where: where.length > 0 ? where.join(' AND ') : 'true',
    params,
  };
}

/** Events as stored, in position order: what the log shows (the HTTP history and feeds, the relay). */
export async function readRawEvents(db: Queryable, query: EventQuery): Promise<RawEvent[]> {
  const { from, where, params } = eventQuerySql(query);
  const limit = query.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(query.limit))}`;
  const { rows } = await db.query<EventRow>(`SELECT ${eventColumns('e')} FROM ${from} WHERE ${where} ORDER BY e.position${limit}`, params);
  return rows.map(toRawEvent);
}

/** Events of the catalogue, upcast to their current schema and parsed: what deciders and projections read. */
export async function readEvents(db: Queryable, query: EventQuery): Promise<StoredEvent[]> {
  return (await readRawEvents(db, query)).map(decodeEvent);
}
