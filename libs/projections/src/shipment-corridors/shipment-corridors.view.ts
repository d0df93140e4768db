import type { Quantity, ShipmentLeg } from '@policy-ledger/contracts';
import type { Dispute, Estimate, ShipmentRow } from './shipment-corridors.projection';

export interface CorridorTotal {
  readonly unit: string;
  /** Figures are added only when they count from the same date: never across different starts. */
  readonly countingSince: string | null;
  readonly value: number;
  /** exact when every figure is exact; at_least when each is exact or a floor; approx otherwise. */
  readonly qualifier: Quantity['qualifier'];
  readonly shipmentIds: readonly string[];
}

export interface Corridor {
  readonly supplier: string;
  readonly recipient: string;
  /** Shipments still standing (not retracted). */
  readonly shipmentIds: readonly string[];
  readonly retractedShipmentIds: readonly string[];
  /** Each source's latest figure per shipment, category and unit, side by side. */
  readonly estimates: readonly (Estimate & { readonly shipmentId: string })[];
  readonly totals: readonly CorridorTotal[];
  readonly disputes: readonly (Dispute & { readonly shipmentId: string })[];
  readonly period: { readonly from: string; readonly to: string };
  readonly routes: readonly (readonly ShipmentLeg[])[];
  readonly confidence: readonly string[];
}

function combinedQualifier(qualifiers: readonly Quantity['qualifier'][]): Quantity['qualifier'] {
  if (qualifiers.every((q) => q === 'exact')) return 'exact';
  if (qualifiers.every((q) => q === 'exact' || q === 'at_least')) return 'at_least';
  return 'approx';
}

/** Each source's latest figure for each category and unit of a shipment. */
function latestBySource(shipment: ShipmentRow): Estimate[] {
  const latest = new Map<string, Estimate>();
  for (const e of shipment.estimates) latest.set(JSON.stringify([e.source, e.category, e.quantity.unit]), e);
  return [...latest.values()];
}

/** A shipment's current figure per category and unit: the latest learned, from any source. */
function current(shipment: ShipmentRow): Estimate[] {
  const latest = new Map<string, Estimate>();
  for (const e of shipment.estimates) latest.set(JSON.stringify([e.category, e.quantity.unit]), e);
  return [...latest.values()];
}

function totals(shipments: readonly ShipmentRow[]): CorridorTotal[] {
  const groups = new Map<string, { unit: string; countingSince: string | null; figures: { shipmentId: string; quantity: Quantity }[] }>();
  for (const shipment of shipments) {
    for (const { quantity } of current(shipment)) {
      const countingSince = quantity.countingSince ?? null;
      const key = JSON.stringify([quantity.unit, countingSince]);
      const group = groups.get(key) ?? { unit: quantity.unit, countingSince, figures: [] };
      group.figures.push({ shipmentId: shipment.id, quantity });
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map(({ unit, countingSince, figures }) => ({
      unit,
      countingSince,
      value: figures.reduce((sum, f) => sum + f.quantity.value, 0),
      qualifier: combinedQualifier(figures.map((f) => f.quantity.qualifier)),
      shipmentIds: [...new Set(figures.map((f) => f.shipmentId))].sort(),
    }))
    .sort((a, b) => a.unit.localeCompare(b.unit) || (a.countingSince ?? '').localeCompare(b.countingSince ?? ''));
}

/** What had happened in the world before a date: shipments, figures and disputes dated earlier. */
function occurredBefore(shipment: ShipmentRow, date: string): ShipmentRow | null {
  if (shipment.occurredAt.from >= date) return null;
  const estimates = shipment.estimates.filter((e) => e.occurredAt.from < date);
  return { ...shipment, estimates: estimates.length > 0 ? estimates : shipment.estimates.slice(0, 1), disputes: shipment.disputes.filter((d) => d.occurredAt.from < date) };
}

/**
 * Supplier -> recipient corridors: estimates per source side by side, disputes, routes, dates.
 * With `before` (a date), only what had happened in the world before it.
 */
export function assembleCorridors(rows: readonly ShipmentRow[], before?: string): Corridor[] {
  const shipments = before === undefined ? rows : rows.flatMap((row) => occurredBefore(row, before) ?? []);
  const groups = new Map<string, ShipmentRow[]>();
  for (const shipment of [...shipments].sort((a, b) => a.id.localeCompare(b.id))) {
    const key = `${shipment.supplier}->${shipment.recipient}`;
    groups.set(key, [...(groups.get(key) ?? []), shipment]);
  }
  return [...groups.values()]
    .map((group): Corridor => {
      const first = group[0] as ShipmentRow;
      const standing = group.filter((s) => s.retraction === null);
      const dated = standing.length > 0 ? standing : group;
      const froms = dated.map((s) => s.occurredAt.from).sort();
      const tos = dated.map((s) => s.occurredAt.to ?? s.occurredAt.from).sort();
      return {
        supplier: first.supplier,
        recipient: first.recipient,
        shipmentIds: standing.map((s) => s.id),
        retractedShipmentIds: group.filter((s) => s.retraction !== null).map((s) => s.id),
        estimates: standing.flatMap((s) => latestBySource(s).map((e) => ({ ...e, shipmentId: s.id }))),
        totals: totals(standing),
        disputes: standing.flatMap((s) => s.disputes.map((d) => ({ ...d, shipmentId: s.id }))),
        period: { from: froms[0] as string, to: tos.at(-1) as string },
        routes: standing.filter((s) => s.legs.length > 0).map((s) => s.legs),
        confidence: [...new Set(standing.map((s) => s.confidence))].sort(),
      };
    })
    .sort((a, b) => a.supplier.localeCompare(b.supplier) || a.recipient.localeCompare(b.recipient));
}
