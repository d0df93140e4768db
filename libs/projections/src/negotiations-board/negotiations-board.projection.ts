import type { AidLine, Bill, BillVersion, Confidence, EventData, Money, OccurredAt, Party, Recipient, Source, StoredEvent } from '@policy-ledger/contracts';
import { billKey, billLabel, billsAfterAttaching, billsAfterDetaching, isProcedure, packageStatus, type PackageStatus } from '@policy-ledger/domain';
import { type Documents, documentsProjection, entityIdOf, isReplay, partyName, type VersionedRow } from '../projection';

export const NEGOTIATIONS_BOARD = 'negotiations-board';

export interface LastAction {
  readonly type: string;
  readonly occurredAt: OccurredAt;
  readonly recordedAt: string;
  readonly summary: string;
}

export interface PositionView {
  readonly actor: Party;
  readonly stance: EventData<'PositionRecorded'>['stance'];
  readonly conditions: readonly string[];
  readonly quote: string | null;
  readonly occurredAt: OccurredAt;
  readonly sources: readonly Source[];
}

/** A request's lines as first asked, or as amended later. */
export interface RequestRevision {
  readonly lines: readonly AidLine[];
  readonly total: Money;
  readonly reason: string | null;
  readonly occurredAt: OccurredAt;
  readonly sources: readonly Source[];
  readonly recordedAt: string;
}

export interface AidRequestRow extends VersionedRow {
  readonly requester: string;
  readonly addressee: string;
  /** The lines as they stand now (the last revision): a line an amendment left out is gone. */
  readonly lines: readonly AidLine[];
  readonly total: Money;
  /** Every version of the lines, the request first, then each amendment. */
  readonly revisions: readonly RequestRevision[];
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
  /** The request's own status; whether a package holds it is joined when read. */
  readonly status: 'requested' | 'contested' | 'withdrawn' | 'superseded';
  readonly positions: readonly PositionView[];
  readonly withdrawal: { readonly reason: string; readonly occurredAt: OccurredAt } | null;
  readonly occurredAt: OccurredAt;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly lastAction: LastAction;
}

export interface ComponentView {
  readonly componentId: string;
  readonly description: string;
  readonly recipient: Recipient | null;
  readonly purpose: string | null;
  readonly amount: Money | null;
}

export interface ProposedAddition extends ComponentView {
  readonly proposedBy: Party;
  readonly occurredAt: OccurredAt;
}

type Recorded = EventData<'LegislativeActionRecorded'>;

export interface ActionView {
  readonly bill: string;
  readonly chamber: Recorded['chamber'];
  readonly action: Recorded['action'];
  /** Cloture votes and rules: recorded and shown, never passage. */
  readonly procedure: boolean;
  readonly vote: Recorded['vote'] | null;
  readonly method: Recorded['method'] | null;
  readonly clotureOn: Recorded['clotureOn'] | null;
  /** With rule_adopted: the simple resolution, e.g. "H.Res. 1097 (117th Congress)". */
  readonly rule: string | null;
  readonly amendment: Recorded['amendment'] | null;
  readonly amount: Money | null;
  readonly lawNumber: string | null;
  readonly note: string | null;
  readonly occurredAt: OccurredAt;
}

/** A bill that carries or carried the package. */
export interface BillAttachment extends Bill {
  readonly key: string;
  readonly label: string;
  readonly title: string | null;
  readonly attachedAt: OccurredAt;
  readonly detached: { readonly reason: string; readonly occurredAt: OccurredAt } | null;
}

/** When, from whom and how sure: every stage of money carries it. */
interface Sourced {
  readonly occurredAt: OccurredAt;
  readonly recordedAt: string;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly note: string | null;
}

/** The amounts of one version of a bill (the latest recorded for that bill and version). */
export interface VersionAmounts extends Sourced {
  readonly billKey: string;
  readonly bill: string;
  readonly version: BillVersion;
  readonly lines: readonly AidLine[];
  readonly statedTotal: Money | null;
}

/** An outside assessment (the latest of each assessor and measure). */
export interface Assessment extends Sourced {
  readonly assessor: string;
  readonly measure: EventData<'AmountsAssessed'>['measure'];
  readonly lines: readonly AidLine[];
}

