import type { Queryable, StoredEvent } from '@policy-ledger/event-store';
import { entityIdOf, type Projection } from '../projection';
import { evolveShipment, SHIPMENT_CORRIDORS, type ShipmentRow } from './shipment-corridors.projection';
import { assembleCorridors, type Corridor } from './shipment-corridors.view';

async function loadShipment(db: Queryable, id: string): Promise<ShipmentRow | null> {
  const { rows } = await db.query<{ doc: ShipmentRow }>('SELECT doc FROM rm_shipments WHERE id = $1', [id]);
  return rows[0]?.doc ?? null;
}

export const shipmentCorridorsProjection: Projection = {
  name: SHIPMENT_CORRIDORS,
  tables: ['rm_shipments'],
  handles: ['ShipmentReported', 'ShipmentLegReported', 'ShipmentEstimateUpdated', 'ShipmentClaimDisputed', 'ShipmentReportRetracted'],

  async apply(tx, event: StoredEvent) {
    const id = entityIdOf(event);
    const row = evolveShipment(await loadShipment(tx, id), event);
    if (!row) return;
    await tx.query(
      `INSERT INTO rm_shipments (id, supplier, recipient, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET supplier = excluded.supplier, recipient = excluded.recipient, doc = excluded.doc`,
      [id, row.supplier, row.recipient, row],
    );
  },
};

export const readShipment = loadShipment;

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
