import type { Queryable, StoredEvent } from '@policy-ledger/event-store';

/** A read model fed by events: the event types it handles and how one event changes its tables. */
export interface Projection {
  readonly name: string;
  readonly handles: readonly string[];
  /** The read tables it owns (and only it writes): what a rebuild replaces. */
  readonly tables: readonly string[];
  apply(tx: Queryable, event: StoredEvent): Promise<void>;
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

/** The entity id of a stream id `<stream type>-<entity id>`. */
export function entityIdOf(event: StoredEvent): string {
  return event.streamId.slice(event.streamType.length + 1);
}
