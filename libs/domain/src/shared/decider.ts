/**
 * The Decider pattern: an aggregate is a pure function of its past events.
 * `decide` turns a command into new events (or throws a DomainError), `evolve` folds one event
 * into the state. Lookups across aggregates come in as `context`.
 */
export interface Decider<Command, Event, State, Context = void> {
  readonly initialState: State;
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<Event, State>(decider: Pick<Decider<never, Event, State, never>, 'evolve' | 'initialState'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}
