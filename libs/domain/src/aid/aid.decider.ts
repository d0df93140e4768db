import type { CommandData, CommandOf, EventData } from '@policy-ledger/contracts';
import type { Decider } from '../shared/decider';
import { isExact } from '../shared/amounts';
import { decimalUnits, formatUnits } from '../shared/decimal';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../shared/domain.errors';
import { onStream, type StreamLoader, type UseCase } from '../shared/use-case';

export type AidRequestCommand =
  | CommandOf<'RequestAid' | 'RecordPosition' | 'WithdrawAidRequest' | 'AmendAidRequest'>
  /** Decided on the old request when a new request names it in `supersedes`. */
  | { type: 'SupersedeAidRequest'; data: EventData<'AidRequestSuperseded'> }
  /** Decided on each request a package bundles, together with the package's own event. */
  | { type: 'MarkAidRequestBundled'; data: EventData<'AidRequestBundled'> };

/** What the aid request decider must know of other aggregates. */
export interface AidRequestContext {
  /** Packages (among those the request's state names) that still hold their requests. */
  readonly activePackageIds: ReadonlySet<string>;
}

const noContext: AidRequestContext = { activePackageIds: new Set() };

export type AidRequestState =
  | { status: 'unknown' }
  | { status: 'requested' | 'withdrawn' | 'superseded'; packageId: string | null };

const alreadyExists = () => new AlreadyExistsError('aid-request.already-exists', 'an aid request with this id already exists');
const notFound = () => new NotFoundError('aid-request.not-found', 'no aid request with this id has been recorded');

export class AidTotalMismatchError extends RuleViolatedError {
  constructor(total: string, sumOfLines: string, currency: string) {
    super('aid-request.total-mismatch', `the total (${total} ${currency}) must equal the sum of the line items (${sumOfLines} ${currency})`, {
      total,
      sumOfLines,
      currency,
    });
  }
}

export class AidRequestClosedError extends RuleViolatedError {
  constructor(status: string) {
    super('aid-request.closed', `the aid request is ${status}: it takes no positions, amendment, withdrawal, supersession or bundling`, { requestStatus: status });
  }
}

export class AidRequestInAnotherPackageError extends RuleViolatedError {
  constructor(packageId: string) {
    super('aid-request.in-another-package', `an aid request sits in at most one active package; it is in "${packageId}"`, { packageId });
  }
}

export class SupersedesUnknownError extends RuleViolatedError {
  constructor(supersedes: string) {
    super('aid-request.supersedes-unknown', `the aid request "${supersedes}" it supersedes is not in the ledger`, { supersedes });
  }
}

function checkTotal({ lines, total }: Pick<CommandData<'RequestAid'>, 'lines' | 'total'>): void {
  // Lines in other currencies than the total cannot be checked without a rate, nor approximate
  // figures ("about $33 billion"): only an exact total whose lines are all exact and share its
  // currency must add up.
  if (!isExact(total) || !lines.every((line) => line.amount.currency === total.currency && isExact(line.amount))) return;
  const sum = lines.reduce((acc, line) => acc + decimalUnits(line.amount.amount), 0n);
  if (sum !== decimalUnits(total.amount)) throw new AidTotalMismatchError(total.amount, formatUnits(sum), total.currency);
}

export const aidRequestDecider: Decider<AidRequestCommand, AidRequestState, 'aid-request', AidRequestContext> = {
  streamType: 'aid-request',
  initialState: { status: 'unknown' },

  decide(command, state, context) {
    if (command.type === 'RequestAid') {
      if (state.status !== 'unknown') throw alreadyExists();
      checkTotal(command.data);
      return [{ type: 'AidRequested', data: command.data }];
    }
    if (state.status === 'unknown') throw notFound();
    if (state.status !== 'requested') throw new AidRequestClosedError(state.status);
    switch (command.type) {
      case 'RecordPosition':
        return [{ type: 'PositionRecorded', data: command.data }];
      case 'WithdrawAidRequest':
        return [{ type: 'AidRequestWithdrawn', data: command.data }];
      case 'AmendAidRequest':
        checkTotal(command.data);
        return [{ type: 'AidRequestAmended', data: command.data }];
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

const onRequest = onStream(aidRequestDecider, noContext);

/**
 * A request that supersedes another closes the old one in the same transaction: AidRequested on
 * the new stream, AidRequestSuperseded on the old (whose positions then carry over to the new).
 */
async function requestAid(id: string, command: CommandOf<'RequestAid'>, streams: StreamLoader) {
  const { supersedes, occurredAt, reportedAt, sources, confidence } = command.data;
  if (supersedes === undefined) return onRequest.run(id, command, streams);
  const [request, old] = await Promise.all([streams.load(aidRequestDecider, id), streams.load(aidRequestDecider, supersedes)]);
  if (old.state.status === 'unknown') throw new SupersedesUnknownError(supersedes);
  const supersede: AidRequestCommand = { type: 'SupersedeAidRequest', data: { supersededBy: id, occurredAt, reportedAt, sources, confidence } };
  return [
    { stream: request, events: aidRequestDecider.decide(command, request.state, noContext) },
    { stream: old, events: aidRequestDecider.decide(supersede, old.state, noContext) },
  ];
}

/** The aid request commands a client sends: a new request (superseding another or not), positions, withdrawal. */
export const aidRequestCommands: UseCase<CommandOf<'RequestAid' | 'RecordPosition' | 'WithdrawAidRequest' | 'AmendAidRequest'>> = {
  streamType: 'aid-request',
  run: (id, command, streams) => (command.type === 'RequestAid' ? requestAid(id, command, streams) : onRequest.run(id, command, streams)),
};
