import type {
  ComponentAddedV1,
  ComponentProposedV1,
  ComponentRemovedV1,
  LegislativeActionRecordedV1,
  PackageAttachedToBillV1,
  PackageBundledV1,
  PackageProposedV1,
} from '@policy-ledger/contracts';

export type PackageCommand =
  | { type: 'ProposePackage'; data: PackageProposedV1 }
  | { type: 'BundlePackage'; data: PackageBundledV1 }
  | { type: 'ProposeComponent'; data: ComponentProposedV1 }
  | { type: 'AddComponent'; data: ComponentAddedV1 }
  | { type: 'RemoveComponent'; data: ComponentRemovedV1 }
  | { type: 'AttachToBill'; data: PackageAttachedToBillV1 }
  | { type: 'RecordLegislativeAction'; data: LegislativeActionRecordedV1 };

/** What the package decider must know of other aggregates. */
export interface PackageContext {
  /** The ids, among those a command names, of aid requests the ledger holds. */
  readonly knownAidRequestIds: ReadonlySet<string>;
}

export const noPackageContext: PackageContext = { knownAidRequestIds: new Set() };
