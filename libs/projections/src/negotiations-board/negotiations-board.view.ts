import type { AidLine, Bill, BillVersion, Confidence, Money, OccurredAt, Recipient, Source } from '@policy-ledger/contracts';
import { inKeyOrder, type PageRequest, pageOf } from '../paging';
import { billRecord, type BillStatus, holdsItsRequests, type MoneySum, recipientCountries, recipientKey, recipientLabel, sumMoney } from '@policy-ledger/domain';
import {
  type ActionView,
  actionsByBill,
  type AidRequestRow,
  type ComponentView,
  isContested,
  type LastAction,
  type PackageRow,
  type PositionView,
  type ProposedAddition,
} from './negotiations-board.projection';

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
  'resolving_differences',
  'passed_both',
  'presented',
  'enacted',
  'agreed_to',
  'failed',
  'cloture_failed',
  'vetoed',
] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export interface NegotiationsFilter {
  /** Only packages and requests that carry aid for this state (alone, or named in a group). */
  readonly recipient?: string;
  readonly status?: BoardStatus;
}

/** A sum of money for a recipient (and purpose); `qualifier` (and `upTo`) only when not exact. */
export interface Amount extends MoneySum {
  readonly recipient: Recipient;
  readonly purpose?: string;
}

export interface AidRequestView extends Omit<AidRequestRow, 'position' | 'status'> {
  /** bundled when a package holds it; otherwise its own status (contested counting carried positions). */
  readonly status: 'requested' | 'contested' | 'withdrawn' | 'superseded' | 'bundled';
  /** An actor's latest position, its own or carried over from a request it supersedes, opposes or sets conditions. */
  readonly contested: boolean;
  readonly packageId: string | null;
  /** Positions taken on the requests it supersedes carry over to it. */
  readonly carriedPositions: readonly (PositionView & { readonly from: string })[];
}

/** A bill that carries (or carried) the package, with its own record. */
export interface BillView extends Bill {
  readonly label: string;
  /** The title it was attached with, or the one its latest substitute gave it (a shell bill's new content). */
  readonly title: string | null;
  readonly carrying: boolean;
  readonly detached: { readonly reason: string; readonly occurredAt: OccurredAt } | null;
  readonly status: BillStatus;
  /** e.g. "passed Senate, House pending", "House concurred in the Senate amendment: both agreed". */
  readonly summary: string;
  /** Chambers that agree to the text now in play. */
  readonly agreed: readonly ('house' | 'senate')[];
  /** The chamber whose action on the other's amendment is pending. */
  readonly awaiting: 'house' | 'senate' | null;
  readonly lawNumber: string | null;
  /** Cloture votes and rules on it: procedure, never passage. */
  readonly procedure: readonly ActionView[];
  readonly lastAction: ActionView | null;
}

/** A line of a stage, with where it comes from at the requested stage. */
export type StageLine = AidLine & { readonly aidRequestId?: string; readonly componentId?: string };

/** The money at one stage, with its source and date: requested, a version of a bill, or an outside assessment. */
export interface StageAmounts {
  readonly stage: 'requested' | BillVersion | 'assessment';
  /** The bill whose version it is (label), for a bill version. */
  readonly bill: string | null;
  readonly assessor: string | null;
  readonly measure: string | null;
  readonly occurredAt: OccurredAt | null;
  readonly recordedAt: string | null;
  readonly sources: readonly Source[];
  readonly confidence: Confidence | null;
  readonly note: string | null;
  readonly lines: readonly StageLine[];
  /** Totals the record states (the requests' totals, a version's stated total), which the lines may not add up to. */
  readonly statedTotals: readonly MoneySum[];
  /** The lines added up, per currency. */
  readonly totals: readonly MoneySum[];
  readonly byRecipient: readonly Amount[];
  readonly byRecipientAndPurpose: readonly Amount[];
}

