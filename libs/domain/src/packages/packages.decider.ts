import type { Bill, CommandOf, EventData } from '@policy-ledger/contracts';
import { aidRequestDecider } from '../aid/aid.decider';
import type { Decider } from '../shared/decider';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../shared/domain.errors';
import { onStream, type StreamLoader, type UseCase, type Write } from '../shared/use-case';
import { billKey, billLabel, billStatus, checkLegislativeOrder, type BillStatus, type LegislativeAction, leastAdvanced } from './legislation';

export type PackageCommand = CommandOf<
  | 'ProposePackage'
  | 'BundlePackage'
  | 'ProposeComponent'
  | 'AddComponent'
  | 'RemoveComponent'
  | 'AttachToBill'
  | 'DetachFromBill'
  | 'RecordLegislativeAction'
  | 'RecordBillAmounts'
  | 'RecordAssessment'
>;

/** What the package decider must know of other aggregates. */
export interface PackageContext {
  /** The ids, among those a command names, of aid requests the ledger holds. */
  readonly knownAidRequestIds: ReadonlySet<string>;
}

export type PackageStatus = 'proposed' | 'bundled' | BillStatus;

export interface KnownPackage {
  readonly status: PackageStatus;
  readonly aidRequestIds: readonly string[];
  readonly proposedComponentIds: readonly string[];
  readonly componentIds: readonly string[];
  /** The bills carrying it now: one, or several at once (e.g. split into separate bills). */
  readonly bills: readonly Bill[];
  /**
   * Actions by bill key, for every bill that has carried it: a package can move between vehicle
   * bills, and each bill keeps its own record.
   */
  readonly actions: Readonly<Record<string, readonly LegislativeAction[]>>;
}

export type PackageState = { status: 'unknown' } | KnownPackage;

/**
 * Whether a package in this status still holds its aid requests. One that failed or was vetoed
 * lets them go: they may go into another package. The rule "an aid request sits in at most one
 * active package" is this function, wherever it is applied (deciding a bundle, showing the board).
 */
export function holdsItsRequests(status: PackageStatus): boolean {
  return status !== 'failed' && status !== 'vetoed';
}

const alreadyProposed = () => new AlreadyExistsError('package.already-proposed', 'a package with this id has already been proposed');
const notFound = () => new NotFoundError('package.not-found', 'no package with this id has been proposed');

export class UnknownAidRequestError extends RuleViolatedError {
  constructor(readonly aidRequestIds: string[]) {
    super('package.unknown-aid-request', `a package bundles only known aid requests; unknown: ${aidRequestIds.join(', ')}`, { aidRequestIds });
  }
}

export class AidRequestAlreadyBundledError extends RuleViolatedError {
  constructor(readonly aidRequestIds: string[]) {
    super('package.aid-request-already-bundled', `an aid request is bundled into a package once; already in this package: ${aidRequestIds.join(', ')}`, {
      aidRequestIds,
    });
  }
}

export class PackageEnactedError extends RuleViolatedError {
  constructor() {
    super('package.enacted', 'the package is enacted: its contents no longer change (record corrections as legislative actions)');
  }
}

export class BillNotAttachedError extends RuleViolatedError {
  constructor(bill: string, attached: readonly string[], ever = false) {
    const carried = attached.length === 0 ? 'by no bill' : `by ${attached.join(' and ')}`;
    super(
      'legislation.bill-not-attached',
      attached.length === 0 && !ever ? `the package is carried by no bill yet; attach it to ${bill} first` : `the package is carried ${carried}${ever ? ' now and has been' : ''}, not ${bill}`,
      { bill, attached: attached.length === 1 ? attached[0] : attached.length === 0 ? null : attached },
    );
  }
}

const componentRule = (code: string, message: string, componentId: string) => new RuleViolatedError(code, message, { componentId });

/**
 * The status of a package: before a bill, by its contents; then, derived from every bill carrying
 * it now: the least advanced of them (see leastAdvanced), so it is enacted only when all are.
 */
