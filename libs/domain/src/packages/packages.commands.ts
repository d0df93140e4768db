import type { EventData } from '@policy-ledger/contracts';

export type PackageCommand =
  | { type: 'ProposePackage'; data: EventData<'PackageProposed'> }
  | { type: 'BundlePackage'; data: EventData<'PackageBundled'> }
  | { type: 'ProposeComponent'; data: EventData<'ComponentProposed'> }
  | { type: 'AddComponent'; data: EventData<'ComponentAdded'> }
  | { type: 'RemoveComponent'; data: EventData<'ComponentRemoved'> }
  | { type: 'AttachToBill'; data: EventData<'PackageAttachedToBill'> }
  | { type: 'RecordLegislativeAction'; data: EventData<'LegislativeActionRecorded'> };

/** What the package decider must know of other aggregates. */
export interface PackageContext {
  /** The ids, among those a command names, of aid requests the ledger holds. */
  readonly knownAidRequestIds: ReadonlySet<string>;
}

export const noPackageContext: PackageContext = { knownAidRequestIds: new Set() };
