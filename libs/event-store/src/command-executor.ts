import { eventCatalogue, type EventOf, type EventType, isEventOfStream, type StreamType } from '@policy-ledger/contracts';
import { DomainError, type Evolver, fold, type StreamLoader, streamIdOf, type UseCase, type Write } from '@policy-ledger/domain';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventMetadata, EventStore, NewEvent, StoredEvent, StreamWrite } from './event-store.port';
import type { IdempotencyRecord } from './idempotency';
import { endFailed, inSpan, traceparentOf, tracer } from './trace-context';

export interface CommandOptions {
  readonly metadata: EventMetadata;
  /** The version of the target stream the client last saw (If-Match): a mismatch is a conflict, not a retry. */
  readonly expectedVersion?: number;
  /** The request's Idempotency-Key, to remember with its answer in the same transaction as its events. */
  readonly idempotency?: Omit<IdempotencyRecord, 'streamId' | 'version'>;
}

export interface ExecutorSettings {
  /** How many streams' folded states are kept between commands (least recently used go first). */
  readonly cacheSize: number;
  /** How often an unpinned command is decided again after another writer got in between. */
  readonly maxAttempts: number;
}

/** What the executor reports, for metrics (libs/observability implements it). */
export interface CommandObserver {
  /** How long one command's append took, from handing its events to the store to the commit. */
  recordAppend(seconds: number): void;
}

/** A stream's state as its decider folded it, at a version. */
interface Cached {
  readonly version: number;
  readonly state: unknown;
}

/** A command on its way: its use case, the stream it targets (`id`), the command, the request's options. */
export interface CommandRun<Command> {
  readonly useCase: UseCase<Command>;
  readonly id: string;
  readonly command: Command;
  readonly options: CommandOptions;
}

/** One command of a bulk import: where its stream stands after it, or why it was refused. */
export type ImportResult = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

/** Where a use case's loader finds streams besides the cache and the store. */
interface Source {
  /** States an import's chunk decided but has not appended yet. */
  readonly overlay?: Map<string, Cached>;
  /** States the chunk before it decided, being appended meanwhile (read after `overlay`). */
  readonly inFlight?: ReadonlyMap<string, Cached>;
  /** Streams read ahead, in one query. */
  readonly prefetched?: ReadonlyMap<string, { version: number; events: StoredEvent[] }>;
}

/** What a command decided: the writes to append, and the state of each written stream after them. */
interface Decided {
  readonly writes: StreamWrite[];
  readonly after: readonly (readonly [string, Cached])[];
}

/** One command of an import's chunk, decided: its writes (on `target`), or its refusal. */
type Outcome = ImportResult | { readonly target: string; readonly decided: Decided };

/** A chunk of an import, decided: the states it leaves, and each command's outcome. */
interface DecidedChunk {
  readonly overlay: ReadonlyMap<string, Cached>;
  readonly outcomes: readonly Outcome[];
}

/** A stream loaded for a command: where it was, and how it moves on by the events the command decided for it. */
interface Loaded {
  readonly streamType: StreamType;
  readonly version: number;
  readonly advance: (events: readonly EventOf<EventType>[]) => Cached;
}