export function packageStatus(pkg: Pick<KnownPackage, 'aidRequestIds' | 'componentIds' | 'bills' | 'actions'>): PackageStatus {
  const carrying = leastAdvanced(pkg.bills.map((bill) => billStatus(bill, pkg.actions[billKey(bill)] ?? [])));
  if (carrying !== null) return carrying;
  return pkg.aidRequestIds.length > 0 || pkg.componentIds.length > 0 ? 'bundled' : 'proposed';
}

function withStatus(pkg: Omit<KnownPackage, 'status'>): KnownPackage {
  return { ...pkg, status: packageStatus(pkg) };
}

function decideOnKnown(command: PackageCommand, state: KnownPackage, context: PackageContext): ReturnType<typeof packageDecider.decide> {
  if (command.type === 'ProposePackage') throw alreadyProposed();
  if (command.type === 'RecordLegislativeAction') return [recordAction(command.data, state)];
  // The money of a bill's versions and outside assessments are recorded before and after enactment.
  if (command.type === 'RecordBillAmounts') {
    if (!Object.hasOwn(state.actions, billKey(command.data.bill))) throw new BillNotAttachedError(billLabel(command.data.bill), state.bills.map(billLabel), true);
    return [{ type: 'BillAmountsRecorded', data: command.data }];
  }
  if (command.type === 'RecordAssessment') return [{ type: 'AmountsAssessed', data: command.data }];
  if (state.status === 'enacted') throw new PackageEnactedError();
  switch (command.type) {
    case 'BundlePackage': {
      const named = [...new Set(command.data.aidRequestIds)];
      const unknown = named.filter((id) => !context.knownAidRequestIds.has(id));
      if (unknown.length > 0) throw new UnknownAidRequestError(unknown);
      const repeated = named.filter((id) => state.aidRequestIds.includes(id));
      if (repeated.length > 0) throw new AidRequestAlreadyBundledError(repeated);
      return [{ type: 'PackageBundled', data: { ...command.data, aidRequestIds: named } }];
    }
    case 'ProposeComponent': {
      const id = command.data.componentId;
      if (state.proposedComponentIds.includes(id) || state.componentIds.includes(id)) {
        throw componentRule('package.component-exists', `the package already has a component "${id}"`, id);
      }
      return [{ type: 'ComponentProposed', data: command.data }];
    }
    case 'AddComponent': {
      const id = command.data.componentId;
      if (state.componentIds.includes(id)) throw componentRule('package.component-already-in', `the component "${id}" is already in the package`, id);
      if (!state.proposedComponentIds.includes(id) && command.data.description === undefined) {
        throw componentRule('package.component-needs-description', `the component "${id}" was not proposed before: describe it`, id);
      }
      return [{ type: 'ComponentAdded', data: command.data }];
    }
    case 'RemoveComponent': {
      const id = command.data.componentId;
      if (!state.componentIds.includes(id)) throw componentRule('package.unknown-component', `the package holds no component "${id}"`, id);
      return [{ type: 'ComponentRemoved', data: command.data }];
    }
    case 'AttachToBill': {
      const { bill, alongside } = command.data;
      if (alongside && carries(state, bill)) {
        throw new RuleViolatedError('package.bill-already-carrying', `${billLabel(bill)} carries the package already`, { bill: billLabel(bill) });
      }
      return [{ type: 'PackageAttachedToBill', data: command.data }];
    }
    case 'DetachFromBill':
      if (!carries(state, command.data.bill)) throw new BillNotAttachedError(billLabel(command.data.bill), state.bills.map(billLabel));
      return [{ type: 'PackageDetachedFromBill', data: command.data }];
  }
}

const carries = (state: Pick<KnownPackage, 'bills'>, bill: Bill) => state.bills.some((b) => billKey(b) === billKey(bill));

function recordAction(data: EventData<'LegislativeActionRecorded'>, state: KnownPackage): EventOfPackage {
  if (!carries(state, data.bill)) throw new BillNotAttachedError(billLabel(data.bill), state.bills.map(billLabel));
  checkLegislativeOrder(data.bill, state.actions[billKey(data.bill)] ?? [], data);
  return { type: 'LegislativeActionRecorded', data };
}

