import type { Decider } from '../shared/decider';
import { decimalUnits, formatUnits } from '../shared/decimal';
import type { AidRequestCommand } from './aid.commands';
import { AidRequestAlreadyExistsError, AidTotalMismatchError } from './aid.errors';
import type { AidRequestEvent } from './aid.events';

export type AidRequestState = { status: 'unknown' } | { status: 'requested' };

export const aidRequestDecider: Decider<AidRequestCommand, AidRequestEvent, AidRequestState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    switch (command.type) {
      case 'RequestAid': {
        if (state.status !== 'unknown') throw new AidRequestAlreadyExistsError();
        const { lines, total } = command.data;
        // Lines in other currencies than the total cannot be checked without a rate: only a
        // total whose lines all share its currency must add up.
        if (lines.every((line) => line.amount.currency === total.currency)) {
          const sum = lines.reduce((acc, line) => acc + decimalUnits(line.amount.amount), 0n);
          if (sum !== decimalUnits(total.amount)) {
            throw new AidTotalMismatchError(total.amount, formatUnits(sum), total.currency);
          }
        }
        return [{ type: 'AidRequested', data: command.data }];
      }
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'AidRequested':
        return { status: 'requested' };
    }
  },
};
