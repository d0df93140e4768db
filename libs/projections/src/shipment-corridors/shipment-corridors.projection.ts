import type { Confidence, EventData, OccurredAt, Party, Quantity, ShipmentItem, ShipmentLeg, Source, StoredEvent } from '@policy-ledger/contracts';
import { itemEstimateId, updateEstimateId } from '@policy-ledger/domain';
import { type Documents, documentsProjection, entityIdOf, isReplay, partyName, type VersionedRow } from '../projection';

export const SHIPMENT_CORRIDORS = 'shipment-corridors';

/** A figure for one category of a shipment, from one source, as of when it was reported. */
export interface Estimate {
  /** `item-<n>` for the report's items, the client's id or `estimate-<n>` for updates. */
  readonly estimateId: string;
  readonly kind: 'report' | 'update';
  readonly category: string;
  readonly quantity: Quantity;
  /** Who gives the figure: `estimatedBy` when named, else the publisher of the figure's first source. */
  readonly source: string;
  readonly estimatedBy: Party | null;
  /** The figure this one restates in another unit (containers said to hold so many shells). */
  readonly equivalentOf: string | null;
  /** The period the count covers: from its counting start (day, month or year; null when unsaid) to `through` or the date it was given. */
  readonly covers: { readonly from: string | null; readonly to: string };
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
}

export interface Dispute {
  /** The figure it disputes, when it is one. */
  readonly estimateId: string | null;
  readonly source: string;
  readonly claim: string;
  readonly counterClaim: string;
  readonly quantity: Quantity | null;
  readonly disputedBy: Party;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly occurredAt: OccurredAt;
}

export interface ShipmentRow extends VersionedRow {
  readonly supplier: string;
  readonly recipient: string;
  readonly items: readonly ShipmentItem[];
  readonly legs: readonly ShipmentLeg[];
  readonly finalDestination: EventData<'ShipmentReported'>['finalDestination'] | null;
  readonly stage: EventData<'ShipmentReported'>['stage'];
  readonly intendedUse: string | null;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly recordedAt: string;
  /** Every figure ever given, in the order learned: the report's own, then updates. */
  readonly estimates: readonly Estimate[];
  readonly disputes: readonly Dispute[];
  readonly retraction: { readonly reason: string; readonly occurredAt: OccurredAt } | null;
}

type Fact = { sources: Source[]; confidence: Confidence; occurredAt: OccurredAt; reportedAt?: string };

/** Who gives a figure or a dispute: the party named, else the publisher of its first source. */
function sourceOf(fact: Fact, party?: Party): string {
  return party ? partyName(party) : (fact.sources[0]?.publisher ?? 'unknown');
}

interface Figure {
  readonly estimateId: string;
  readonly kind: Estimate['kind'];
  readonly category: string;
  readonly quantity: Quantity;
  readonly estimatedBy?: Party;
  readonly equivalentOf?: string;
}

function estimate({ estimateId, kind, category, quantity, estimatedBy, equivalentOf }: Figure, fact: Fact, recordedAt: string): Estimate {
  return {
    estimateId,
    kind,
    category,
    quantity,
    source: sourceOf(fact, estimatedBy),
    estimatedBy: estimatedBy ?? null,
    equivalentOf: equivalentOf ?? null,
    covers: { from: quantity.countingSince ?? null, to: quantity.through ?? fact.occurredAt.to ?? fact.occurredAt.from },
    sources: fact.sources,
    confidence: fact.confidence,
    occurredAt: fact.occurredAt,
    reportedAt: fact.reportedAt ?? null,
    recordedAt,
  };
}

/** Evolves one shipment's row. Pure; a replayed event returns the row unchanged. */
export function evolveShipment(row: ShipmentRow | null, event: StoredEvent): ShipmentRow | null {
  if (isReplay(row, event)) return row;
  const stamp = { version: event.version, position: event.position };
  if (event.type === 'ShipmentReported') {
    const data = event.data;
    return {
      id: entityIdOf(event),
      ...stamp,
      supplier: data.supplier,
      recipient: data.recipient,
      items: data.items,
      legs: data.legs,
      finalDestination: data.finalDestination ?? null,
      stage: data.stage,
      intendedUse: data.intendedUse ?? null,
      occurredAt: data.occurredAt,
      reportedAt: data.reportedAt ?? null,
      confidence: data.confidence,
      sources: data.sources,
      recordedAt: event.recordedAt,
      estimates: data.items.map((item, i) => estimate({ estimateId: itemEstimateId(i + 1), kind: 'report', category: item.category, quantity: item.quantity }, data, event.recordedAt)),
      disputes: [],
      retraction: null,
    };
  }
  // Every later event of the stream comes after ShipmentReported (Kafka keeps a stream's order).
  if (row === null) return null;
  switch (event.type) {
    case 'ShipmentLegReported':
      return { ...row, ...stamp, legs: [...row.legs, event.data.leg] };
    case 'ShipmentEstimateUpdated': {
      const data = event.data;
      // Rows stored before estimates had ids get the id the decider gives: estimate-<n>, n counting updates.
      const estimateId = data.estimateId ?? updateEstimateId(row.estimates.filter((e) => e.kind === 'update').length + 1);
      return { ...row, ...stamp, estimates: [...row.estimates, estimate({ ...data, estimateId, kind: 'update' }, data, event.recordedAt)] };
    }
    case 'ShipmentClaimDisputed': {
      const data = event.data;
      const dispute: Dispute = {
        estimateId: data.disputes ?? null,
        source: sourceOf(data),
        claim: data.claim,
        counterClaim: data.counterClaim,
        quantity: data.quantity ?? null,
        disputedBy: data.disputedBy,
        sources: data.sources,
        confidence: data.confidence,
        occurredAt: data.occurredAt,
      };
      return { ...row, ...stamp, disputes: [...row.disputes, dispute] };
    }
    case 'ShipmentReportRetracted': {
      const data = event.data;
      return { ...row, ...stamp, retraction: { reason: data.reason, occurredAt: data.occurredAt } };
    }
    default:
      return { ...row, ...stamp };
  }
}

export const shipmentDocuments: Documents<ShipmentRow> = {
  table: 'rm_shipments',
  streamType: 'shipment',
  evolve: evolveShipment,
  columns: { supplier: ['text', (row) => row.supplier], recipient: ['text', (row) => row.recipient] },
};

/** The corridors: one document per shipment; corridors are assembled when read. */
export const shipmentCorridorsProjection = documentsProjection(SHIPMENT_CORRIDORS, shipmentDocuments);
