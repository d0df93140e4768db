import type { EventOf } from '@policy-ledger/contracts';

export type AidRequestEvent = EventOf<'AidRequested' | 'PositionRecorded' | 'AidRequestWithdrawn' | 'AidRequestSuperseded' | 'AidRequestBundled'>;