export interface PackageRow extends VersionedRow {
  /** Null until PackageProposed is applied (it always comes first in its stream). */
  readonly title: string | null;
  readonly sponsor: string | null;
  readonly rationale: string | null;
  readonly status: PackageStatus;
  readonly aidRequestIds: readonly string[];
  readonly components: readonly ComponentView[];
  readonly proposedAdditions: readonly ProposedAddition[];
  /** The bill attached last of those carrying it now (see `carryingBills` for all of them). */
  readonly bill: (Bill & { readonly label: string }) | null;
  /** Keys of the bills carrying it now, in the order attached. */
  readonly carryingBills: readonly string[];
  /** Every bill that carries or carried it, in the order first attached. */
  readonly billAttachments: readonly BillAttachment[];
  readonly actions: readonly (ActionView & { readonly billKey: string })[];
  readonly versions: readonly VersionAmounts[];
  readonly assessments: readonly Assessment[];
  readonly lawNumber: string | null;
  readonly sources: readonly Source[];
  readonly lastAction: LastAction;
}

function action(event: StoredEvent, occurredAt: OccurredAt, summary: string): LastAction {
  return { type: event.type, occurredAt, recordedAt: event.recordedAt, summary };
}


/** Whether an actor's latest position, in the order given, opposes or sets conditions. */
export function isContested(positions: readonly Pick<PositionView, 'actor' | 'stance'>[]): boolean {
  const latest = new Map(positions.map((p) => [JSON.stringify(p.actor), p.stance]));
  return [...latest.values()].some((stance) => stance === 'opposes' || stance === 'sets_conditions');
}

/** contested once an actor's latest position opposes or sets conditions (positions carried over count too, when read). */
function ownStatus(row: Pick<AidRequestRow, 'status' | 'positions'>): AidRequestRow['status'] {
  if (row.status === 'withdrawn' || row.status === 'superseded') return row.status;
  return isContested(row.positions) ? 'contested' : 'requested';
}

/** Evolves one aid request's row. Pure; a replayed event returns the row unchanged. */
export function evolveAidRequest(row: AidRequestRow | null, event: StoredEvent): AidRequestRow | null {
  if (isReplay(row, event)) return row;
  const stamp = { version: event.version, position: event.position };
  if (event.type === 'AidRequested') {
    const data = event.data;
    return {
      id: entityIdOf(event),
      ...stamp,
      requester: data.requester,
      addressee: data.addressee,
      lines: data.lines,
      total: data.total,
      revisions: [{ lines: data.lines, total: data.total, reason: null, occurredAt: data.occurredAt, sources: data.sources, recordedAt: event.recordedAt }],
      supersedes: data.supersedes ?? null,
      supersededBy: row?.supersededBy ?? null,
      status: 'requested',
      positions: [],
      withdrawal: null,
      occurredAt: data.occurredAt,
      confidence: data.confidence,
      sources: data.sources,
      lastAction: action(event, data.occurredAt, `${data.requester} asks ${data.addressee} for ${data.total.amount} ${data.total.currency}`),
    };
  }
  // Every later event of the stream comes after AidRequested (Kafka keeps a stream's order).
  if (row === null) return null;
  switch (event.type) {
    case 'PositionRecorded': {
      const data = event.data;
      const position: PositionView = {
        actor: data.actor,
        stance: data.stance,
        conditions: data.conditions ?? [],
        quote: data.quote ?? null,
        occurredAt: data.occurredAt,
        sources: data.sources,
      };
      const positions = [...row.positions, position];
      return {
        ...row,
        ...stamp,
        positions,
        status: ownStatus({ status: row.status, positions }),
        lastAction: action(event, data.occurredAt, `${partyName(data.actor)} ${data.stance.replace('_', ' ')}`),
      };
    }
    case 'AidRequestAmended': {
      const data = event.data;
      const revision: RequestRevision = { lines: data.lines, total: data.total, reason: data.reason ?? null, occurredAt: data.occurredAt, sources: data.sources, recordedAt: event.recordedAt };
      const summary = `lines amended: now ${data.total.amount} ${data.total.currency}${data.reason ? ` (${data.reason})` : ''}`;
      return { ...row, ...stamp, lines: data.lines, total: data.total, revisions: [...row.revisions, revision], lastAction: action(event, data.occurredAt, summary) };
    }
    case 'AidRequestWithdrawn': {
      const data = event.data;
      return { ...row, ...stamp, status: 'withdrawn', withdrawal: { reason: data.reason, occurredAt: data.occurredAt }, lastAction: action(event, data.occurredAt, `withdrawn: ${data.reason}`) };
    }
    case 'AidRequestSuperseded': {
      const data = event.data;
      return { ...row, ...stamp, status: 'superseded', supersededBy: data.supersededBy, lastAction: action(event, data.occurredAt, `superseded by ${data.supersededBy}`) };
    }
    case 'AidRequestBundled': {
      const data = event.data;
      return { ...row, ...stamp, lastAction: action(event, data.occurredAt, `bundled into ${data.packageId}`) };
    }
    default:
      return { ...row, ...stamp };
  }
}