/** A refusal the client is answered with (a rule, a conflict), not a failure of the server. */
const isAnswer = (error: unknown) => error instanceof DomainError || error instanceof VersionConflictError;

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
    private readonly observer?: CommandObserver,
  ) {}

  /**
   * Runs a command on the stream `id` names; answers where that stream stands after the append.
   * Traced as `command <type>` (decide and append inside it); its trace context goes into each
   * event's metadata (`traceparent`), so the relay and the projector continue the same trace.
   */
  execute<Command>(useCase: UseCase<Command>, id: string, command: Command, options: CommandOptions): Promise<AppendResult> {
    const target = streamIdOf(useCase.streamType, id);
    const type = (command as { type?: unknown }).type;
    const name = typeof type === 'string' ? type : 'command';
    return tracer.startActiveSpan(`command ${name}`, { attributes: { 'policy_ledger.command': name, 'policy_ledger.stream_id': target } }, (span) => {
      const traceparent = traceparentOf(span.spanContext());
      const traced = traceparent ? { ...options, metadata: { ...options.metadata, traceparent } } : options;
      return this.inTurn(target, () => this.decideAndAppend(useCase, id, command, target, traced)).then(
        (result) => {
          span.setAttribute('policy_ledger.position', result.position);
          span.end();
          return result;
        },
        (error: unknown) => {
          endFailed(span, error, isAnswer(error));
          throw error;
        },
      );
    });
  }

  private async decideAndAppend<Command>(useCase: UseCase<Command>, id: string, command: Command, target: string, options: CommandOptions): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const loaded = new Map<string, Loaded>();
      try {
        const decided = await inSpan('decide', { 'policy_ledger.attempt': attempt }, () => this.decide({ useCase, id, command, options }, target, loaded), isAnswer);
        const started = performance.now();
        const results = await inSpan('append', { 'policy_ledger.streams': decided.writes.length }, () => this.store.appendMany(decided.writes, remembered(options, decided.writes, target)), isAnswer);
        this.observer?.recordAppend((performance.now() - started) / 1000);
        for (const [streamId, cached] of decided.after) this.remember(streamId, cached);
        return resultFor(results, target);
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
   * Runs a use case: the writes to append (the streams it read but does not write are checked at
   * the version read: a decision on a state that moved meanwhile is a conflict, decided again) and
   * the state of each written stream after them.
   */
  private async decide<Command>(run: CommandRun<Command>, target: string, loaded: Map<string, Loaded>, source?: Source): Promise<Decided> {
    const writes = await run.useCase.run(run.id, run.command, this.loader(target, run.options.expectedVersion, loaded, source));
    const written = new Set(writes.map(({ stream }) => stream.streamId));
    const checks = [...loaded].flatMap(([streamId, { streamType, version }]) => (written.has(streamId) || version === 0 ? [] : [{ streamId, streamType, expectedVersion: version, events: [] }]));
    const after = writes.flatMap(({ stream, events }) => {
      const advance = loaded.get(stream.streamId)?.advance;
      return advance && events.length > 0 ? [[stream.streamId, advance(events)] as const] : [];
    });
    return { writes: [...writes.map((write) => toStreamWrite(write, run.options.metadata)), ...checks], after };
  }

  /**
   * A bulk import: commands decided one after another, each on the state the ones before it left
   * (kept in memory), and appended in large all-or-nothing transactions, one per chunk. A command
   * refused by a rule (or a pinned version) gets its error and the import goes on; if another
   * writer got in between, the chunk is decided again on the new state. Pipelined: the next chunk
   * is taken from `chunks` and decided while the one before is appended (on its decisions, not
   * yet stored), so deciding and storing overlap. `onChunk` hears each chunk's results, in order,
   * once it is stored.
   */
  async importAll(chunks: Iterable<readonly CommandRun<unknown>[]>, onChunk: (results: ImportResult[]) => void | Promise<void>): Promise<void> {
    let inFlight: { chunk: readonly CommandRun<unknown>[]; decided: DecidedChunk; stored: Promise<ImportResult[] | { failed: unknown }> } | undefined;
    /** Waits for the chunk being appended and reports it; true when it had to be decided again. */
    const settle = async (): Promise<boolean> => {
      if (!inFlight) return false;
      const { chunk, stored } = inFlight;
      inFlight = undefined;
      const outcome = await stored;
      await onChunk('failed' in outcome ? await this.storeChunk(chunk, outcome.failed) : outcome);
      return 'failed' in outcome;
    };
    try {
      for (const chunk of chunks) {
        let decided = await this.decideChunk(chunk, inFlight?.decided.overlay);
        // Decided on a chunk that had to be decided again (another writer got in between): its
        // versions are stale and its append would be refused, so it is decided again at once.
        if (await settle()) decided = await this.decideChunk(chunk);
        inFlight = { chunk, decided, stored: this.appendChunk(decided).catch((failed: unknown) => ({ failed })) };
      }
    } catch (error) {
      // What was being appended is stored or not: either way it is answered before the failure.
      await settle().catch(() => undefined);
      throw error;
    }
    await settle();
  }

  /**
   * A chunk whose append failed: a version conflict (another writer got in between) decides it
   * again on the streams as stored, a bounded number of times; any other failure ends the import.
   */
  private async storeChunk(chunk: readonly CommandRun<unknown>[], failed: unknown): Promise<ImportResult[]> {
    for (let attempt = 1; ; attempt++) {
      if (!(failed instanceof VersionConflictError) || attempt >= this.settings.maxAttempts) throw failed;
      this.cache.delete(failed.streamId);
      try {
        return await this.appendChunk(await this.decideChunk(chunk));
      } catch (error) {
        failed = error;
      }
    }
  }

  /** Decides a chunk's commands in order, on the states `inFlight` (a chunk being appended) and the chunk's own commands leave. */
  private async decideChunk(chunk: readonly CommandRun<unknown>[], inFlight?: ReadonlyMap<string, Cached>): Promise<DecidedChunk> {
    const overlay = new Map<string, Cached>();
    const unknown = chunk.map((run) => streamIdOf(run.useCase.streamType, run.id)).filter((streamId) => !inFlight?.has(streamId) && !this.cache.has(streamId));
    const prefetched = await this.store.readStreams(unknown);
    const outcomes: Outcome[] = [];
    for (const run of chunk) {
      const target = streamIdOf(run.useCase.streamType, run.id);
      try {
        const decided = await this.decide(run, target, new Map(), { overlay, inFlight, prefetched });
        for (const [streamId, cached] of decided.after) overlay.set(streamId, cached);
        outcomes.push({ target, decided });
      } catch (error) {
        // A rule, or a pinned version: this command's answer. Anything else stops the import.
        if (!isAnswer(error)) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return { overlay, outcomes };
  }

  /** Appends a decided chunk in one transaction; once stored, its states are remembered. A conflict drops them. */
  private async appendChunk({ overlay, outcomes }: DecidedChunk): Promise<ImportResult[]> {
    const accepted = outcomes.flatMap((outcome) => ('decided' in outcome ? [outcome] : []));
    try {
      const appended = accepted.length > 0 ? await this.store.appendAll(accepted.map(({ decided }) => decided.writes)) : [];
      for (const [streamId, cached] of overlay) this.remember(streamId, cached);
      let next = 0;
      return outcomes.map((outcome) => ('decided' in outcome ? { ok: true, result: resultFor(appended[next++] ?? [], outcome.target) } : outcome));
    } catch (error) {
      for (const streamId of overlay.keys()) this.cache.delete(streamId);
      throw error;
    }
  }

  /**
   * Reads streams for one run of a use case: from `overlay` (what an import decided but has not
   * appended yet), else the cache, else `prefetched` events, else the store. The pinned version of
   * the target is checked as it is read; a cached version that differs from it is read again first.
   */
  private loader(target: string, expectedVersion: number | undefined, loaded: Map<string, Loaded>, source: Source = {}): StreamLoader {
    return {
      load: async <State, S extends StreamType>(decider: Evolver<State, S>, id: string) => {
        const streamId = streamIdOf(decider.streamType, id);
        const pinned = streamId === target ? expectedVersion : undefined;
        const known = source.overlay?.get(streamId) ?? source.inFlight?.get(streamId) ?? this.cache.get(streamId);
        const prefetched = source.prefetched?.get(streamId);
        const { version, state } =
          known && (pinned === undefined || pinned === known.version)
            ? // Each stream's state as its own decider folded it (one decider per stream type).
              { version: known.version, state: known.state as State }
            : prefetched
              ? { version: prefetched.version, state: fold(decider, prefetched.events.filter((event) => isEventOfStream(event, decider.streamType))) }
              : await this.read(decider, streamId);
        if (pinned !== undefined && pinned !== version) throw new VersionConflictError(streamId, pinned, version);
        const ofStream = (events: readonly EventOf<EventType>[]) => events.filter((event) => isEventOfStream(event, decider.streamType));
        loaded.set(streamId, { streamType: decider.streamType, version, advance: (events) => ({ version: version + events.length, state: ofStream(events).reduce(decider.evolve, state) }) });
        if (!source.overlay) this.remember(streamId, { version, state });
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

/** The Idempotency-Key record of a command, with where its target stream will stand. */
function remembered(options: CommandOptions, writes: readonly StreamWrite[], target: string): IdempotencyRecord | undefined {
  const write = writes.find((candidate) => candidate.streamId === target);
  if (!options.idempotency || !write) return undefined;
  return { ...options.idempotency, streamId: target, version: write.expectedVersion + write.events.length };
}

function resultFor(results: readonly AppendResult[], target: string): AppendResult {
  const result = results.find((candidate) => candidate.streamId === target);
  if (!result) throw new Error(`the command decided no event for ${target}`);
  return result;
}

function toStreamWrite({ stream, events }: Write, metadata: EventMetadata): StreamWrite {
  return { streamId: stream.streamId, streamType: stream.streamType, expectedVersion: stream.version, events: events.map((event) => toNewEvent(event, metadata)) };
}

function toNewEvent(event: EventOf<EventType>, metadata: EventMetadata): NewEvent {
  const { occurredAt, reportedAt } = event.data;
  return { type: event.type, schemaVersion: eventCatalogue[event.type].schemaVersion, data: event.data, metadata, occurredAt, reportedAt };
}
