import { randomUUID } from 'node:crypto';
import { Batcher } from './batcher';
import type { Database } from './database.port';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventStore, NewEvent, StoredEvent, StreamWrite } from './event-store.port';
import { readEvents } from './event-reader';
import { IdempotencyKeyTakenError, type IdempotencyRecord } from './idempotency';
import { isTransientError } from './transient-error';

/** Channel notified, inside the appending transaction, whenever events are committed. */
export const EVENTS_APPENDED_CHANNEL = 'policy_ledger_events';

export interface AppendSettings {
  /** The most commands one append statement takes; more wait for the next one. */
  readonly maxBatch: number;
}

/** A command's writes waiting for the next append statement. */
interface PendingAppend {
  readonly writes: readonly StreamWrite[];
  readonly remember?: IdempotencyRecord;
}

interface Stream {
  version: number;
  events: StoredEvent[];
}

interface Outcome {
  readonly first: number | null;
  /** A stream not where a command expected it, or its idempotency key taken. */
  readonly conflicts: ({ cmd: number; stream_id: string; expected: number; current: number } | { cmd: number; idempotency_key: string })[];
}

const RETRIES_ON_DEADLOCK = 3;

/**
 * The event store on PostgreSQL (or PGlite). Appends go out in batches (a Batcher): the commands
 * that arrive while one append statement is in flight are sent together in the next, one round
 * trip and one commit for all of them (group commit), each accepted or refused on its own
 * (ledger_append, see its migration). Reads of whole streams are batched the same way.
 */
export class PostgresEventStore implements EventStore {
  /** Each command's results, or the conflict that refused it alone. */
  private readonly appends: Batcher<PendingAppend, AppendResult[] | Error>;
  private readonly reads: Batcher<string, Stream>;

  constructor(
    private readonly db: Database,
    settings: AppendSettings = { maxBatch: 256 },
  ) {
    this.appends = new Batcher(async (batch) => settle(batch, await this.send(batch.map(({ writes }) => writes), false, batch.map(({ remember }) => remember))), settings.maxBatch);
    this.reads = new Batcher(async (streamIds) => {
      const streams = await this.readStreams([...new Set(streamIds)]);
      return streamIds.map((streamId) => streams.get(streamId) ?? { version: 0, events: [] });
    }, settings.maxBatch);
  }

