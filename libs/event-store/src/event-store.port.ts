import type { OccurredAt } from '@policy-ledger/contracts';

export interface EventMetadata {
  readonly recordedBy: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export interface NewEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly occurredAt?: OccurredAt;
  readonly reportedAt?: string;
}

export interface StoredEvent {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** ISO timestamp: when the ledger stored it. Monotonic with position. */
  readonly recordedAt: string;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  /** The global position of the last event appended. */
  readonly position: number;
}

/** Events for one stream, appended only if the stream is at expectedVersion (0: must not exist). */
export interface StreamWrite {
  readonly streamId: string;
  readonly streamType: string;
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
}

export interface EventStore {
  readStream(streamId: string): Promise<{ version: number; events: StoredEvent[] }>;
  /** expectedVersion 0 means the stream must not exist yet. */
  append(streamId: string, streamType: string, expectedVersion: number, events: readonly NewEvent[]): Promise<AppendResult>;
  /** Appends to several streams in one transaction: all or nothing, each at its expected version. */
  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]>;
  readAll(after: number, limit: number): Promise<StoredEvent[]>;
  /** Which of these stream ids hold events. */
  existingStreams(streamIds: readonly string[]): Promise<Set<string>>;
  headPosition(): Promise<number>;
}
