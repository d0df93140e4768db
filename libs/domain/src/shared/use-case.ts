import type { EventOf, EventType, StreamType } from '@policy-ledger/contracts';
import type { Decider, Evolver } from './decider';

/** A stream as a use case read it: its state, folded by its decider, and the version it is at. */
export interface Loaded<State> {
  /** The entity id, as the command or a use case named it. */
  readonly id: string;
  readonly streamId: string;
  readonly streamType: StreamType;
  readonly version: number;
  readonly state: State;
}

/**
 * The port a use case reads through: a stream's events folded by its decider. The executor
 * behind it (libs/event-store) reads the event store, checks the version a client pinned, and
 * appends what the use case decides at the versions it read.
 */
export interface StreamLoader {
  load<State, S extends StreamType>(decider: Evolver<State, S>, id: string): Promise<Loaded<State>>;
}

/** New events for a stream, to be appended at the version it was loaded at. */
export interface Write {
  readonly stream: Loaded<unknown>;
  readonly events: readonly EventOf<EventType>[];
}

/**
 * One command's decision, from reading the streams it needs to the events for each. `streamType`
 * is the type of the stream the command targets (named by `id`); that stream's write comes first.
 * A use case is pure but for the loader: no clock, no ids, no IO of its own.
 */
export interface UseCase<Command> {
  readonly streamType: StreamType;
  run(id: string, command: Command, streams: StreamLoader): Promise<Write[]>;
}

/** The use case of a command that one stream decides alone. */
export function onStream<Command, State, S extends StreamType, Context>(decider: Decider<Command, State, S, Context>, context: Context): UseCase<Command> {
  return {
    streamType: decider.streamType,
    async run(id, command, streams) {
      const stream = await streams.load(decider, id);
      return [{ stream, events: decider.decide(command, stream.state, context) }];
    },
  };
}


