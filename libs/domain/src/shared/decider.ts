import type { StreamEvent, StreamType } from '@policy-ledger/contracts';

/**
 * The Decider pattern: an aggregate is a pure function of its past events. `decide` turns a
 * command into new events of its stream (or throws a DomainError), `evolve` folds one event into
 * the state. What it must know of other aggregates comes in as `context`, computed by a use case.
 */
export interface Decider<Command, State, S extends StreamType, Context = void> {
  readonly streamType: S;
  readonly initialState: State;
  decide(command: Command, state: State, context: Context): StreamEvent<S>[];
  evolve(state: State, event: StreamEvent<S>): State;
}

/** What folding a stream needs of a decider. */
export type Evolver<State, S extends StreamType> = Pick<Decider<never, State, S, never>, 'streamType' | 'initialState' | 'evolve'>;

export function fold<State, S extends StreamType>(decider: Evolver<State, S>, events: readonly StreamEvent<S>[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Stream ids are `<stream type>-<entity id>`, e.g. `shipment-kp-ru-2023-09`. */
export function streamIdOf(streamType: StreamType, entityId: string): string {
  return `${streamType}-${entityId}`;
}
