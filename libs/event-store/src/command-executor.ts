import { eventCatalogue, type EventOf, type EventType, isEventOfStream, type StreamType } from '@policy-ledger/contracts';
import { type Evolver, fold, type StreamLoader, streamIdOf, type UseCase, type Write } from '@policy-ledger/domain';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventMetadata, EventStore, NewEvent, StreamWrite } from './event-store.port';

export interface CommandOptions {
  readonly metadata: EventMetadata;
  /** The version of the target stream the client last saw (If-Match): a mismatch is a conflict, not a retry. */
  readonly expectedVersion?: number;
}

export interface ExecutorSettings {
  /** How many streams' folded states are kept between commands (least recently used go first). */
  readonly cacheSize: number;
  /** How often an unpinned command is decided again after another writer got in between. */
  readonly maxAttempts: number;
}

/** A stream's state as its decider folded it, at a version. */
interface Cached {
  readonly version: number;
  readonly state: unknown;
}

/** A stream loaded for a command: where it was, and how it moves on by the events the command decided for it. */
interface Loaded {
  readonly streamType: StreamType;
  readonly version: number;
  readonly advance: (events: readonly EventOf<EventType>[]) => Cached;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The write path of every command: run its use case against the streams it reads (each folded by
 * its decider), then append every decided event, with an outbox row each, in one transaction at
 * the versions that were read.
 *
 * - Commands on one stream take turns in this process, so unpinned writers to a hot stream queue
 *   instead of failing on each other.
 * - A stream's folded state is kept (bounded LRU) with its version, so a command on a long stream
 *   reads nothing it has read before: the append itself checks that the version still holds.
 * - Another writer getting in between (another process, or a stream shared by two commands) is a
 *   version conflict: the command is decided again on the new state, a bounded number of times
 *   with a growing pause, unless the client pinned the version it saw (If-Match): then the
 *   conflict is its answer.
 */
export class CommandExecutor {
  private readonly cache = new Map<string, Cached>();
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly settings: ExecutorSettings = { cacheSize: 10_000, maxAttempts: 8 },
  ) {}

  /** Runs a command on the stream `id` names; answers where that stream stands after the append. */
  execute<Command>(useCase: UseCase<Command>, id: string, command: Command, options: CommandOptions): Promise<AppendResult> {
    const target = streamIdOf(useCase.streamType, id);
    return this.inTurn(target, () => this.decideAndAppend(useCase, id, command, target, options));
  }

  private async decideAndAppend<Command>(useCase: UseCase<Command>, id: string, command: Command, target: string, options: CommandOptions): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const loaded = new Map<string, Loaded>();
      try {
        const writes = await useCase.run(id, command, this.loader(target, options.expectedVersion, loaded));
        const written = new Set(writes.map(({ stream }) => stream.streamId));
        // Streams the decision read but does not write are checked at the version read: a decision
        // on a state that moved meanwhile (read from the cache, or raced) is a conflict, decided again.
        const checks = [...loaded].flatMap(([streamId, { streamType, version }]) => (written.has(streamId) || version === 0 ? [] : [{ streamId, streamType, expectedVersion: version, events: [] }]));
        const results = await this.store.appendMany([...writes.map((write) => toStreamWrite(write, options.metadata)), ...checks]);
        for (const { stream, events } of writes) {
          const advance = loaded.get(stream.streamId)?.advance;
          if (advance && events.length > 0) this.remember(stream.streamId, advance(events));
        }
        const result = results.find((candidate) => candidate.streamId === target);
        if (!result) throw new Error(`the command decided no event for ${target}`);
        return result;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        for (const streamId of loaded.keys()) this.cache.delete(streamId);
        if (options.expectedVersion !== undefined && error.streamId === target) throw error;
        if (attempt >= this.settings.maxAttempts) throw error;
        await sleep(Math.min(200, 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /**
   * Reads streams for one run of a use case, from the cache where it can. The pinned version of
   * the target is checked as it is read; a cached version that differs from it is read again first.
   */
  private loader(target: string, expectedVersion: number | undefined, loaded: Map<string, Loaded>): StreamLoader {
    return {
      load: async <State, S extends StreamType>(decider: Evolver<State, S>, id: string) => {
        const streamId = streamIdOf(decider.streamType, id);
        const pinned = streamId === target ? expectedVersion : undefined;
        const cached = this.cache.get(streamId);
        const { version, state } =
          cached && (pinned === undefined || pinned === cached.version)
            ? // The cache holds each stream's state as its own decider folded it (one decider per stream type).
              { version: cached.version, state: cached.state as State }
            : await this.read(decider, streamId);
        if (pinned !== undefined && pinned !== version) throw new VersionConflictError(streamId, pinned, version);
        const ofStream = (events: readonly EventOf<EventType>[]) => events.filter((event) => isEventOfStream(event, decider.streamType));
        loaded.set(streamId, { streamType: decider.streamType, version, advance: (events) => ({ version: version + events.length, state: ofStream(events).reduce(decider.evolve, state) }) });
        this.remember(streamId, { version, state });
        return { id, streamId, streamType: decider.streamType, version, state };
      },
    };
  }

  private async read<State, S extends StreamType>(decider: Evolver<State, S>, streamId: string): Promise<{ version: number; state: State }> {
    const { version, events } = await this.store.readStream(streamId);
    return { version, state: fold(decider, events.filter((event) => isEventOfStream(event, decider.streamType))) };
  }

  /** Keeps a stream's state (as read, or after an append), the least recently used going first beyond the bound. */
  private remember(streamId: string, cached: Cached): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, cached);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.settings.cacheSize) break;
      this.cache.delete(oldest);
    }
  }

  /** Runs `work` after the work queued on the same key, in this process. */
  private inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.catch(() => undefined);
    this.turns.set(key, settled);
    void settled.then(() => {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    });
    return mine;
  }
}

function toStreamWrite({ stream, events }: Write, metadata: EventMetadata): StreamWrite {
  return { streamId: stream.streamId, streamType: stream.streamType, expectedVersion: stream.version, events: events.map((event) => toNewEvent(event, metadata)) };
}

function toNewEvent(event: EventOf<EventType>, metadata: EventMetadata): NewEvent {
  const { occurredAt, reportedAt } = event.data;
  return { type: event.type, schemaVersion: eventCatalogue[event.type].schemaVersion, data: event.data, metadata, occurredAt, reportedAt };
}
