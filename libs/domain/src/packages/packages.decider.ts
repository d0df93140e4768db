import type { Bill, LegislativeActionRecordedV1 } from '@policy-ledger/contracts';
import type { Decider } from '../shared/decider';
import { billKey, billLabel, billStatus, checkLegislativeOrder, type BillStatus, type LegislativeAction } from './legislation';
import type { PackageCommand, PackageContext } from './packages.commands';
import {
  AidRequestAlreadyBundledError,
  BillNotAttachedError,
  ComponentRuleError,
  PackageAlreadyProposedError,
  PackageEnactedError,
  PackageNotFoundError,
  UnknownAidRequestError,
} from './packages.errors';
import type { PackageEvent } from './packages.events';

export type PackageStatus = 'proposed' | 'bundled' | BillStatus;

export interface KnownPackage {
  readonly status: PackageStatus;
  readonly aidRequestIds: readonly string[];
  readonly proposedComponentIds: readonly string[];
  readonly componentIds: readonly string[];
  readonly bill: Bill | null;
  /** Actions by bill key: a package can move between vehicle bills and keeps each one's record. */
  readonly actions: Readonly<Record<string, readonly LegislativeAction[]>>;
}

export type PackageState = { status: 'unknown' } | KnownPackage;

/** A package in one of these no longer holds its aid requests: they may go into another one. */
export const INACTIVE_PACKAGE_STATUSES: readonly PackageStatus[] = ['failed', 'vetoed'];

/** The status of a package: before a bill, by its contents; then, that of the bill carrying it now. */
export function packageStatus(pkg: Omit<KnownPackage, 'status'>): PackageStatus {
  if (pkg.bill) return billStatus(pkg.actions[billKey(pkg.bill)] ?? []);
  return pkg.aidRequestIds.length > 0 || pkg.componentIds.length > 0 ? 'bundled' : 'proposed';
}

function withStatus(pkg: Omit<KnownPackage, 'status'>): KnownPackage {
  return { ...pkg, status: packageStatus(pkg) };
}

function decideOnKnown(command: PackageCommand, state: KnownPackage, context: PackageContext): PackageEvent[] {
  const enacted = state.status === 'enacted';
  switch (command.type) {
    case 'ProposePackage':
      throw new PackageAlreadyProposedError();
    case 'BundlePackage': {
      if (enacted) throw new PackageEnactedError();
      const named = [...new Set(command.data.aidRequestIds)];
      const unknown = named.filter((id) => !context.knownAidRequestIds.has(id));
      if (unknown.length > 0) throw new UnknownAidRequestError(unknown);
      const repeated = named.filter((id) => state.aidRequestIds.includes(id));
      if (repeated.length > 0) throw new AidRequestAlreadyBundledError(repeated);
      return [{ type: 'PackageBundled', data: { ...command.data, aidRequestIds: named } }];
    }
    case 'ProposeComponent': {
      if (enacted) throw new PackageEnactedError();
      const id = command.data.componentId;
      if (state.proposedComponentIds.includes(id) || state.componentIds.includes(id)) {
        throw new ComponentRuleError('package.component-exists', `the package already has a component "${id}"`, { componentId: id });
      }
      return [{ type: 'ComponentProposed', data: command.data }];
    }
    case 'AddComponent': {
      if (enacted) throw new PackageEnactedError();
      const id = command.data.componentId;
      if (state.componentIds.includes(id)) {
        throw new ComponentRuleError('package.component-already-in', `the component "${id}" is already in the package`, { componentId: id });
      }
      if (!state.proposedComponentIds.includes(id) && command.data.description === undefined) {
        throw new ComponentRuleError('package.component-needs-description', `the component "${id}" was not proposed before: describe it`, {
          componentId: id,
        });
      }
      return [{ type: 'ComponentAdded', data: command.data }];
    }
    case 'RemoveComponent': {
      if (enacted) throw new PackageEnactedError();
      const id = command.data.componentId;
      if (!state.componentIds.includes(id)) {
        throw new ComponentRuleError('package.unknown-component', `the package holds no component "${id}"`, { componentId: id });
      }
      return [{ type: 'ComponentRemoved', data: command.data }];
    }
    case 'AttachToBill':
      if (enacted) throw new PackageEnactedError();
      return [{ type: 'PackageAttachedToBill', data: command.data }];
    case 'RecordLegislativeAction':
      return [recordAction(command.data, state)];
  }
}

function recordAction(data: LegislativeActionRecordedV1, state: KnownPackage): PackageEvent {
  const key = billKey(data.bill);
  if (!state.bill || billKey(state.bill) !== key) {
    throw new BillNotAttachedError(billLabel(data.bill), state.bill ? billLabel(state.bill) : null);
  }
  checkLegislativeOrder(data.bill, state.actions[key] ?? [], data);
  return { type: 'LegislativeActionRecorded', data };
}

export const packageDecider: Decider<PackageCommand, PackageEvent, PackageState, PackageContext> = {
  initialState: { status: 'unknown' },

  decide(command, state, context) {
    if (state.status !== 'unknown') return decideOnKnown(command, state, context);
    if (command.type !== 'ProposePackage') throw new PackageNotFoundError();
    return [{ type: 'PackageProposed', data: command.data }];
  },

  evolve(state, event) {
    if (event.type === 'PackageProposed') {
      return withStatus({ aidRequestIds: [], proposedComponentIds: [], componentIds: [], bill: null, actions: {} });
    }
    if (state.status === 'unknown') return state;
    switch (event.type) {
      case 'PackageBundled':
        return withStatus({ ...state, aidRequestIds: [...state.aidRequestIds, ...event.data.aidRequestIds] });
      case 'ComponentProposed':
        return withStatus({ ...state, proposedComponentIds: [...state.proposedComponentIds, event.data.componentId] });
      case 'ComponentAdded':
        return withStatus({
          ...state,
          proposedComponentIds: state.proposedComponentIds.filter((id) => id !== event.data.componentId),
          componentIds: [...state.componentIds, event.data.componentId],
        });
      case 'ComponentRemoved':
        return withStatus({ ...state, componentIds: state.componentIds.filter((id) => id !== event.data.componentId) });
      case 'PackageAttachedToBill':
        return withStatus({ ...state, bill: event.data.bill });
      case 'LegislativeActionRecorded': {
        const key = billKey(event.data.bill);
        return withStatus({ ...state, actions: { ...state.actions, [key]: [...(state.actions[key] ?? []), event.data] } });
      }
    }
  },
};
