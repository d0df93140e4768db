import { eventCatalogue, isEventType, type OccurredAt } from '@policy-ledger/contracts';
import { type Decider, fold } from '@policy-ledger/domain';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventMetadata, EventStore, NewEvent, StoredEvent } from './event-store.port';

export interface CommandTarget {
  readonly streamId: string;
  readonly streamType: string;
}

interface DomainEventShape {
  readonly type: string;
  readonly data: unknown;
}

/** One command decided against one stream; `decide` folds the stream's events and decides. */
export interface Decision {
  readonly target: CommandTarget;
  /** The version the client last saw (If-Match); a mismatch is a conflict, not a retry. */
  readonly expectedVersion?: number;
  /** The stream as the caller already read it, to decide on without reading it again. */
  readonly loaded?: { readonly version: number; readonly events: readonly StoredEvent[] };
  decide(events: readonly StoredEvent[]): readonly DomainEventShape[];
}

export function decision<Command, Event extends DomainEventShape, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  target: CommandTarget,
  command: Command,
  context: Context,
  expectedVersion?: number,
  loaded?: Decision['loaded'],
): Decision {
  return {
    target,
    expectedVersion,
    loaded,
    decide: (events) => decider.decide(command, fold(decider, events as unknown as Event[]), context),
  };
}

const RETRIES_ON_RACE = 3;

/**
 * The whole write path: load each stream, fold it into state, decide, and append every decided
 * event in one transaction at the versions that were read. Returns one result per stream written,
 * the first decision's first.
 */
export async function decideAndAppend(store: EventStore, decisions: readonly Decision[], metadata: EventMetadata): Promise<AppendResult[]> {
  const loaded = await Promise.all(decisions.map((d) => d.loaded ?? store.readStream(d.target.streamId)));
  const writes = decisions.map((d, index) => {
    const { version, events } = loaded[index] ?? { version: 0, events: [] };
    if (d.expectedVersion !== undefined && d.expectedVersion !== version) {
      throw new VersionConflictError(d.target.streamId, d.expectedVersion, version);
    }
    return { ...d.target, expectedVersion: version, events: d.decide(events).map((event) => toNewEvent(event, metadata)) };
  });
  return store.appendMany(writes);
}

/**
 * Runs `work` again when another writer got in between the read and the append, unless the
 * client pinned the version it saw (If-Match): then the conflict is its answer.
 */
export async function retryOnRace<T>(pinned: boolean, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || pinned || attempt >= RETRIES_ON_RACE) throw error;
    }
  }
}

export interface CommandOptions<Context> {
  readonly expectedVersion?: number;
  readonly metadata: EventMetadata;
  readonly context: Context;
}

/** One command on one stream. */
export async function handleCommand<Command, Event extends DomainEventShape, State, Context>(
  store: EventStore,
  decider: Decider<Command, Event, State, Context>,
  target: CommandTarget,
  command: Command,
  options: CommandOptions<Context>,
): Promise<AppendResult> {
  return retryOnRace(options.expectedVersion !== undefined, async () => {
    const [result] = await decideAndAppend(store, [decision(decider, target, command, options.context, options.expectedVersion)], options.metadata);
    if (!result) throw new Error(`the command decided no event for ${target.streamId}`);
    return result;
  });
}

function toNewEvent(event: DomainEventShape, metadata: EventMetadata): NewEvent {
  if (!isEventType(event.type)) throw new Error(`event type ${event.type} is not in the contracts catalogue`);
  const data = event.data as { occurredAt?: OccurredAt; reportedAt?: string };
  return {
    type: event.type,
    schemaVersion: eventCatalogue[event.type].schemaVersion,
    data: event.data,
    metadata,
    occurredAt: data.occurredAt,
    reportedAt: data.reportedAt,
  };
}
