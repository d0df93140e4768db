import { eventCatalogue, type EventOf, type EventType, isEventOfStream } from '@policy-ledger/contracts';
import { fold, type StreamLoader, streamIdOf, type UseCase, type Write } from '@policy-ledger/domain';
import { VersionConflictError } from './event-store.errors';
import type { AppendResult, EventMetadata, EventStore, NewEvent, StreamWrite } from './event-store.port';

export interface CommandOptions {
  readonly metadata: EventMetadata;
  /** The version of the target stream the client last saw (If-Match): a mismatch is a conflict, not a retry. */
  readonly expectedVersion?: number;
}

const RETRIES_ON_RACE = 3;

/**
 * The write path of every command: run its use case against the streams it reads (each folded by
 * its decider), then append every decided event, with an outbox row each, in one transaction at
 * the versions that were read. Another writer getting in between is a version conflict: the whole
 * command is decided again on the new state, unless the client pinned the version it saw.
 */
export class CommandExecutor {
  constructor(private readonly store: EventStore) {}

  /** Runs a command on the stream `id` names; answers where that stream stands after the append. */
  async execute<Command>(useCase: UseCase<Command>, id: string, command: Command, options: CommandOptions): Promise<AppendResult> {
    const target = streamIdOf(useCase.streamType, id);
    for (let attempt = 1; ; attempt++) {
      try {
        const writes = await useCase.run(id, command, this.loader(target, options.expectedVersion));
        const results = await this.store.appendMany(writes.map((write) => toStreamWrite(write, options.metadata)));
        const result = results.find((candidate) => candidate.streamId === target);
        if (!result) throw new Error(`the command decided no event for ${target}`);
        return result;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || options.expectedVersion !== undefined || attempt >= RETRIES_ON_RACE) throw error;
      }
    }
  }

  /** Reads streams for one run of a use case; the pinned version of the target is checked as it is read. */
  private loader(target: string, expectedVersion: number | undefined): StreamLoader {
    return {
      load: async (decider, id) => {
        const streamId = streamIdOf(decider.streamType, id);
        const { version, events } = await this.store.readStream(streamId);
        if (streamId === target && expectedVersion !== undefined && expectedVersion !== version) {
          throw new VersionConflictError(streamId, expectedVersion, version);
        }
        const state = fold(decider, events.filter((event) => isEventOfStream(event, decider.streamType)));
        return { id, streamId, streamType: decider.streamType, version, state };
      },
    };
  }
}

function toStreamWrite({ stream, events }: Write, metadata: EventMetadata): StreamWrite {
  return { streamId: stream.streamId, streamType: stream.streamType, expectedVersion: stream.version, events: events.map((event) => toNewEvent(event, metadata)) };
}

function toNewEvent(event: EventOf<EventType>, metadata: EventMetadata): NewEvent {
  const { occurredAt, reportedAt } = event.data;
  return { type: event.type, schemaVersion: eventCatalogue[event.type].schemaVersion, data: event.data, metadata, occurredAt, reportedAt };
}

