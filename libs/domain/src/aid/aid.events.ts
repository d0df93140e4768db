import type { AidRequestedV1 } from '@policy-ledger/contracts';

export type AidRequestEvent = { type: 'AidRequested'; data: AidRequestedV1 };
