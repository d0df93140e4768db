import type { PackageBundledV1, PackageProposedV1 } from '@policy-ledger/contracts';

export type PackageCommand =
  | { type: 'ProposePackage'; data: PackageProposedV1 }
  | { type: 'BundlePackage'; data: PackageBundledV1 };

/** What the package decider must know of other aggregates. */
export interface PackageContext {
  /** The ids, among those a command names, of aid requests the ledger holds. */
  readonly knownAidRequestIds: ReadonlySet<string>;
}
