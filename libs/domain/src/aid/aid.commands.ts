import type { AidRequestedV1 } from '@policy-ledger/contracts';

export type AidRequestCommand = { type: 'RequestAid'; data: AidRequestedV1 };
