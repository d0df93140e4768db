import type { EventData } from '@policy-ledger/contracts';

export type AidRequestCommand =
  | { type: 'RequestAid'; data: EventData<'AidRequested'> }
  | { type: 'RecordPosition'; data: EventData<'PositionRecorded'> }
  | { type: 'WithdrawAidRequest'; data: EventData<'AidRequestWithdrawn'> }
  /** Decided on the old request when a new request names it in `supersedes`. */
  | { type: 'SupersedeAidRequest'; data: EventData<'AidRequestSuperseded'> }
  /** Decided on each request a package bundles, together with the package's own event. */
  | { type: 'MarkAidRequestBundled'; data: EventData<'AidRequestBundled'> };

/** What the aid request decider must know of other aggregates. */
export interface AidRequestContext {
  /** Packages (among those the request's state names) that are still active. */
  readonly activePackageIds: ReadonlySet<string>;
}

export const noAidRequestContext: AidRequestContext = { activePackageIds: new Set() };
