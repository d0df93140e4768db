import { eventCatalogue, isEventType, type OccurredAt } from '@policy-ledger/contracts';
import { type Decider, fold } from '@policy-ledger/domain';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventMetadata, EventStore } from './event-store.port';

export interface CommandTarget {
  readonly streamId: string;
  readonly streamType: string;
}

export interface CommandOptions<Context> {
  /** The version the client last saw (If-Match). Without it the command is decided again on a race. */
  readonly expectedVersion?: number;
  readonly metadata: EventMetadata;
  readonly context: Context;
}

const RETRIES_ON_RACE = 3;

interface DomainEventShape {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The whole write path: load the stream, fold it into state, decide, append with the version
 * that was read. A race with another writer is decided again against the new state, unless the
 * client pinned the version it saw, in which case the conflict is its answer.
 */
export async function handleCommand<Command, Event extends DomainEventShape, State, Context>(
  store: EventStore,
  decider: Decider<Command, Event, State, Context>,
  target: CommandTarget,
  command: Command,
  options: CommandOptions<Context>,
): Promise<AppendResult> {
  for (let attempt = 1; ; attempt++) {
    const { version, events } = await store.readStream(target.streamId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new VersionConflictError(target.streamId, options.expectedVersion, version);
    }
    const state = fold(decider, events as unknown as Event[]);
    const decided = decider.decide(command, state, options.context);
    try {
      return await store.append(
        target.streamId,
        target.streamType,
        version,
        decided.map((event) => toNewEvent(event, options.metadata)),
      );
    } catch (error) {
      const canRetry = error instanceof VersionConflictError && options.expectedVersion === undefined && attempt < RETRIES_ON_RACE;
      if (!canRetry) throw error;
    }
  }
}

function toNewEvent(event: DomainEventShape, metadata: EventMetadata) {
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
