import type { Confidence, EventData, OccurredAt, Party, Quantity, ShipmentItem, ShipmentLeg, Source, StoredEvent } from '@policy-ledger/contracts';
import { type Documents, documentsProjection, entityIdOf, isReplay, type VersionedRow } from '../projection';

export const SHIPMENT_CORRIDORS = 'shipment-corridors';

/** A figure for one category of a shipment, from one source, as of when it was reported. */
export interface Estimate {
  readonly category: string;
  readonly quantity: Quantity;
  /** The publisher of the figure's first source. */
  readonly source: string;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
}

export interface Dispute {
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

function estimate(category: string, quantity: Quantity, fact: { sources: Source[]; confidence: Confidence; occurredAt: OccurredAt; reportedAt?: string }, recordedAt: string): Estimate {
  return {
    category,
    quantity,
    source: fact.sources[0]?.publisher ?? 'unknown',
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
      estimates: data.items.map((item) => estimate(item.category, item.quantity, data, event.recordedAt)),
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
      return { ...row, ...stamp, estimates: [...row.estimates, estimate(data.category, data.quantity, data, event.recordedAt)] };
    }
    case 'ShipmentClaimDisputed': {
      const data = event.data;
      const dispute: Dispute = {
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
