import { type EventType, eventTypesOf, type Party, type StoredEvent, type StreamType } from '@policy-ledger/contracts';
import type { Queryable } from '@policy-ledger/event-store';

/** A read model fed by events: the event types it handles and how events change its tables. */
export interface Projection {
  readonly name: string;
  readonly handles: readonly EventType[];
  /** The read tables it owns (and only it writes): what a rebuild replaces. */
  readonly tables: readonly string[];
  /** Applies events, in position order, in the caller's transaction. A redelivered event changes nothing. */
  apply(tx: Queryable, events: readonly StoredEvent[]): Promise<void>;
}

/** Rows carry the version of their stream they reflect; an event at or below it is a replay. */
export interface VersionedRow {
  readonly id: string;
  readonly version: number;
  readonly position: number;
}

export function isReplay(row: VersionedRow | null, event: StoredEvent): boolean {
  return row !== null && event.version <= row.version;
}

/** "John Kirby, US", "RU": how a read model names a person, body or state. */
export function partyName(party: Party): string {
  return [party.name, party.country].filter(Boolean).join(', ');
}

/** The entity id of a stream id `<stream type>-<entity id>`. */
export function entityIdOf(event: StoredEvent): string {
  return event.streamId.slice(event.streamType.length + 1);
}

/** A column kept beside a document for queries to filter and sort on: its SQL type and value. */
export type Column<Row> = readonly [sqlType: string, value: (row: Row) => unknown];

/**
 * A read table of one JSON document per stream, evolved by that stream's events alone with a pure
 * `evolve`: Kafka keeps each stream's order, and relations between streams are joined when read,
 * so any interleaving of streams gives the same rows.
 */
export interface Documents<Row extends VersionedRow> {
  readonly table: string;
  readonly streamType: StreamType;
  readonly evolve: (row: Row | null, event: StoredEvent) => Row | null;
  readonly columns?: Readonly<Record<string, Column<Row>>>;
}

/** Folds events into documents in memory (the same code the tables are kept with): for as-of reads, rebuilds and specs. */
export function foldDocuments<Row extends VersionedRow>(docs: Documents<Row>, events: readonly StoredEvent[], rows = new Map<string, Row | null>()): Map<string, Row | null> {
  for (const event of events) {
    if (event.streamType !== docs.streamType) continue;
    const id = entityIdOf(event);
    rows.set(id, docs.evolve(rows.get(id) ?? null, event));
  }
  return rows;
}

/** The documents a fold left, without the streams that have none. */
export function present<Row>(rows: ReadonlyMap<string, Row | null>): Row[] {
  return [...rows.values()].filter((row): row is Row => row !== null);
}

export async function loadDocuments<Row extends VersionedRow>(db: Queryable, docs: Documents<Row>, ids: readonly string[]): Promise<Map<string, Row>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; doc: Row }>(`SELECT id, doc FROM ${docs.table} WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((row) => [row.id, row.doc]));
}

/** Inserts or replaces documents (and their columns) in one statement. */
export async function saveDocuments<Row extends VersionedRow>(tx: Queryable, docs: Documents<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(docs.columns ?? {});
  const names = columns.map(([name]) => name);
  const records = rows.map((row) => ({ id: row.id, doc: row, ...Object.fromEntries(columns.map(([name, [, value]]) => [name, value(row)])) }));
  await tx.query(
    `INSERT INTO ${docs.table} (id, ${names.map((name) => `${name}, `).join('')}doc)
     SELECT r.id, ${names.map((name) => `r.${name}, `).join('')}r.doc
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, ${columns.map(([name, [type]]) => `${name} ${type}, `).join('')}doc jsonb)
     ON CONFLICT (id) DO UPDATE SET ${[...names, 'doc'].map((name) => `${name} = excluded.${name}`).join(', ')}`,
    [JSON.stringify(records)],
  );
}

/** Applies a batch of events to documents: reads the rows they touch once, folds in memory, writes the changed ones once. */
export async function applyToDocuments<Row extends VersionedRow>(tx: Queryable, docs: Documents<Row>, events: readonly StoredEvent[]): Promise<void> {
  const mine = events.filter((event) => event.streamType === docs.streamType);
  if (mine.length === 0) return;
  const loaded = await loadDocuments(tx, docs, [...new Set(mine.map(entityIdOf))]);
  const rows = foldDocuments(docs, mine, new Map(loaded));
  const changed = present(rows).filter((row) => row !== loaded.get(row.id));
  await saveDocuments(tx, docs, changed);
}

/** A read model made of document tables, one per stream type it follows. */
export function documentsProjection<Rows extends VersionedRow[]>(name: string, ...tables: { [K in keyof Rows]: Documents<Rows[K]> }): Projection {
  return {
    name,
    handles: tables.flatMap((docs) => eventTypesOf(docs.streamType)),
    tables: tables.map((docs) => docs.table),
    async apply(tx, events) {
      for (const docs of tables) await applyToDocuments(tx, docs, events);
    },
  };
}
