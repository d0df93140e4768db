import type {
  AidRequestBundledV1,
  AidRequestedV1,
  AidRequestSupersededV1,
  AidRequestWithdrawnV1,
  PositionRecordedV1,
} from '@policy-ledger/contracts';

export type AidRequestEvent =
  | { type: 'AidRequested'; data: AidRequestedV1 }
  | { type: 'PositionRecorded'; data: PositionRecordedV1 }
  | { type: 'AidRequestWithdrawn'; data: AidRequestWithdrawnV1 }
  | { type: 'AidRequestSuperseded'; data: AidRequestSupersededV1 }
  | { type: 'AidRequestBundled'; data: AidRequestBundledV1 };
