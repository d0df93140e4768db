import type { Quantity, ShipmentLeg } from '@policy-ledger/contracts';
import type { ShipmentRow } from './shipment-corridors.projection';

export interface CorridorTotal {
  readonly unit: string;
  readonly value: number;
  /** exact when every figure is exact; at_least when each is exact or a floor; approx otherwise. */
  readonly qualifier: Quantity['qualifier'];
  /** The earliest date any of the summed figures counts from. */
  readonly countingSince: string | null;
}

export interface Corridor {
  readonly supplier: string;
  readonly recipient: string;
  readonly shipmentIds: readonly string[];
  readonly totals: readonly CorridorTotal[];
  readonly period: { readonly from: string; readonly to: string };
  readonly routes: readonly (readonly ShipmentLeg[])[];
}

function combinedQualifier(qualifiers: readonly Quantity['qualifier'][]): Quantity['qualifier'] {
  if (qualifiers.every((q) => q === 'exact')) return 'exact';
  if (qualifiers.every((q) => q === 'exact' || q === 'at_least')) return 'at_least';
  return 'approx';
}

function totals(shipments: readonly ShipmentRow[]): CorridorTotal[] {
  const byUnit = new Map<string, Quantity[]>();
  for (const item of shipments.flatMap((shipment) => shipment.items)) {
    byUnit.set(item.quantity.unit, [...(byUnit.get(item.quantity.unit) ?? []), item.quantity]);
  }
  return [...byUnit.entries()]
    .map(([unit, quantities]) => ({
      unit,
      value: quantities.reduce((sum, q) => sum + q.value, 0),
      qualifier: combinedQualifier(quantities.map((q) => q.qualifier)),
      countingSince: quantities.map((q) => q.countingSince).filter((d): d is string => !!d).sort()[0] ?? null,
    }))
    .sort((a, b) => a.unit.localeCompare(b.unit));
}

/** Supplier -> recipient corridors from the shipments of the ledger, with totals by unit. */
export function assembleCorridors(shipments: readonly ShipmentRow[]): Corridor[] {
  const groups = new Map<string, ShipmentRow[]>();
  for (const shipment of shipments) {
    const key = `${shipment.supplier}->${shipment.recipient}`;
    groups.set(key, [...(groups.get(key) ?? []), shipment]);
  }
  return [...groups.values()]
    .map((group) => {
      const first = group[0] as ShipmentRow;
      const froms = group.map((s) => s.occurredAt.from).sort();
      const tos = group.map((s) => s.occurredAt.to ?? s.occurredAt.from).sort();
      return {
        supplier: first.supplier,
        recipient: first.recipient,
        shipmentIds: group.map((s) => s.id).sort(),
        totals: totals(group),
        period: { from: froms[0] as string, to: tos.at(-1) as string },
        routes: group.filter((s) => s.legs.length > 0).map((s) => s.legs),
      };
    })
    .sort((a, b) => a.supplier.localeCompare(b.supplier) || a.recipient.localeCompare(b.recipient));
}
