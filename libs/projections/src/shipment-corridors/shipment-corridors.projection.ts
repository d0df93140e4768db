import type { Confidence, OccurredAt, ShipmentItem, ShipmentLeg, ShipmentReportedV1, Source } from '@policy-ledger/contracts';
import type { StoredEvent } from '@policy-ledger/event-store';
import { entityIdOf, isReplay, type VersionedRow } from '../projection';

export const SHIPMENT_CORRIDORS = 'shipment-corridors';

export interface ShipmentRow extends VersionedRow {
  readonly supplier: string;
  readonly recipient: string;
  readonly items: readonly ShipmentItem[];
  readonly legs: readonly ShipmentLeg[];
  readonly finalDestination: ShipmentReportedV1['finalDestination'] | null;
  readonly stage: ShipmentReportedV1['stage'];
  readonly intendedUse: string | null;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly confidence: Confidence;
  readonly sources: readonly Source[];
  readonly recordedAt: string;
}

/** Evolves one shipment's row. Pure; a replayed event returns the row unchanged. */
export function evolveShipment(row: ShipmentRow | null, event: StoredEvent): ShipmentRow | null {
  if (isReplay(row, event)) return row;
  switch (event.type) {
    case 'ShipmentReported': {
      const data = event.data as ShipmentReportedV1;
      return {
        id: entityIdOf(event),
        version: event.version,
        position: event.position,
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
      };
    }
    default:
      return row;
  }
}