/** Which stage amountsByRecipient sums. */
export interface AmountsBasis {
  /** requested (the requests' lines and components) until a bill carrying it has a version recorded. */
  readonly stage: 'requested' | 'bill_versions';
  /** For bill_versions: the most advanced version of each bill carrying the package now. */
  readonly versions: readonly { readonly bill: string; readonly version: BillVersion }[];
  readonly summary: string;
}

export interface PackageView {
  readonly id: string;
  readonly version: number;
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  /** Before a bill: proposed or bundled; then derived from every bill carrying it now: the least advanced. */
  readonly status: PackageRow['status'];
  /** The bill attached last of those carrying it now. */
  readonly bill: PackageRow['bill'];
  /** Every bill that carries or carried it, each with its own status. */
  readonly bills: readonly BillView[];
  readonly lawNumber: string | null;
  readonly aidRequests: readonly AidRequestView[];
  /** Bundled ids whose own AidRequested event the board has not applied yet. */
  readonly pendingAidRequestIds: readonly string[];
  readonly components: readonly ComponentView[];
  readonly proposedAdditions: readonly ProposedAddition[];
  /** Every stage side by side: requested, each bill version recorded, each outside assessment. */
  readonly amountsByStage: readonly StageAmounts[];
  /** What amountsByRecipient sums: never a line that the stage it sums dropped. */
  readonly amountsBasis: AmountsBasis;
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

/** A page of the board: packages in id order, then the requests in no package; `next` is the cursor of the rest. */
export interface BoardPage extends NegotiationsBoard {
  readonly next: string | null;
}

/** A place on the board: `package/<id>` or `request/<id>` (packages come first: "package" < "request"). */
export const BOARD_CURSOR = /^(package|request)\/([a-z0-9][a-z0-9._-]{0,79})$/;

export function parseBoardKey(key: string): { kind: 'package' | 'request'; id: string } {
  const match = BOARD_CURSOR.exec(key);
  if (!match) throw new Error(`not a board cursor: ${key}`);
  return { kind: match[1] === 'package' ? 'package' : 'request', id: match[2] as string };
}

/** The cursor after the last item of a (non-empty) board page. */
export function nextKey(board: NegotiationsBoard): string | null {
  const request = board.unbundledAidRequests.at(-1);
  const pkg = board.packages.at(-1);
  return request ? `request/${request.id}` : pkg ? `package/${pkg.id}` : null;
}

/** A page cut from a whole board in memory (as-of reads), with the same cursor as the tables' pages. */
export function pageBoard(board: NegotiationsBoard, page: PageRequest): BoardPage {
  const items = [...board.packages.map((view) => ({ key: `package/${view.id}`, view })), ...board.unbundledAidRequests.map((view) => ({ key: `request/${view.id}`, view }))];
  const { items: cut, next } = pageOf(items, (item) => item.key, page);
  const kept = new Set(cut.map((item) => item.key));
  return {
    packages: board.packages.filter((view) => kept.has(`package/${view.id}`)),
    unbundledAidRequests: board.unbundledAidRequests.filter((view) => kept.has(`request/${view.id}`)),
    next,
  };
}

interface Line {
  readonly recipient: Recipient;
  readonly purpose: string;
  readonly amount: Money;
}

function group<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/** Exact totals per currency, with their combined qualifier. */
export function sumByCurrency(amounts: readonly Money[]): MoneySum[] {
  return group(amounts, (m) => m.currency)
    .map((same) => sumMoney(same, (same[0] as Money).currency))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Exact totals per recipient (and purpose) and currency, each with its combined qualifier. */
export function sumAmounts(lines: readonly Line[], byPurpose: boolean): Amount[] {
  return group(lines, (line) => JSON.stringify([recipientKey(line.recipient), byPurpose ? line.purpose : null, line.amount.currency]))
    .map((same): Amount => {
      const first = same[0] as Line;
      return { recipient: first.recipient, ...(byPurpose ? { purpose: first.purpose } : {}), ...sumMoney(same.map((l) => l.amount), first.amount.currency) };
    })
    .sort(
      (a, b) =>
        recipientLabel(a.recipient).localeCompare(recipientLabel(b.recipient)) || (a.purpose ?? '').localeCompare(b.purpose ?? '') || a.currency.localeCompare(b.currency),
    );
}

function componentLines(components: readonly ComponentView[]): StageLine[] {
  return components.flatMap((c) => (c.recipient && c.amount ? [{ recipient: c.recipient, purpose: (c.purpose ?? 'other') as AidLine['purpose'], amount: c.amount, componentId: c.componentId }] : []));
}

const unique = <T>(items: readonly T[]) => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];

function stage(fields: Omit<StageAmounts, 'totals' | 'byRecipient' | 'byRecipientAndPurpose'>): StageAmounts {
  return { ...fields, totals: sumByCurrency(fields.lines.map((l) => l.amount)), byRecipient: sumAmounts(fields.lines, false), byRecipientAndPurpose: sumAmounts(fields.lines, true) };
}

function requestedStage(requests: readonly AidRequestRow[], components: readonly ComponentView[]): StageAmounts | null {
  const lines: StageLine[] = [...requests.flatMap((r) => r.lines.map((line) => ({ ...line, aidRequestId: r.id }))), ...componentLines(components)];
  if (requests.length === 0 && lines.length === 0) return null;
  const current = requests.flatMap((r) => r.revisions.slice(-1));
  const latest = [...current].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)).at(-1);
  return stage({
    stage: 'requested',
    bill: null,
    assessor: null,
    measure: null,
    occurredAt: latest?.occurredAt ?? null,
    recordedAt: latest?.recordedAt ?? null,
    sources: unique(current.flatMap((r) => r.sources)),
    confidence: requests.length === 1 ? (requests[0] as AidRequestRow).confidence : null,
    note: components.some((c) => c.amount) ? 'the requests\' lines and the components taken into the package' : null,
    lines,
    statedTotals: sumByCurrency(requests.map((r) => r.total)),
  });
}

