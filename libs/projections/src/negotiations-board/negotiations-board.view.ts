import { sumDecimals } from '@policy-ledger/domain';
import type { AidRequestRow, LastAction, PackageRow } from './negotiations-board.projection';

export type AidRequestStatus = 'requested' | 'bundled';

export interface AmountByRecipient {
  readonly recipient: string;
  readonly currency: string;
  readonly amount: string;
}

export interface AidRequestView extends Omit<AidRequestRow, 'position'> {
  readonly status: AidRequestStatus;
  readonly packageId: string | null;
}

export interface PackageView {
  readonly id: string;
  readonly version: number;
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  readonly status: PackageRow['status'];
  readonly aidRequests: readonly AidRequestView[];
  /** Bundled ids whose own AidRequested event the board has not applied yet. */
  readonly pendingAidRequestIds: readonly string[];
  readonly amountsByRecipient: readonly AmountByRecipient[];
  readonly lastAction: LastAction;
}

export interface NegotiationsBoard {
  readonly packages: readonly PackageView[];
  readonly unbundledAidRequests: readonly AidRequestView[];
}

/** Exact totals per recipient and currency over the lines of some aid requests. */
export function amountsByRecipient(requests: readonly Pick<AidRequestRow, 'lines'>[]): AmountByRecipient[] {
  const groups = new Map<string, { recipient: string; currency: string; amounts: string[] }>();
  for (const line of requests.flatMap((request) => request.lines)) {
    const key = `${line.recipient}\u0000${line.amount.currency}`;
    const group = groups.get(key) ?? { recipient: line.recipient, currency: line.amount.currency, amounts: [] };
    group.amounts.push(line.amount.amount);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ recipient, currency, amounts }) => ({ recipient, currency, amount: sumDecimals(amounts) }))
    .sort((a, b) => a.recipient.localeCompare(b.recipient) || a.currency.localeCompare(b.currency));
}

function aidRequestView(row: AidRequestRow, packageId: string | null): AidRequestView {
  const { position: _position, ...rest } = row;
  return { ...rest, status: packageId ? 'bundled' : 'requested', packageId };
}

/**
 * The board from the rows. Each row belongs to one stream; relations between streams are joined
 * here, at read time, so the board is the same whatever order Kafka delivered the streams in.
 */
export function assembleBoard(aidRequests: readonly AidRequestRow[], packages: readonly PackageRow[]): NegotiationsBoard {
  const packageOf = new Map<string, string>();
  for (const pkg of [...packages].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const id of pkg.aidRequestIds) if (!packageOf.has(id)) packageOf.set(id, pkg.id);
  }
  const byId = new Map(aidRequests.map((row) => [row.id, row]));
  const packageViews = packages
    .map((pkg): PackageView => {
      const bundled = pkg.aidRequestIds.flatMap((id) => byId.get(id) ?? []);
      return {
        id: pkg.id,
        version: pkg.version,
        title: pkg.title,
        sponsor: pkg.sponsor,
        rationale: pkg.rationale,
        status: pkg.status,
        aidRequests: bundled.map((row) => aidRequestView(row, pkg.id)),
        pendingAidRequestIds: pkg.aidRequestIds.filter((id) => !byId.has(id)),
        amountsByRecipient: amountsByRecipient(bundled),
        lastAction: pkg.lastAction,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const unbundled = aidRequests
    .filter((row) => !packageOf.has(row.id))
    .map((row) => aidRequestView(row, null))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { packages: packageViews, unbundledAidRequests: unbundled };
}

export function aidRequestStatus(row: AidRequestRow, packages: readonly PackageRow[]): AidRequestView {
  const holder = packages.filter((pkg) => pkg.aidRequestIds.includes(row.id)).sort((a, b) => a.id.localeCompare(b.id))[0];
  return aidRequestView(row, holder?.id ?? null);
}
