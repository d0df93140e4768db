import type { Queryable } from '@policy-ledger/event-store';
import { loadDocuments } from '../projection';
import { shipmentDocuments, type ShipmentRow } from './shipment-corridors.projection';
import { assembleCorridors, type Corridor } from './shipment-corridors.view';

export async function readShipment(db: Queryable, id: string): Promise<ShipmentRow | null> {
  return (await loadDocuments(db, shipmentDocuments, [id])).get(id) ?? null;
}

export interface CorridorsFilter {
  readonly supplier?: string;
  readonly recipient?: string;
  /** Only what had happened in the world before this date. */
  readonly occurredBefore?: string;
}

export async function readCorridors(db: Queryable, filter: CorridorsFilter = {}): Promise<Corridor[]> {
  const { rows } = await db.query<{ doc: ShipmentRow }>(
    `SELECT doc FROM rm_shipments WHERE ($1::text IS NULL OR supplier = $1) AND ($2::text IS NULL OR recipient = $2) ORDER BY id`,
    [filter.supplier ?? null, filter.recipient ?? null],
  );
  return assembleCorridors(rows.map((row) => row.doc), filter.occurredBefore);
}
