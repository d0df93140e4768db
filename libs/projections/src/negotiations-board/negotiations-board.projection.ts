import type { AidLine, Bill, Confidence, EventData, Money, OccurredAt, Party, Source, StoredEvent } from '@policy-ledger/contracts';
import { billKey, billLabel, packageStatus, type PackageStatus } from '@policy-ledger/domain';
import { type Documents, documentsProjection, entityIdOf, isReplay, type VersionedRow } from '../projection';

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

export interface AidRequestRow extends VersionedRow {
  readonly requester: string;
  readonly addressee: string;
  readonly lines: readonly AidLine[];
  readonly total: Money;
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
  readonly recipient: string | null;
  readonly purpose: string | null;
  readonly amount: Money | null;
}

export interface ProposedAddition extends ComponentView {
  readonly proposedBy: Party;
  readonly occurredAt: OccurredAt;
}

export interface ActionView {
  readonly bill: string;
  readonly chamber: EventData<'LegislativeActionRecorded'>['chamber'];
  readonly action: EventData<'LegislativeActionRecorded'>['action'];
  readonly vote: EventData<'LegislativeActionRecorded'>['vote'] | null;
  readonly amount: Money | null;
  readonly lawNumber: string | null;
  readonly note: string | null;
  readonly occurredAt: OccurredAt;
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
  readonly bill: (Bill & { readonly label: string }) | null;
  readonly actions: readonly (ActionView & { readonly billKey: string })[];
  readonly lawNumber: string | null;
  readonly sources: readonly Source[];
  readonly lastAction: LastAction;
}

function action(event: StoredEvent, occurredAt: OccurredAt, summary: string): LastAction {
  return { type: event.type, occurredAt, recordedAt: event.recordedAt, summary };
}

function partyName(party: Party): string {
  return [party.name, party.country].filter(Boolean).join(', ');
}

/** contested once an actor's latest position opposes or sets conditions. */
function ownStatus(row: Pick<AidRequestRow, 'status' | 'positions'>): AidRequestRow['status'] {
  if (row.status === 'withdrawn' || row.status === 'superseded') return row.status;
  const latest = new Map(row.positions.map((p) => [JSON.stringify(p.actor), p.stance]));
  return [...latest.values()].some((stance) => stance === 'opposes' || stance === 'sets_conditions') ? 'contested' : 'requested';
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
  actions: [],
  lawNumber: null,
  sources: [],
} as const;

function withStatus(row: Omit<PackageRow, 'status'>): PackageRow {
  const actions: Record<string, ActionView[]> = {};
  for (const a of row.actions) (actions[a.billKey] ??= []).push(a);
  const status = packageStatus({
    aidRequestIds: row.aidRequestIds,
    componentIds: row.components.map((c) => c.componentId),
    proposedComponentIds: row.proposedAdditions.map((c) => c.componentId),
    bill: row.bill,
    actions,
  });
  return { ...row, status };
}

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
      const bill = { ...attached.bill, label: billLabel(attached.bill) };
      return withStatus({ ...base, sources, bill, lastAction: action(event, attached.occurredAt, `carried by ${bill.label}`) });
    }
    case 'LegislativeActionRecorded': {
      const recorded = event.data;
      const view = {
        billKey: billKey(recorded.bill),
        bill: billLabel(recorded.bill),
        chamber: recorded.chamber,
        action: recorded.action,
        vote: recorded.vote ?? null,
        amount: recorded.amount ?? null,
        lawNumber: recorded.lawNumber ?? null,
        note: recorded.note ?? null,
        occurredAt: recorded.occurredAt,
      };
      const vote = recorded.vote ? ` ${recorded.vote.yea}-${recorded.vote.nay}` : '';
      return withStatus({
        ...base,
        sources,
        actions: [...base.actions, view],
        lawNumber: recorded.lawNumber ?? base.lawNumber,
        lastAction: action(event, recorded.occurredAt, `${recorded.chamber} ${recorded.action.replace('_', ' ')}${vote} on ${view.bill}`),
      });
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
