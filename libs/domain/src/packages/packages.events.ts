import type {
  ComponentAddedV1,
  ComponentProposedV1,
  ComponentRemovedV1,
  LegislativeActionRecordedV1,
  PackageAttachedToBillV1,
  PackageBundledV1,
  PackageProposedV1,
} from '@policy-ledger/contracts';

export type PackageEvent =
  | { type: 'PackageProposed'; data: PackageProposedV1 }
  | { type: 'PackageBundled'; data: PackageBundledV1 }
  | { type: 'ComponentProposed'; data: ComponentProposedV1 }
  | { type: 'ComponentAdded'; data: ComponentAddedV1 }
  | { type: 'ComponentRemoved'; data: ComponentRemovedV1 }
  | { type: 'PackageAttachedToBill'; data: PackageAttachedToBillV1 }
  | { type: 'LegislativeActionRecorded'; data: LegislativeActionRecordedV1 };
