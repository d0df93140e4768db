/**
 * The boundary where JSON becomes catalogue types: events read from the store or from Kafka, and
 * commands received over HTTP. Each is parsed by its schema here, and only here asserted to be the
 * type that schema gives (the two type assertions below; the parse is what makes them true).
 */
import type { z } from 'zod';
import { commandCatalogue, type CommandOf, type CommandType, type EventData, type EventType, eventCatalogue, isEventType } from './catalogue';

/** Who recorded an event, with which request, caused by which event. */
export interface EventMetadata {
  /** The name of the API key that recorded it. */
  readonly recordedBy: string;
  /** On whose behalf (the client's X-Recorded-By note), when it said. */
  readonly onBehalfOf?: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** The W3C trace context of the command that recorded it (when tracing is on): the relay and the projector continue its trace. */
  readonly traceparent?: string;
}

/** What the ledger adds to every event it stores. */
export interface EventEnvelope {
  /** Global position: gapless and in commit order. */
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamType: string;
  /** The event's version within its stream, from 1. */
  readonly version: number;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  /** ISO timestamp: when the ledger stored it. Monotonic with position. */
  readonly recordedAt: string;
}

/** An event as stored, before it is checked against the catalogue: any type, any data. */
export interface RawEvent extends EventEnvelope {
  readonly type: string;
  readonly data: unknown;
}

/** A stored event of a catalogue type, its data parsed at the current schema version. */
export type StoredEvent<T extends EventType = EventType> = T extends EventType ? EventEnvelope & { readonly type: T; readonly data: EventData<T> } : never;

/** A stored event that cannot be read: its type is not in the catalogue, or its data does not parse. */
export class UndecodableEventError extends Error {
  constructor(
    readonly position: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the event at position ${position} cannot be read: ${reason}`, options);
    this.name = 'UndecodableEventError';
  }
}

/**
 * The one way a stored event becomes a typed one: its data is upcast from its stored schema
 * version to the current one by the catalogue's upcasters, then parsed by the current schema.
 */
export function decodeEvent(raw: RawEvent): StoredEvent {
  if (!isEventType(raw.type)) throw new UndecodableEventError(raw.position, `the type ${raw.type} is not in the event catalogue`);
  const spec = eventCatalogue[raw.type];
  let data = raw.data;
  try {
    for (let version = raw.schemaVersion; version < spec.schemaVersion; version++) {
      const older = spec.older.find((candidate) => candidate.schemaVersion === version);
      if (!older) throw new Error(`no upcaster from schema version ${version} of ${raw.type}`);
      data = older.toNext(data);
    }
    if (raw.schemaVersion > spec.schemaVersion) throw new Error(`schema version ${raw.schemaVersion} of ${raw.type} is newer than this code knows (${spec.schemaVersion})`);
    data = spec.schema.parse(data);
  } catch (error) {
    throw new UndecodableEventError(raw.position, error instanceof Error ? error.message : String(error), { cause: error });
  }
  return { ...raw, schemaVersion: spec.schemaVersion, data } as StoredEvent;
}

/** A command's data parsed by its schema: the command, or every issue found. */
export function decodeCommand<K extends CommandType>(type: K, data: unknown): { success: true; command: CommandOf<K> } | { success: false; error: z.ZodError } {
  const parsed = commandCatalogue[type].schema.safeParse(data);
  if (!parsed.success) return { success: false, error: parsed.error };
  return { success: true, command: { type, data: parsed.data } as CommandOf<K> };
}
