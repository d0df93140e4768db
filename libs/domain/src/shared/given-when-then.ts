import type { Decider } from './decider';
import { fold } from './decider';

/** given past events, when a command, then the decided events (or the error it throws). */
export function given<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>, past: readonly E[], context: Ctx) {
  return {
    when: (command: C) => () => decider.decide(command, fold(decider, past), context),
  };
}
