import { holdsItsRequests, sumDecimals } from '@policy-ledger/domain';
import type { AidRequestRow, ComponentView, LastAction, PackageRow, PositionView, ProposedAddition } from './negotiations-board.projection';

/** Every status the board shows, of packages and of the requests in no package. */
export const BOARD_STATUSES = [
  'requested',
  'contested',
  'withdrawn',
  'superseded',
  'proposed',
  'bundled',
  'attached_to_bill',
  'passed_one_chamber',
  'passed_both',
  'presented',
  'enacted',
  'failed',
  'cloture_failed',
  'vetoed',
] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export interface NegotiationsFilter {
  /** Only packages and requests that carry aid for this state. */
  readonly recipient?: string;
  readonly status?: BoardStatus;
}

export interface Amount {
  readonly recipient: string;
  readonly purpose?: string;
  readonly currency: string;
  readonly amount: string;
}

export interface AidRequestView extends Omit<AidRequestRow, 'position' | 'status'> {
  /** bundled when a package holds it; otherwise its own status. */
  readonly status: 'requested' | 'contested' | 'withdrawn' | 'superseded' | 'bundled';
  readonly contested: boolean;
  readonly packageId: string | null;
  /** Positions taken on the requests it supersedes carry over to it. */
  readonly carriedPositions: readonly (PositionView & { readonly from: string })[];
}

export interface PackageView {
  readonly id: string;
  readonly version: number;
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  readonly status: PackageRow['status'];
  readonly bill: PackageRow['bill'];
  readonly lawNumber: string | null;
  readonly aidRequests: readonly AidRequestView[];
  /** Bundled ids whose own AidRequested event the board has not applied yet. */
  readonly pendingAidRequestIds: readonly string[];
  readonly components: readonly ComponentView[];
  readonly proposedAdditions: readonly ProposedAddition[];
  readonly amountsByRecipient: readonly Amount[];
  readonly amountsByRecipientAndPurpose: readonly Amount[];
  readonly positions: readonly (PositionView & { readonly aidRequestId: string })[];
  readonly actions: PackageRow['actions'];
  readonly lastAction: LastAction;
}

export interface NegotiationsBoard {
  readonly packages: readonly PackageView[];
  readonly unbundledAidRequests: readonly AidRequestView[];
}

interface Line {
  readonly recipient: string;
  readonly purpose: string;
  readonly amount: { readonly amount: string; readonly currency: string };
}

/** Exact totals per recipient (and purpose) and currency. */
export function sumAmounts(lines: readonly Line[], byPurpose: boolean): Amount[] {
  const groups = new Map<string, { key: Omit<Amount, 'amount'>; amounts: string[] }>();
  for (const line of lines) {
    const key = { recipient: line.recipient, ...(byPurpose ? { purpose: line.purpose } : {}), currency: line.amount.currency };
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, amounts: [] };
    group.amounts.push(line.amount.amount);
    groups.set(id, group);
  }
  return [...groups.values()]
    .map(({ key, amounts }) => ({ ...key, amount: sumDecimals(amounts) }))
    .sort((a, b) => a.recipient.localeCompare(b.recipient) || (a.purpose ?? '').localeCompare(b.purpose ?? '') || a.currency.localeCompare(b.currency));
}

function componentLines(components: readonly ComponentView[]): Line[] {
  return components.flatMap((c) => (c.recipient && c.amount ? [{ recipient: c.recipient, purpose: c.purpose ?? 'other', amount: c.amount }] : []));
}

/**
 * The board from the rows. Each row belongs to one stream; relations between streams (which
 * package holds a request, which request supersedes which) are joined here, at read time, so the
 * board is the same whatever order Kafka delivered the streams in.
 */
export function assembleBoard(aidRequests: readonly AidRequestRow[], packages: readonly PackageRow[], filter: NegotiationsFilter = {}): NegotiationsBoard {
  const byId = new Map(aidRequests.map((row) => [row.id, row]));
  const ordered = [...packages].sort((a, b) => a.id.localeCompare(b.id));
  // A request sits in at most one active package; an inactive one holds it only if no active does.
  const holderOf = new Map<string, string>();
  for (const active of [true, false]) {
    for (const pkg of ordered) {
      if (holdsItsRequests(pkg.status) !== active) continue;
      for (const id of pkg.aidRequestIds) if (!holderOf.has(id)) holderOf.set(id, pkg.id);
    }
  }

  const carried = (row: AidRequestRow, seen = new Set<string>()): AidRequestView['carriedPositions'] => {
    const previous = row.supersedes ? byId.get(row.supersedes) : undefined;
    if (!previous || seen.has(previous.id)) return [];
    seen.add(previous.id);
    return [...previous.positions.map((p) => ({ ...p, from: previous.id })), ...carried(previous, seen)];
  };
  const view = (row: AidRequestRow): AidRequestView => {
    const { position: _position, status, ...rest } = row;
    const packageId = holderOf.get(row.id) ?? null;
    const closed = status === 'withdrawn' || status === 'superseded';
    return { ...rest, status: closed ? status : packageId ? 'bundled' : status, contested: status === 'contested', packageId, carriedPositions: carried(row) };
  };

  const packageViews = ordered.map((pkg): PackageView => {
    const bundled = pkg.aidRequestIds.flatMap((id) => byId.get(id) ?? []);
    const lines = [...bundled.flatMap((r) => r.lines), ...componentLines(pkg.components)];
    return {
      id: pkg.id,
      version: pkg.version,
      title: pkg.title,
      sponsor: pkg.sponsor,
      rationale: pkg.rationale,
      status: pkg.status,
      bill: pkg.bill,
      lawNumber: pkg.lawNumber,
      aidRequests: bundled.map(view),
      pendingAidRequestIds: pkg.aidRequestIds.filter((id) => !byId.has(id)),
      components: pkg.components,
      proposedAdditions: pkg.proposedAdditions,
      amountsByRecipient: sumAmounts(lines, false),
      amountsByRecipientAndPurpose: sumAmounts(lines, true),
      positions: bundled.flatMap((r) => [...carried(r), ...r.positions].map((p) => ({ ...p, aidRequestId: r.id }))),
      actions: pkg.actions,
      lastAction: pkg.lastAction,
    };
  });
  const unbundled = aidRequests
    .filter((row) => !holderOf.has(row.id))
    .map(view)
    .sort((a, b) => a.id.localeCompare(b.id));

  const forRecipient = (recipients: readonly string[]) => !filter.recipient || recipients.includes(filter.recipient);
  return {
    packages: packageViews.filter(
      (p) =>
        forRecipient([...p.amountsByRecipient.map((a) => a.recipient), ...p.proposedAdditions.flatMap((c) => c.recipient ?? [])]) &&
        (!filter.status || p.status === filter.status),
    ),
    unbundledAidRequests: unbundled.filter((r) => forRecipient(r.lines.map((l) => l.recipient)) && (!filter.status || r.status === filter.status)),
  };
}

export function aidRequestView(row: AidRequestRow, related: readonly AidRequestRow[], packages: readonly PackageRow[]): AidRequestView | null {
  const board = assembleBoard([row, ...related.filter((r) => r.id !== row.id)], packages);
  return [...board.packages.flatMap((p) => p.aidRequests), ...board.unbundledAidRequests].find((r) => r.id === row.id) ?? null;
}