function componentView(data: EventData<'ComponentProposed'> | EventData<'ComponentAdded'>, before?: ComponentView): ComponentView {
  return {
    componentId: data.componentId,
    description: data.description ?? before?.description ?? data.componentId,
    recipient: data.recipient ?? before?.recipient ?? null,
    purpose: data.purpose ?? before?.purpose ?? null,
    amount: data.amount ?? before?.amount ?? null,
  };
}

const EMPTY_PACKAGE = {
  title: null,
  sponsor: null,
  rationale: null,
  aidRequestIds: [],
  components: [],
  proposedAdditions: [],
  bill: null,
  carryingBills: [],
  billAttachments: [],
  actions: [],
  versions: [],
  assessments: [],
  lawNumber: null,
  sources: [],
} as const;

/** Each bill's recorded actions, by bill key. */
export function actionsByBill(row: Pick<PackageRow, 'actions'>): Record<string, ActionView[]> {
  const actions: Record<string, ActionView[]> = {};
  for (const a of row.actions) (actions[a.billKey] ??= []).push(a);
  return actions;
}

function withStatus(row: Omit<PackageRow, 'status'>): PackageRow {
  const status = packageStatus({
    aidRequestIds: row.aidRequestIds,
    componentIds: row.components.map((c) => c.componentId),
    bills: row.billAttachments.filter((b) => row.carryingBills.includes(b.key)),
    actions: actionsByBill(row),
  });
  return { ...row, status };
}

/** The carrying bills as the row keeps them: keys, and the one attached last. */
function carrying(attachments: readonly BillAttachment[], bills: readonly Bill[]): Pick<PackageRow, 'carryingBills' | 'bill'> {
  const last = bills.at(-1);
  return { carryingBills: bills.map(billKey), bill: last ? { congress: last.congress, type: last.type, number: last.number, label: billLabel(last) } : null };
}

const currentBills = (row: Pick<PackageRow, 'billAttachments' | 'carryingBills'>) => row.carryingBills.flatMap((key) => row.billAttachments.filter((b) => b.key === key));

const sourced = (event: StoredEvent, data: { occurredAt: OccurredAt; sources: Source[]; confidence: Confidence; note?: string }): Sourced => ({
  occurredAt: data.occurredAt,
  recordedAt: event.recordedAt,
  sources: data.sources,
  confidence: data.confidence,
  note: data.note ?? null,
});

