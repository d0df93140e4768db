import type { Decider } from '../shared/decider';
import { decimalUnits, formatUnits } from '../shared/decimal';
import type { AidRequestCommand, AidRequestContext } from './aid.commands';
import { AidRequestAlreadyExistsError, AidRequestClosedError, AidRequestInAnotherPackageError, AidRequestNotFoundError, AidTotalMismatchError } from './aid.errors';
import type { AidRequestEvent } from './aid.events';

export type AidRequestState =
  | { status: 'unknown' }
  | { status: 'requested' | 'withdrawn' | 'superseded'; packageId: string | null };

function checkTotal(data: Extract<AidRequestCommand, { type: 'RequestAid' }>['data']): void {
  const { lines, total } = data;
  // Lines in other currencies than the total cannot be checked without a rate: only a total
  // whose lines all share its currency must add up.
  if (!lines.every((line) => line.amount.currency === total.currency)) return;
  const sum = lines.reduce((acc, line) => acc + decimalUnits(line.amount.amount), 0n);
  if (sum !== decimalUnits(total.amount)) throw new AidTotalMismatchError(total.amount, formatUnits(sum), total.currency);
}

export const aidRequestDecider: Decider<AidRequestCommand, AidRequestEvent, AidRequestState, AidRequestContext> = {
  initialState: { status: 'unknown' },

  decide(command, state, context) {
    if (command.type === 'RequestAid') {
      if (state.status !== 'unknown') throw new AidRequestAlreadyExistsError();
      checkTotal(command.data);
      return [{ type: 'AidRequested', data: command.data }];
    }
    if (state.status === 'unknown') throw new AidRequestNotFoundError();
    if (state.status !== 'requested') throw new AidRequestClosedError(state.status);
    switch (command.type) {
      case 'RecordPosition':
        return [{ type: 'PositionRecorded', data: command.data }];
      case 'WithdrawAidRequest':
        return [{ type: 'AidRequestWithdrawn', data: command.data }];
      case 'SupersedeAidRequest':
        return [{ type: 'AidRequestSuperseded', data: command.data }];
      case 'MarkAidRequestBundled': {
        const holder = state.packageId;
        if (holder === command.data.packageId) return [];
        if (holder !== null && context.activePackageIds.has(holder)) throw new AidRequestInAnotherPackageError(holder);
        return [{ type: 'AidRequestBundled', data: command.data }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'AidRequested') return { status: 'requested', packageId: null };
    if (state.status === 'unknown') return state;
    switch (event.type) {
      case 'AidRequestWithdrawn':
        return { ...state, status: 'withdrawn' };
      case 'AidRequestSuperseded':
        return { ...state, status: 'superseded' };
      case 'AidRequestBundled':
        return { ...state, packageId: event.data.packageId };
      default:
        return state;
    }
  },
};