/** From the least to the most advanced; a chamber's version ranks with the other's (the later recorded wins). */
const VERSION_RANK: Record<BillVersion, number> = { introduced: 0, house_committee: 1, senate_committee: 1, house: 2, senate: 2, conference: 3, enrolled: 4, enacted: 5 };

/**
 * What amountsByRecipient sums: the most advanced version recorded of each bill carrying the
 * package now (the later recorded of equal rank); the requested lines until there is one.
 */
function basisOf(pkg: PackageRow): { basis: AmountsBasis; versions: PackageRow['versions'] } {
  const chosen = pkg.carryingBills.flatMap((key) => {
    const mine = pkg.versions.filter((v) => v.billKey === key);
    return mine.reduce<(typeof mine)[number][]>((best, v) => (best[0] && VERSION_RANK[best[0].version] > VERSION_RANK[v.version] ? best : [v]), []);
  });
  if (chosen.length === 0) return { basis: { stage: 'requested', versions: [], summary: 'the requested lines (and components): no version of a bill carrying it is recorded' }, versions: [] };
  const versions = chosen.map((v) => ({ bill: v.bill, version: v.version }));
  return { basis: { stage: 'bill_versions', versions, summary: versions.map((v) => `the ${v.version.replace('_', ' ')} version of ${v.bill}`).join(' and ') }, versions: chosen };
}

function billViews(pkg: PackageRow): BillView[] {
  const actions = actionsByBill(pkg);
  return pkg.billAttachments.map((attached) => {
    const { key: _key, attachedAt: _at, ...bill } = attached;
    const own = actions[attached.key] ?? [];
    const record = billRecord(attached, own);
    return {
      ...bill,
      title: record.textTitle ?? attached.title,
      carrying: pkg.carryingBills.includes(attached.key),
      status: record.status,
      summary: record.summary,
      agreed: record.agreed,
      awaiting: record.awaiting,
      lawNumber: record.lawNumber,
      procedure: own.filter((a) => a.procedure),
      lastAction: own.at(-1) ?? null,
    };
  });
}

/**
 * The board from the rows. Each row belongs to one stream; relations between streams (which
 * package holds a request, which request supersedes which) are joined here, at read time, so the
 * board is the same whatever order Kafka delivered the streams in.
 */