/** Evolves one package's row. Pure; a replayed event returns the row unchanged. */
export function evolvePackage(row: PackageRow | null, event: StoredEvent): PackageRow | null {
  if (isReplay(row, event)) return row;
  const base = { ...EMPTY_PACKAGE, ...row, id: entityIdOf(event), version: event.version, position: event.position };
  const data = event.data;
  const sources = [...base.sources, ...data.sources];
  switch (event.type) {
    case 'PackageProposed': {
      const proposed = event.data;
      return withStatus({ ...base, sources, title: proposed.title, sponsor: proposed.sponsor, rationale: proposed.rationale ?? null, lastAction: action(event, proposed.occurredAt, `proposed by ${proposed.sponsor}`) });
    }
    case 'PackageBundled': {
      const bundled = event.data;
      const aidRequestIds = [...base.aidRequestIds, ...bundled.aidRequestIds.filter((id) => !base.aidRequestIds.includes(id))];
      return withStatus({ ...base, sources, aidRequestIds, lastAction: action(event, bundled.occurredAt, `bundles ${bundled.aidRequestIds.join(', ')}`) });
    }
    case 'ComponentProposed': {
      const proposed = event.data;
      const addition = { ...componentView(proposed), proposedBy: proposed.proposedBy, occurredAt: proposed.occurredAt };
      return withStatus({ ...base, sources, proposedAdditions: [...base.proposedAdditions, addition], lastAction: action(event, proposed.occurredAt, `${partyName(proposed.proposedBy)} floats ${addition.description}`) });
    }
    case 'ComponentAdded': {
      const added = event.data;
      const floated = base.proposedAdditions.find((c) => c.componentId === added.componentId);
      const component = componentView(added, floated);
      return withStatus({
        ...base,
        sources,
        components: [...base.components, component],
        proposedAdditions: base.proposedAdditions.filter((c) => c.componentId !== added.componentId),
        lastAction: action(event, added.occurredAt, `adds ${component.description}`),
      });
    }
    case 'ComponentRemoved': {
      const removed = event.data;
      return withStatus({ ...base, sources, components: base.components.filter((c) => c.componentId !== removed.componentId), lastAction: action(event, removed.occurredAt, `removes ${removed.componentId}: ${removed.reason}`) });
    }
    case 'PackageAttachedToBill': {
      const attached = event.data;
      const key = billKey(attached.bill);
      const earlier = base.billAttachments.find((b) => b.key === key);
      const attachment: BillAttachment = { ...attached.bill, key, label: billLabel(attached.bill), title: attached.title ?? earlier?.title ?? null, attachedAt: attached.occurredAt, detached: null };
      const billAttachments = earlier ? base.billAttachments.map((b) => (b.key === key ? attachment : b)) : [...base.billAttachments, attachment];
      const bills = billsAfterAttaching(currentBills(base), attached);
      const summary = attached.alongside ? `also carried by ${attachment.label}` : `carried by ${attachment.label}`;
      return withStatus({ ...base, sources, billAttachments, ...carrying(billAttachments, bills), lastAction: action(event, attached.occurredAt, summary) });
    }
    case 'PackageDetachedFromBill': {
      const detached = event.data;
      const key = billKey(detached.bill);
      const billAttachments = base.billAttachments.map((b) => (b.key === key ? { ...b, detached: { reason: detached.reason, occurredAt: detached.occurredAt } } : b));
      const bills = billsAfterDetaching(currentBills(base), detached);
      return withStatus({ ...base, sources, billAttachments, ...carrying(billAttachments, bills), lastAction: action(event, detached.occurredAt, `no longer carried by ${billLabel(detached.bill)}: ${detached.reason}`) });
    }
    case 'LegislativeActionRecorded': {
      const recorded = event.data;
      const view = {
        billKey: billKey(recorded.bill),
        bill: billLabel(recorded.bill),
        chamber: recorded.chamber,
        action: recorded.action,
        procedure: isProcedure(recorded.action),
        vote: recorded.vote ?? null,
        method: recorded.method ?? null,
        clotureOn: recorded.clotureOn ?? null,
        rule: recorded.rule ? billLabel(recorded.rule) : null,
        amendment: recorded.amendment ?? null,
        amount: recorded.amount ?? null,
        lawNumber: recorded.lawNumber ?? null,
        note: recorded.note ?? null,
        occurredAt: recorded.occurredAt,
      };
      const vote = recorded.vote ? ` ${recorded.vote.yea}-${recorded.vote.nay}` : recorded.method ? ` by ${recorded.method.replaceAll('_', ' ')}` : '';
      const rule = view.rule ? ` (${view.rule})` : '';
      return withStatus({
        ...base,
        sources,
        actions: [...base.actions, view],
        lawNumber: recorded.lawNumber ?? base.lawNumber,
        lastAction: action(event, recorded.occurredAt, `${recorded.chamber} ${recorded.action.replaceAll('_', ' ')}${vote} on ${view.bill}${rule}`),
      });
    }
    case 'BillAmountsRecorded': {
      const recorded = event.data;
      const key = billKey(recorded.bill);
      const version: VersionAmounts = { billKey: key, bill: billLabel(recorded.bill), version: recorded.version, lines: recorded.lines, statedTotal: recorded.statedTotal ?? null, ...sourced(event, recorded) };
      // A version recorded again (a correction, or that chamber's newer text) replaces the earlier record of it.
      const versions = [...base.versions.filter((v) => v.billKey !== key || v.version !== recorded.version), version];
      return withStatus({ ...base, sources, versions, lastAction: action(event, recorded.occurredAt, `amounts of the ${recorded.version.replace('_', ' ')} version of ${version.bill}`) });
    }
    case 'AmountsAssessed': {
      const assessed = event.data;
      const assessment: Assessment = { assessor: assessed.assessor, measure: assessed.measure, lines: assessed.lines, ...sourced(event, assessed) };
      const assessments = [...base.assessments.filter((a) => a.assessor !== assessed.assessor || a.measure !== assessed.measure), assessment];
      return withStatus({ ...base, sources, assessments, lastAction: action(event, assessed.occurredAt, `${assessed.assessor} counts ${assessed.measure.replace('_', ' ')}`) });
    }
    default:
      return row;
  }
}

export const aidRequestDocuments: Documents<AidRequestRow> = { table: 'rm_aid_requests', streamType: 'aid-request', evolve: evolveAidRequest };

export const packageDocuments: Documents<PackageRow> = {
  table: 'rm_packages',
  streamType: 'package',
  evolve: evolvePackage,
  columns: { aid_request_ids: ['text[]', (row) => row.aidRequestIds] },
};

/** The board: one document per aid request and per package; the board itself is assembled when read. */
export const negotiationsBoardProjection = documentsProjection(NEGOTIATIONS_BOARD, aidRequestDocuments, packageDocuments);
