import type { EventOf } from '@policy-ledger/contracts';

export type PackageEvent = EventOf<
  'PackageProposed' | 'PackageBundled' | 'ComponentProposed' | 'ComponentAdded' | 'ComponentRemoved' | 'PackageAttachedToBill' | 'LegislativeActionRecorded'
>;
