import type { Confidence, Corridor, Dispute, OccurredAt, Quantity, Source, StoredEvent } from '../api/types';

/** One figure a source gave for a shipment, at the date it was given. */
export interface Figure {
  readonly shipmentId: string;
  readonly source: string;
  readonly category: string;
  readonly unit: string;
  readonly value: number;
  readonly quantity: Quantity;
  /** When the figure stood: its report date, else the end (or start) of the period it covers. */
  readonly date: string;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
}

export interface Series {
  readonly source: string;
  readonly figures: readonly Figure[];
  /** The dates its figures count from (one mark each). */
  readonly countingSince: readonly string[];
}

export interface DisputeMark {
  readonly dispute: Dispute;
  /** The figure it disputes, on the chart. */
  readonly figure: Figure;
}

export interface UnitChart {
  readonly unit: string;
  /** Every source of the corridor, in one order for all its charts (a source keeps its colour). */
  readonly sources: readonly string[];
  readonly series: readonly Series[];
  readonly disputes: readonly DisputeMark[];
}

interface FactData {
  readonly occurredAt: OccurredAt;
  readonly reportedAt?: string | null;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
}

function figure(shipmentId: string, category: string, quantity: Quantity, fact: FactData, recordedAt: string): Figure {
  return {
    shipmentId,
    source: fact.sources[0]?.publisher ?? 'unknown',
    category,
    unit: quantity.unit,
    value: quantity.value,
    quantity,
    date: (fact.reportedAt ?? fact.occurredAt.to ?? fact.occurredAt.from).slice(0, 10),
    occurredAt: fact.occurredAt,
    reportedAt: fact.reportedAt ?? null,
    recordedAt,
    sources: fact.sources,
    confidence: fact.confidence,
  };
}

/** Every figure ever given in a shipment's history (its report's items, then each estimate update). */
export function figuresOf(shipmentId: string, events: readonly StoredEvent[]): Figure[] {
  return events.flatMap((event): Figure[] => {
    const data = event.data as unknown as FactData & { items?: { category: string; quantity: Quantity }[]; category?: string; quantity?: Quantity };
    if (event.type === 'ShipmentReported') return (data.items ?? []).map((item) => figure(shipmentId, item.category, item.quantity, data, event.recordedAt));
    if (event.type === 'ShipmentEstimateUpdated' && data.category && data.quantity) return [figure(shipmentId, data.category, data.quantity, data, event.recordedAt)];
    return [];
  });
}

/** The figure a dispute is about: the one with the disputed quantity, else the shipment's latest figure by the dispute's date. */
function disputedFigure(dispute: Dispute, figures: readonly Figure[]): Figure | undefined {
  const ofShipment = figures.filter((f) => f.shipmentId === dispute.shipmentId).sort((a, b) => a.date.localeCompare(b.date));
  const q = dispute.quantity;
  if (q) {
    const same = ofShipment.filter((f) => f.unit === q.unit && f.value === q.value);
    if (same.length > 0) return same.at(-1);
  }
  const before = ofShipment.filter((f) => f.date <= dispute.occurredAt.from);
  return before.at(-1) ?? ofShipment[0];
}

/**
 * A corridor's figures as charts, one per unit, with one series per source in the order sources
 * first appear, and each dispute placed on the figure it disputes. Histories are the standing
 * shipments' event streams; without one, the corridor's latest figure per source stands in.
 */
export function corridorCharts(corridor: Corridor, histories: ReadonlyMap<string, readonly StoredEvent[]>): UnitChart[] {
  const figures: Figure[] = corridor.shipmentIds.flatMap((id) => {
    const history = histories.get(id);
    if (history) return figuresOf(id, history);
    return corridor.estimates.filter((e) => e.shipmentId === id).map((e) => figure(id, e.category, e.quantity, e, e.recordedAt));
  });
  const units = [...new Set(figures.map((f) => f.unit))];
  const allSources = [...new Set(figures.map((f) => f.source))];
  return units.map((unit) => {
    const ofUnit = figures.filter((f) => f.unit === unit).sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
    const sources = [...new Set(figures.filter((f) => f.unit === unit).map((f) => f.source))];
    const series = sources.map((source) => {
      const own = ofUnit.filter((f) => f.source === source);
      return { source, figures: own, countingSince: [...new Set(own.flatMap((f) => f.quantity.countingSince ?? []))].sort() };
    });
    const disputes = corridor.disputes.flatMap((dispute) => {
      const target = disputedFigure(dispute, figures);
      const onChart = target && ofUnit.find((f) => f === target);
      return onChart ? [{ dispute, figure: onChart }] : [];
    });
    return { unit, sources: allSources, series, disputes };
  });
}
