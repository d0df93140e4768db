import type { Queryable } from '@policy-ledger/event-store';
import { loadDocuments } from '../projection';
import { shipmentDocuments, type ShipmentRow } from './shipment-corridors.projection';
import type { PageRequest } from '../paging';
import { assembleCorridors, type Corridor, corridorKey } from './shipment-corridors.view';

export async function readShipment(db: Queryable, id: string): Promise<ShipmentRow | null> {
  return (await loadDocuments(db, shipmentDocuments, [id])).get(id) ?? null;
}

export interface CorridorsFilter {
  readonly supplier?: string;
  readonly recipient?: string;
  /** Only what had happened in the world before this date. */
  readonly occurredBefore?: string;
}

/** A page of corridors in `supplier/recipient` order; `next` is the cursor of the rest. */
export interface CorridorsPage {
  readonly corridors: Corridor[];
  readonly next: string | null;
}

/** A corridor cursor: `KP/RU`. */
export const CORRIDOR_CURSOR = /^([A-Z]{2})\/([A-Z]{2})$/;

/**
 * A page of corridors: the supplier -> recipient pairs after the cursor (one more to know whether
 * more follow), then only their shipments.
 */
export async function readCorridors(db: Queryable, filter: CorridorsFilter, page: PageRequest): Promise<CorridorsPage> {
  const [, supplier = '', recipient = ''] = page.after === undefined ? [] : (CORRIDOR_CURSOR.exec(page.after) ?? []);
  const { rows: pairs } = await db.query<{ supplier: string; recipient: string }>(
    `SELECT supplier, recipient FROM rm_shipments
     WHERE ($1::text IS NULL OR supplier = $1) AND ($2::text IS NULL OR recipient = $2)
       AND (supplier COLLATE "C", recipient COLLATE "C") > ($3::text COLLATE "C", $4::text COLLATE "C")
     GROUP BY supplier, recipient ORDER BY supplier COLLATE "C", recipient COLLATE "C" LIMIT $5`,
    [filter.supplier ?? null, filter.recipient ?? null, supplier, recipient, page.limit + 1],
  );
  const more = pairs.length > page.limit;
  const wanted = pairs.slice(0, page.limit);
  const { rows } = await db.query<{ doc: ShipmentRow }>(
    `SELECT s.doc FROM rm_shipments s JOIN unnest($1::text[], $2::text[]) AS pair (supplier, recipient) USING (supplier, recipient)`,
    [wanted.map((pair) => pair.supplier), wanted.map((pair) => pair.recipient)],
  );
  const corridors = assembleCorridors(rows.map((row) => row.doc), filter.occurredBefore);
  const last = wanted.at(-1);
  return { corridors, next: more && last ? corridorKey(last) : null };
}

/** A page of one corridor's shipments (or all), in id order: what a corridor's capped lists leave out. */
export async function readShipments(db: Queryable, filter: Omit<CorridorsFilter, 'occurredBefore'>, page: PageRequest): Promise<{ shipments: ShipmentRow[]; next: string | null }> {
  const { rows } = await db.query<{ doc: ShipmentRow }>(
    `SELECT doc FROM rm_shipments
     WHERE ($1::text IS NULL OR supplier = $1) AND ($2::text IS NULL OR recipient = $2) AND id > $3 COLLATE "C"
     ORDER BY id COLLATE "C" LIMIT $4`,
    [filter.supplier ?? null, filter.recipient ?? null, page.after ?? '', page.limit + 1],
  );
  const shipments = rows.slice(0, page.limit).map((row) => row.doc);
  return { shipments, next: rows.length > page.limit ? (shipments.at(-1)?.id ?? null) : null };
}
