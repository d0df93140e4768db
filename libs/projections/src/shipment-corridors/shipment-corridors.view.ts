import type { Confidence, Quantity, ShipmentLeg } from '@policy-ledger/contracts';
import { combineQualifiers } from '@policy-ledger/domain';
import { inKeyOrder } from '../paging';
import type { Dispute, Estimate, ShipmentRow } from './shipment-corridors.projection';

/**
 * A total of one source's latest figures: never across sources (a lower figure from one
 * government does not replace a higher one from another), never across units or counting starts.
 */
export interface CorridorTotal {
  /** "latest of U.S. Department of State": whose figures it adds. */
  readonly label: string;
  readonly source: string;
  readonly unit: string;
  /** Figures are added only when they count from the same date (or month, or year). */
  readonly countingSince: string | null;
  readonly value: number;
  /** The figures' qualifiers combined: exact when every figure is exact; at_least when each is exact or a floor; ... */
  readonly qualifier: Quantity['qualifier'];
  readonly upTo?: number;
  readonly estimateIds: readonly string[];
  readonly shipmentIds: readonly string[];
}

/** A dispute as shown beside the figure it disputes. */
export type DisputeOfFigure = Pick<Dispute, 'disputedBy' | 'claim' | 'counterClaim' | 'quantity' | 'source' | 'occurredAt' | 'confidence'>;

/** A standing figure: each source's latest per shipment, category and unit, with what points at it. */
export interface CorridorEstimate extends Estimate {
  readonly shipmentId: string;
  /** The figures restating this one in another unit (their ids; they are listed among the estimates). */
  readonly equivalents: readonly string[];
  /** Disputes of this very figure. */
  readonly disputedBy: readonly DisputeOfFigure[];
}

export interface Corridor {
  readonly supplier: string;
  readonly recipient: string;
  /** Shipments still standing (not retracted). */
  readonly shipmentIds: readonly string[];
  readonly retractedShipmentIds: readonly string[];
  /** Each source's latest figure per shipment, category and unit, side by side; then the equivalents of those figures. */
  readonly estimates: readonly CorridorEstimate[];
  readonly totals: readonly CorridorTotal[];
  readonly disputes: readonly (Dispute & { readonly shipmentId: string })[];
  /** From the earliest start to the latest end of the shipments and of every standing figure's count. */
  readonly period: { readonly from: string; readonly to: string };
  readonly routes: readonly (readonly ShipmentLeg[])[];
  /** The confidences of its standing shipments' reports. */
  readonly confidence: readonly Confidence[];
  /**
   * How many there are of each list. The lists show at most `CORRIDOR_LIST_MAX` items, from the
   * shipments recorded last (the totals count them all); `truncated` says when they show fewer.
   */
  readonly counts: { readonly shipments: number; readonly retractedShipments: number; readonly estimates: number; readonly disputes: number; readonly routes: number };
  readonly truncated: boolean;
}

/** The most items a corridor lists of each kind: a corridor of thousands of shipments stays a small answer. */
export const CORRIDOR_LIST_MAX = 100;

/**
 * Each source's latest count for each category and unit of a shipment (the later figure of a
 * source replaces its own earlier one, never another source's), then the equivalents of those.
 */
function standingFigures(shipment: ShipmentRow): Estimate[] {
  const latest = new Map<string, Estimate>();
  for (const e of shipment.estimates) if (e.equivalentOf === null) latest.set(JSON.stringify([e.source, e.category, e.quantity.unit]), e);
  const counts = [...latest.values()];
  const shown = new Set(counts.map((e) => e.estimateId));
  return [...counts, ...shipment.estimates.filter((e) => e.equivalentOf !== null && shown.has(e.equivalentOf))];
}

function totals(figures: readonly (Estimate & { readonly shipmentId: string })[]): CorridorTotal[] {
  const groups = new Map<string, (Estimate & { readonly shipmentId: string })[]>();
  for (const figure of figures) {
    if (figure.equivalentOf !== null) continue;
    const key = JSON.stringify([figure.source, figure.quantity.unit, figure.quantity.countingSince ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), figure]);
  }
  return [...groups.values()]
    .map((same): CorridorTotal => {
      const first = same[0] as Estimate;
      const qualifier = combineQualifiers(same.map((f) => f.quantity.qualifier));
      const value = same.reduce((sum, f) => sum + f.quantity.value, 0);
      return {
        label: `latest of ${first.source}`,
        source: first.source,
        unit: first.quantity.unit,
        countingSince: first.quantity.countingSince ?? null,
        value,
        qualifier,
        ...(qualifier === 'range' ? { upTo: same.reduce((sum, f) => sum + (f.quantity.upTo ?? f.quantity.value), 0) } : {}),
        estimateIds: same.map((f) => f.estimateId),
        shipmentIds: [...new Set(same.map((f) => f.shipmentId))].sort(),
      };
    })
    .sort((a, b) => a.unit.localeCompare(b.unit) || (a.countingSince ?? '').localeCompare(b.countingSince ?? '') || a.source.localeCompare(b.source));
}