/** The bills carrying a package after an attachment: the new one alone (it moved), or beside the others. */
export function billsAfterAttaching(bills: readonly Bill[], attached: EventData<'PackageAttachedToBill'>): Bill[] {
  return attached.alongside ? [...bills.filter((b) => billKey(b) !== billKey(attached.bill)), attached.bill] : [attached.bill];
}

export function billsAfterDetaching(bills: readonly Bill[], detached: EventData<'PackageDetachedFromBill'>): Bill[] {
  return bills.filter((b) => billKey(b) !== billKey(detached.bill));
}

type EventOfPackage = ReturnType<typeof packageDecider.decide>[number];

export const packageDecider: Decider<PackageCommand, PackageState, 'package', PackageContext> = {
  streamType: 'package',
  initialState: { status: 'unknown' },

  decide(command, state, context) {
    if (state.status !== 'unknown') return decideOnKnown(command, state, context);
    if (command.type !== 'ProposePackage') throw notFound();
    return [{ type: 'PackageProposed', data: command.data }];
  },

  evolve(state, event) {
    if (event.type === 'PackageProposed') {
      return withStatus({ aidRequestIds: [], proposedComponentIds: [], componentIds: [], bills: [], actions: {} });
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
      case 'PackageAttachedToBill': {
        const key = billKey(event.data.bill);
        return withStatus({ ...state, bills: billsAfterAttaching(state.bills, event.data), actions: { ...state.actions, [key]: state.actions[key] ?? [] } });
      }
      case 'PackageDetachedFromBill':
        return withStatus({ ...state, bills: billsAfterDetaching(state.bills, event.data) });
      case 'LegislativeActionRecorded': {
        const key = billKey(event.data.bill);
        return withStatus({ ...state, actions: { ...state.actions, [key]: [...(state.actions[key] ?? []), event.data] } });
      }
      case 'BillAmountsRecorded':
      case 'AmountsAssessed':
        return state;
    }
  },
};

/**
 * Bundling spans streams: PackageBundled on the package and AidRequestBundled on each request it
 * names, in one transaction, each decided by its own decider. The package needs to know which
 * requests exist; each request needs to know whether the package holding it now still holds it.
 */
export async function bundlePackage(packageId: string, command: CommandOf<'BundlePackage'>, streams: StreamLoader): Promise<Write[]> {
  const { aidRequestIds, occurredAt, reportedAt, sources, confidence } = command.data;
  const [pkg, requests] = await Promise.all([
    streams.load(packageDecider, packageId),
    Promise.all([...new Set(aidRequestIds)].map((id) => streams.load(aidRequestDecider, id))),
  ]);
  const holderIds = new Set(requests.flatMap(({ state }) => (state.status !== 'unknown' && state.packageId !== null && state.packageId !== packageId ? [state.packageId] : [])));
  const holders = await Promise.all([...holderIds].map((id) => streams.load(packageDecider, id)));
  const activePackageIds = new Set(holders.flatMap(({ id, state }) => (state.status !== 'unknown' && holdsItsRequests(state.status) ? [id] : [])));
  const known = requests.filter(({ state }) => state.status !== 'unknown');
  const bundled = packageDecider.decide(command, pkg.state, { knownAidRequestIds: new Set(known.map(({ id }) => id)) });
  const mark = { type: 'MarkAidRequestBundled' as const, data: { packageId, occurredAt, reportedAt, sources, confidence } };
  return [
    { stream: pkg, events: bundled },
    ...known.map((request) => ({ stream: request, events: aidRequestDecider.decide(mark, request.state, { activePackageIds }) })),
  ];
}

const onPackage = onStream(packageDecider, { knownAidRequestIds: new Set<string>() });

/** The package commands a client sends; bundling spans the package and its requests. */
export const packageCommands: UseCase<PackageCommand> = {
  streamType: 'package',
  run: (id, command, streams) => (command.type === 'BundlePackage' ? bundlePackage(id, command, streams) : onPackage.run(id, command, streams)),
};
