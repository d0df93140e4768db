import type { PackageBundledV1, PackageProposedV1 } from '@policy-ledger/contracts';

export type PackageEvent =
  | { type: 'PackageProposed'; data: PackageProposedV1 }
  | { type: 'PackageBundled'; data: PackageBundledV1 };
