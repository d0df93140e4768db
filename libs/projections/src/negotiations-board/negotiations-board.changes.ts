import type { Recipient } from '@policy-ledger/contracts';
import { recipientKey, recipientLabel } from '@policy-ledger/domain';
import type { ActionView, PositionView } from './negotiations-board.projection';
import type { AidRequestView, NegotiationsBoard, PackageView } from './negotiations-board.view';

/** One difference between the board at two moments, in the words a reader of the board uses. */
export type BoardChange =
  | { readonly kind: 'package-added'; readonly packageId: string; readonly title: string | null; readonly status: string }
  | { readonly kind: 'aid-request-added'; readonly aidRequestId: string; readonly packageId: string | null; readonly status: string; readonly total: AidRequestView['total'] }
  | {
      readonly kind: 'status-changed';
      readonly subject: 'package' | 'aid-request';
      readonly id: string;
      readonly from: string;
      readonly to: string;
    }
  | { readonly kind: 'bill-changed'; readonly packageId: string; readonly from: string | null; readonly to: string | null }
  | {
      readonly kind: 'amount-changed';
      readonly packageId: string;
      readonly recipient: string;
      readonly currency: string;
      /** null where the package carried nothing for that recipient in that currency. */
      readonly from: string | null;
      readonly to: string | null;
    }
  | { readonly kind: 'action-recorded'; readonly packageId: string; readonly action: ActionView }
  | { readonly kind: 'position-recorded'; readonly aidRequestId: string; readonly packageId: string | null; readonly position: PositionView };

export interface BoardChanges {
  readonly changes: readonly BoardChange[];
}

/** A moment of the board: a recorded time and the position the ledger had reached by then. */
export interface BoardMoment {
  readonly asOf: string;
  readonly position: number;
}

/** What GET /negotiations/changes answers: the changes between two moments, and the moments. */
export interface BoardChangesBetween extends BoardChanges {
  readonly from: BoardMoment;
  readonly to: BoardMoment;
}

function requestsOf(board: NegotiationsBoard): Map<string, AidRequestView> {
  return new Map([...board.packages.flatMap((p) => p.aidRequests), ...board.unbundledAidRequests].map((r) => [r.id, r]));
}

const amountKey = (a: { recipient: Recipient; currency: string }) => `${recipientKey(a.recipient)} ${a.currency}`;

function amountChanges(before: PackageView | undefined, after: PackageView): BoardChange[] {
  const from = new Map((before?.amountsByRecipient ?? []).map((a) => [amountKey(a), a]));
  const to = new Map(after.amountsByRecipient.map((a) => [amountKey(a), a]));
  return [...new Set([...from.keys(), ...to.keys()])].sort().flatMap((key): BoardChange[] => {
    const was = from.get(key);
    const is = to.get(key);
    const either = is ?? was;
    if (!either || was?.amount === is?.amount) return [];
    return [{ kind: 'amount-changed', packageId: after.id, recipient: recipientLabel(either.recipient), currency: either.currency, from: was?.amount ?? null, to: is?.amount ?? null }];
  });
}

/**
 * What changed on the negotiations board between two moments: packages and requests that
 * appeared, status, bill and amount changes, legislative actions and positions recorded since.
 * Pure: given the board as the ledger knew it at `from` and at `to` (the as-of reader's), in
 * board order (packages by id, each with its changes together, then the requests in no package).
 * Actions and positions are append-only lists on their rows, so what is new is what lies past
 * the earlier board's count.
 */
export function boardChanges(from: NegotiationsBoard, to: NegotiationsBoard): BoardChanges {
  const packagesBefore = new Map(from.packages.map((p) => [p.id, p]));
  const requestsBefore = requestsOf(from);
  const changes: BoardChange[] = [];

  const requestChanges = (request: AidRequestView) => {
    const before = requestsBefore.get(request.id);
    if (!before) {
      changes.push({ kind: 'aid-request-added', aidRequestId: request.id, packageId: request.packageId, status: request.status, total: request.total });
    } else if (before.status !== request.status) {
      changes.push({ kind: 'status-changed', subject: 'aid-request', id: request.id, from: before.status, to: request.status });
    }
    for (const position of request.positions.slice(before?.positions.length ?? 0)) {
      changes.push({ kind: 'position-recorded', aidRequestId: request.id, packageId: request.packageId, position });
    }
  };

  for (const pkg of to.packages) {
    const before = packagesBefore.get(pkg.id);
    if (!before) changes.push({ kind: 'package-added', packageId: pkg.id, title: pkg.title, status: pkg.status });
    else if (before.status !== pkg.status) changes.push({ kind: 'status-changed', subject: 'package', id: pkg.id, from: before.status, to: pkg.status });
    // The bills carrying it now (several at once, or one), named in one line.
    const carriedBy = (p: PackageView | undefined) => {
      const carrying = p?.bills.filter((b) => b.carrying) ?? [];
      return carrying.length > 0 ? carrying.map((b) => b.label).join(' + ') : (p?.bill?.label ?? null);
    };
    const billBefore = carriedBy(before);
    const billNow = carriedBy(pkg);
    if (billBefore !== billNow) changes.push({ kind: 'bill-changed', packageId: pkg.id, from: billBefore, to: billNow });
    changes.push(...amountChanges(before, pkg));
    for (const action of pkg.actions.slice(before?.actions.length ?? 0)) {
      const { billKey: _billKey, ...view } = action;
      changes.push({ kind: 'action-recorded', packageId: pkg.id, action: view });
    }
    pkg.aidRequests.forEach(requestChanges);
  }
  to.unbundledAidRequests.forEach(requestChanges);
  return { changes };
}
