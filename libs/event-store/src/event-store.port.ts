import type { EventMetadata, OccurredAt, StoredEvent } from '@policy-ledger/contracts';
import type { IdempotencyRecord } from './idempotency';

export type { EventMetadata, StoredEvent };

/** An event to append, at its current schema version. */
export interface NewEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly occurredAt?: OccurredAt;
  readonly reportedAt?: string;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  /** The global position of the last event appended. */
  readonly position: number;
}

/**
 * Events for one stream, appended only if the stream is at expectedVersion (0: must not exist).
 * Without events, a write only checks that the stream is (still) at expectedVersion.
 */
export interface StreamWrite {
  readonly streamId: string;
  readonly streamType: string;
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
}

export interface EventStore {
  /**
   * A stream's events, read through the catalogue (typed, at their current schema version); with
   * `afterVersion`, only those after it (the version answered is then at least `afterVersion`).
   */
  readStream(streamId: string, afterVersion?: number): Promise<{ version: number; events: StoredEvent[] }>;
  /** expectedVersion 0 means the stream must not exist yet. */
  append(streamId: string, streamType: string, expectedVersion: number, events: readonly NewEvent[]): Promise<AppendResult>;
  /** Several streams' events, read through the catalogue, in one query; a stream with none is at version 0. */
  readStreams(streamIds: readonly string[]): Promise<Map<string, { version: number; events: StoredEvent[] }>>;
  /**
   * Appends to several streams in one transaction: all or nothing, each at its expected version (a
   * version conflict otherwise); with `remember`, the request's Idempotency-Key and answer too, in
   * the same transaction (IdempotencyKeyTakenError when the key was taken first).
   */
  appendMany(writes: readonly StreamWrite[], remember?: IdempotencyRecord): Promise<AppendResult[]>;
  /** Appends many commands (each its writes) in one transaction, all or none (a version conflict otherwise). */
  appendAll(commands: readonly (readonly StreamWrite[])[]): Promise<AppendResult[][]>;
  /** Events after a global position, read through the catalogue. */
  readAll(after: number, limit: number): Promise<StoredEvent[]>;
  headPosition(): Promise<number>;
}
