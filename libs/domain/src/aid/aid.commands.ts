import type {
  AidRequestBundledV1,
  AidRequestedV1,
  AidRequestSupersededV1,
  AidRequestWithdrawnV1,
  PositionRecordedV1,
} from '@policy-ledger/contracts';

export type AidRequestCommand =
  | { type: 'RequestAid'; data: AidRequestedV1 }
  | { type: 'RecordPosition'; data: PositionRecordedV1 }
  | { type: 'WithdrawAidRequest'; data: AidRequestWithdrawnV1 }
  /** Decided on the old request when a new request names it in `supersedes`. */
  | { type: 'SupersedeAidRequest'; data: AidRequestSupersededV1 }
  /** Decided on each request a package bundles, together with the package's own event. */
  | { type: 'MarkAidRequestBundled'; data: AidRequestBundledV1 };

/** What the aid request decider must know of other aggregates. */
export interface AidRequestContext {
  /** Packages (among those the request's state names) that are still active. */
  readonly activePackageIds: ReadonlySet<string>;
}

export const noAidRequestContext: AidRequestContext = { activePackageIds: new Set() };
