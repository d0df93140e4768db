import { type EventOf, type EventType, isEventOfStream, type StreamEvent, type StreamType } from '@policy-ledger/contracts';
import { type Decider, fold, type StreamLoader, streamIdOf, type UseCase } from '@policy-ledger/domain';

type Expected = Parameters<jest.Matchers<unknown>['toThrow']>[0];

function outcome<T>(decide: () => T) {
  return {
    /** The decided events (or writes), for assertions of their own. */
    decided: decide,
    /** The events (or writes) it decides; compared with toEqual. */
    then(expected: unknown): void {
      expect(decide()).toEqual(expected);
    },
    /** An error class, a message pattern, or `expect.objectContaining({ code, ... })`. */
    thenThrows(expected: Expected): void {
      expect(decide).toThrow(expected);
    },
  };
}

/** Given past events of a stream, when a command, then the decided events, or the error it throws. */
export function given<Command, State, S extends StreamType, Context>(decider: Decider<Command, State, S, Context>, past: readonly StreamEvent<S>[], context: Context) {
  return {
    when: (command: Command) => outcome(() => decider.decide(command, fold(decider, past), context)),
  };
}

/** Streams held in memory, by stream id: what a use case reads in a spec. */
export function inMemoryStreams(streams: Record<string, readonly EventOf<EventType>[]>): StreamLoader {
  return {
    async load(decider, id) {
      const streamId = streamIdOf(decider.streamType, id);
      const events = (streams[streamId] ?? []).filter((event) => isEventOfStream(event, decider.streamType));
      return { id, streamId, streamType: decider.streamType, version: events.length, state: fold(decider, events) };
    },
  };
}

/** Given streams, when a command's use case runs, then the events it writes per stream (or the error). */
export function givenStreams(streams: Record<string, readonly EventOf<EventType>[]>) {
  return {
    when<Command>(useCase: UseCase<Command>, id: string, command: Command) {
      const written = async () => (await useCase.run(id, command, inMemoryStreams(streams))).map(({ stream, events }) => ({ streamId: stream.streamId, version: stream.version, events }));
      return {
        decided: written,
        async then(expected: unknown): Promise<void> {
          expect(await written()).toEqual(expected);
        },
        async thenThrows(expected: Expected): Promise<void> {
          await expect(written()).rejects.toThrow(expected);
        },
      };
    },
  };
}