  /**
   * A stream's events. Reads of whole streams go out together too: those asked for while one read
   * is in flight are sent as one query in the next (many commands, one round trip).
   */
  async readStream(streamId: string, afterVersion = 0): Promise<Stream> {
    if (afterVersion > 0) {
      const events = await readEvents(this.db, { streamId, afterVersion });
      return { version: events.at(-1)?.version ?? afterVersion, events };
    }
    return this.reads.submit(streamId);
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, Stream>> {
    const streams = new Map(streamIds.map((streamId): [string, Stream] => [streamId, { version: 0, events: [] }]));
    if (streamIds.length === 0) return streams;
    for (const event of await readEvents(this.db, { streamIds })) {
      const stream = streams.get(event.streamId);
      if (!stream) continue;
      stream.events.push(event);
      stream.version = event.version;
    }
    return streams;
  }

  async append(streamId: string, streamType: string, expectedVersion: number, events: readonly NewEvent[]): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, streamType, expectedVersion, events }]);
    if (!result) throw new Error('append needs at least one event');
    return result;
  }

  async appendMany(writes: readonly StreamWrite[], remember?: IdempotencyRecord): Promise<AppendResult[]> {
    // A write without events checks that its stream is still at the expected version.
    const claims = writes.filter((write) => write.events.length > 0 || write.expectedVersion > 0);
    if (!claims.some((write) => write.events.length > 0)) return [];
    const answer = await this.appends.submit({ writes: claims, remember });
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return readEvents(this.db, { after, limit });
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.db.query<{ last_position: number }>('SELECT last_position FROM ledger_sequence');
    return rows[0]?.last_position ?? 0;
  }

  /**
   * Appends commands (each its writes) in one statement, all or none: a version conflict on any
   * refuses them all (VersionConflictError). For a bulk import, whose commands build on one another.
   * Answers each command's results, in order.
   */
  async appendAll(commands: readonly (readonly StreamWrite[])[]): Promise<AppendResult[][]> {
    const batch = commands.map((writes) => ({ writes: writes.filter((write) => write.events.length > 0 || write.expectedVersion > 0) }));
    let outcome: Outcome;
    try {
      outcome = await this.send(batch.map(({ writes }) => writes), true);
    } catch (error) {
      const conflict = conflictOf(error);
      throw conflict ? conflictError(conflict) : error;
    }
    return settle(batch, outcome).map((answer) => {
      if (answer instanceof Error) throw answer;
      return answer;
    });
  }

  /** One statement for the batch; a deadlock with another process's batch is tried again. */
  private async send(batch: readonly (readonly StreamWrite[])[], atomic = false, remembered: readonly (IdempotencyRecord | undefined)[] = []): Promise<Outcome> {
    const claims = batch.flatMap((writes, cmd) =>
      writes.map(({ streamId, streamType, expectedVersion, events }) => ({ cmd, stream_id: streamId, stream_type: streamType, expected: expectedVersion, count: events.length })),
    );
    let ordinal = 0;
    const events = batch.flatMap((writes, cmd) =>
      writes.flatMap(({ streamId, streamType, expectedVersion, events: news }) =>
        news.map((event, index) => toRecord(event, cmd, ++ordinal, streamId, streamType, expectedVersion + index + 1)),
      ),
    );
    const remember = remembered.flatMap((record, cmd) =>
      record
        ? [{ cmd, principal: record.principal, key: record.key, fingerprint: record.fingerprint, id: record.id, stream_id: record.streamId, version: record.version, location: record.location, ttl_seconds: record.ttlSeconds }]
        : [],
    );
    const args = [JSON.stringify(claims), JSON.stringify(events), atomic, JSON.stringify(remember)];
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.db.query<{ outcome: Outcome }>('SELECT ledger_append($1::jsonb, $2::jsonb, $3::boolean, $4::jsonb) AS outcome', args);
        const outcome = rows[0]?.outcome;
        if (!outcome) throw new Error('ledger_append answered nothing');
        return outcome;
      } catch (error) {
        if (!isTransientError(error) || attempt >= RETRIES_ON_DEADLOCK) throw error;
      }
    }
  }

}

/** Each accepted command learns its streams' new versions and the position of its last event; each refused one its conflict. */
function settle(batch: readonly PendingAppend[], outcome: Outcome): (AppendResult[] | Error)[] {
  const refused = new Map(outcome.conflicts.map((conflict) => [conflict.cmd, conflict]));
  let position = outcome.first ?? 0;
  return batch.map(({ writes }, cmd) => {
    const conflict = refused.get(cmd);
    if (conflict) return conflictError(conflict);
    position += writes.reduce((sum, write) => sum + write.events.length, 0);
    return writes.map(({ streamId, expectedVersion, events }) => ({ streamId, version: expectedVersion + events.length, position }));
  });
}

function conflictError(conflict: Outcome['conflicts'][number]): Error {
  return 'idempotency_key' in conflict ? new IdempotencyKeyTakenError(conflict.idempotency_key) : new VersionConflictError(conflict.stream_id, conflict.expected, conflict.current);
}

/** The conflict an atomic append was refused for (ledger_append raises SQLSTATE PL409 with it as JSON). */
function conflictOf(error: unknown): Outcome['conflicts'][number] | undefined {
  const { code, detail } = (error ?? {}) as { code?: unknown; detail?: unknown };
  if (code !== 'PL409' || typeof detail !== 'string') return undefined;
  return JSON.parse(detail) as Outcome['conflicts'][number];
}

function toRecord(event: NewEvent, cmd: number, ordinal: number, streamId: string, streamType: string, version: number) {
  return {
    cmd,
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