/** A day, month or year as the first and the last day it stands for: "2024-06" -> 2024-06-01 .. 2024-06-30. */
const firstDay = (date: string) => (date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date);
function lastDay(date: string): string {
  if (date.length === 10) return date;
  if (date.length === 4) return `${date}-12-31`;
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The span of the shipments and of their standing figures' counts, each end as precise as its source gave it. */
function periodOf(shipments: readonly ShipmentRow[], figures: readonly Estimate[]): Corridor['period'] {
  const starts = [...shipments.map((s) => s.occurredAt.from), ...figures.flatMap((f) => f.covers?.from ?? [])];
  const ends = [...shipments.map((s) => s.occurredAt.to ?? s.occurredAt.from), ...figures.flatMap((f) => f.covers?.to ?? [])];
  const from = starts.reduce((a, b) => (firstDay(b) < firstDay(a) ? b : a));
  const to = ends.reduce((a, b) => (lastDay(b) > lastDay(a) ? b : a));
  return { from, to };
}

/** What had happened in the world before a date: shipments, figures and disputes dated earlier. */
function occurredBefore(shipment: ShipmentRow, date: string): ShipmentRow | null {
  if (shipment.occurredAt.from >= date) return null;
  const estimates = shipment.estimates.filter((e) => e.occurredAt.from < date);
  return { ...shipment, estimates: estimates.length > 0 ? estimates : shipment.estimates.slice(0, 1), disputes: shipment.disputes.filter((d) => d.occurredAt.from < date) };
}

function corridorEstimates(shipment: ShipmentRow): CorridorEstimate[] {
  const figures = standingFigures(shipment);
  return figures.map((figure) => ({
    ...figure,
    shipmentId: shipment.id,
    equivalents: figures.filter((f) => f.equivalentOf === figure.estimateId).map((f) => f.estimateId),
    disputedBy: shipment.disputes
      .filter((d) => d.estimateId === figure.estimateId)
      .map(({ disputedBy, claim, counterClaim, quantity, source, occurredAt, confidence }) => ({ disputedBy, claim, counterClaim, quantity, source, occurredAt, confidence })),
  }));
}

/**
 * Supplier -> recipient corridors: estimates per source side by side, disputes, routes, dates.
 * With `before` (a date), only what had happened in the world before it.
 */
export function assembleCorridors(rows: readonly ShipmentRow[], before?: string, listMax = CORRIDOR_LIST_MAX): Corridor[] {
  const shipments = before === undefined ? rows : rows.flatMap((row) => occurredBefore(row, before) ?? []);
  const groups = new Map<string, ShipmentRow[]>();
  for (const shipment of [...shipments].sort((a, b) => inKeyOrder(a.id, b.id))) {
    const key = corridorKey(shipment);
    const group = groups.get(key);
    if (group) group.push(shipment);
    else groups.set(key, [shipment]);
  }
  return [...groups.values()]
    .map((group): Corridor => {
      const first = group[0] as ShipmentRow;
      const standing = group.filter((s) => s.retraction === null);
      const retracted = group.filter((s) => s.retraction !== null);
      const estimates = standing.flatMap(corridorEstimates);
      const disputes = standing.flatMap((s) => s.disputes.map((d) => ({ ...d, shipmentId: s.id })));
      const routes = standing.filter((s) => s.legs.length > 0);
      // The lists show the shipments recorded last; the totals and the period take every one.
      const shown = new Set(latest(standing, listMax).map((s) => s.id));
      const cut = <T>(items: readonly T[]) => items.slice(0, listMax);
      return {
        supplier: first.supplier,
        recipient: first.recipient,
        shipmentIds: standing.filter((s) => shown.has(s.id)).map((s) => s.id),
        retractedShipmentIds: latest(retracted, listMax).map((s) => s.id).sort(inKeyOrder),
        estimates: cut(estimates.filter((e) => shown.has(e.shipmentId))),
        totals: totals(estimates).map((total) => ({ ...total, estimateIds: cut(total.estimateIds), shipmentIds: cut(total.shipmentIds) })),
        disputes: cut(disputes.filter((d) => shown.has(d.shipmentId))),
        period: periodOf(standing.length > 0 ? standing : group, estimates),
        routes: cut(routes.filter((s) => shown.has(s.id)).map((s) => s.legs)),
        confidence: [...new Set(standing.map((s) => s.confidence))].sort(),
        counts: { shipments: standing.length, retractedShipments: retracted.length, estimates: estimates.length, disputes: disputes.length, routes: routes.length },
        truncated: [standing, retracted, estimates, disputes, routes].some((list) => list.length > listMax),
      };
    })
    .sort((a, b) => inKeyOrder(corridorKey(a), corridorKey(b)));
}

/** A corridor's place in the list (and its cursor): `KP/RU`. */
export function corridorKey(corridor: { readonly supplier: string; readonly recipient: string }): string {
  return `${corridor.supplier}/${corridor.recipient}`;
}

/** The `max` shipments recorded last (highest position). */
function latest(shipments: readonly ShipmentRow[], max: number): ShipmentRow[] {
  return shipments.length <= max ? [...shipments] : [...shipments].sort((a, b) => b.position - a.position).slice(0, max);
}