export function assembleBoard(aidRequests: readonly AidRequestRow[], packages: readonly PackageRow[], filter: NegotiationsFilter = {}): NegotiationsBoard {
  const byId = new Map(aidRequests.map((row) => [row.id, row]));
  const ordered = [...packages].sort((a, b) => inKeyOrder(a.id, b.id));
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
    return [...carried(previous, seen), ...previous.positions.map((p) => ({ ...p, from: previous.id }))];
  };
  const view = (row: AidRequestRow): AidRequestView => {
    const { position: _position, status, ...rest } = row;
    const packageId = holderOf.get(row.id) ?? null;
    const closed = status === 'withdrawn' || status === 'superseded';
    const carriedPositions = carried(row);
    // Carried positions come first: the request's own later positions supersede them, actor by actor.
    const contested = !closed && isContested([...carriedPositions, ...row.positions]);
    return { ...rest, status: closed ? status : packageId ? 'bundled' : contested ? 'contested' : 'requested', contested, packageId, carriedPositions };
  };

  const packageViews = ordered.map((pkg): PackageView => {
    const bundled = pkg.aidRequestIds.flatMap((id) => byId.get(id) ?? []);
    const requested = requestedStage(bundled, pkg.components);
    const versions = pkg.versions.map((v) =>
      stage({ stage: v.version, bill: v.bill, assessor: null, measure: null, occurredAt: v.occurredAt, recordedAt: v.recordedAt, sources: v.sources, confidence: v.confidence, note: v.note, lines: v.lines, statedTotals: v.statedTotal ? sumByCurrency([v.statedTotal]) : [] }),
    );
    const assessments = pkg.assessments.map((a) =>
      stage({ stage: 'assessment', bill: null, assessor: a.assessor, measure: a.measure, occurredAt: a.occurredAt, recordedAt: a.recordedAt, sources: a.sources, confidence: a.confidence, note: a.note, lines: a.lines, statedTotals: [] }),
    );
    const { basis, versions: summed } = basisOf(pkg);
    const lines = basis.stage === 'requested' ? (requested?.lines ?? []) : summed.flatMap((v) => v.lines);
    return {
      id: pkg.id,
      version: pkg.version,
      title: pkg.title,
      sponsor: pkg.sponsor,
      rationale: pkg.rationale,
      status: pkg.status,
      bill: pkg.bill,
      bills: billViews(pkg),
      lawNumber: pkg.lawNumber,
      aidRequests: bundled.map(view),
      pendingAidRequestIds: pkg.aidRequestIds.filter((id) => !byId.has(id)),
      components: pkg.components,
      proposedAdditions: pkg.proposedAdditions,
      amountsByStage: [...(requested ? [requested] : []), ...versions, ...assessments],
      amountsBasis: basis,
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
    .sort((a, b) => inKeyOrder(a.id, b.id));

  const forRecipient = (recipients: readonly Recipient[]) => !filter.recipient || recipients.some((r) => recipientCountries(r).includes(filter.recipient as string));
  return {
    packages: packageViews.filter(
      (p) =>
        forRecipient([...p.amountsByStage.filter((s) => s.stage !== 'assessment').flatMap((s) => s.lines.map((l) => l.recipient)), ...p.proposedAdditions.flatMap((c) => c.recipient ?? [])]) &&
        (!filter.status || p.status === filter.status),
    ),
    unbundledAidRequests: unbundled.filter((r) => forRecipient(r.lines.map((l) => l.recipient)) && (!filter.status || r.status === filter.status)),
  };
}

export function aidRequestView(row: AidRequestRow, related: readonly AidRequestRow[], packages: readonly PackageRow[]): AidRequestView | null {
  const board = assembleBoard([row, ...related.filter((r) => r.id !== row.id)], packages);
  return [...board.packages.flatMap((p) => p.aidRequests), ...board.unbundledAidRequests].find((r) => r.id === row.id) ?? null;
}
