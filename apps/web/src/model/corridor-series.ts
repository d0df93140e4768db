import type { Confidence, Corridor, Dispute, OccurredAt, Party, Quantity, Source, StoredEvent } from '../api/types';
import { factOf, fieldsOf, isListOf, isParty, isQuantity, isString } from './event-data';

/** One figure a source gave for a shipment, at the date it was given. */
export interface Figure {
  readonly shipmentId: string;
  /** `item-<n>` for a report's items; the given id, else `estimate-<n>`, for updates (as the API names them). */
  readonly estimateId: string;
  /** Who gives it, as the corridor names sources: the party estimating, else its first source's publisher. */
  readonly source: string;
  readonly category: string;
  readonly unit: string;
  readonly value: number;
  readonly quantity: Quantity;
  /** When the figure stood: its report date, else the end (or start) of the period it covers. */
  readonly date: string;
  /** The count's start (a day, a month or a year), or null when unsaid. */
  readonly countingSince: string | null;
  readonly occurredAt: OccurredAt;
  readonly reportedAt: string | null;
  readonly recordedAt: string;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  /** The figure it restates in another unit, if it is an equivalent. */
  readonly equivalentOf: string | null;
  /** Figures restating this one in another unit ("could hold 3 million 152mm shells"): shown with it, never as a count of their own. */
  readonly equivalents: readonly Figure[];
  /** The source's latest figure of its category and unit: the one the corridor stands on. */
  readonly standing: boolean;
}

export interface Series {
  readonly source: string;
  /** Its counts, oldest first; equivalents ride on the figure they restate. */
  readonly figures: readonly Figure[];
  /** The dates its figures count from, as precise as given, in the order its figures used them (one mark each). */
  readonly countingSince: readonly string[];
  /** Its standing figure(s) of this unit. */
  readonly latest: readonly Figure[];
}

export interface DisputeMark {
  readonly dispute: Dispute;
  /** The figure it disputes, on the chart; null when it disputes the claim as a whole. */
  readonly figure: Figure | null;
}

export interface UnitChart {
  readonly unit: string;
  /** Every source of the corridor, in one order for all its charts (a source keeps its colour). */
  readonly sources: readonly string[];
  readonly series: readonly Series[];
  /** Disputes of a figure of this chart, and disputes of the claim as a whole. */
  readonly disputes: readonly DisputeMark[];
}

interface FactData {
  readonly occurredAt: OccurredAt;
  readonly reportedAt?: string | null;
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly estimatedBy?: Party | null;
  readonly equivalentOf?: string | null;
}

interface Item {
  readonly category: string;
  readonly quantity: Quantity;
}

const isItem = (value: unknown): value is Item => isString(fieldsOf(value).get('category')) && isQuantity(fieldsOf(value).get('quantity'));

/** What a shipment event's data holds of figures: its report's items, or an estimate update's one figure; null when it is not a fact with its date, sources and confidence (every shipment event's is). */
function shipmentFactOf(data: unknown): (FactData & { readonly items: readonly Item[]; readonly figure: Item | null; readonly estimateId: string | null }) | null {
  const { occurredAt, sources, confidence } = factOf(data);
  if (!occurredAt || !sources || !confidence) return null;
  const f = fieldsOf(data);
  const [items, category, quantity, reportedAt, estimatedBy, estimateId, equivalentOf] = ['items', 'category', 'quantity', 'reportedAt', 'estimatedBy', 'estimateId', 'equivalentOf'].map((key) => f.get(key));
  return {
    occurredAt,
    sources,
    confidence,
    reportedAt: isString(reportedAt) ? reportedAt : null,
    estimatedBy: isParty(estimatedBy) ? estimatedBy : null,
    equivalentOf: isString(equivalentOf) ? equivalentOf : null,
    items: isListOf(items, isItem) ? items : [],
    figure: isString(category) && isQuantity(quantity) ? { category, quantity } : null,
    estimateId: isString(estimateId) ? estimateId : null,
  };
}

/** The corridor's name of a source: "U.S. Department of State, US", else the publisher. */
function sourceName(fact: Pick<FactData, 'estimatedBy' | 'sources'>): string {
  if (fact.estimatedBy) return [fact.estimatedBy.name, fact.estimatedBy.country].filter(Boolean).join(', ');
  return fact.sources[0]?.publisher ?? 'unknown';
}

function figure(shipmentId: string, estimateId: string, category: string, quantity: Quantity, fact: FactData, recordedAt: string, source = sourceName(fact)): Figure {
  return {
    shipmentId,
    estimateId,
    source,
    category,
    unit: quantity.unit,
    value: quantity.value,
    quantity,
    date: (fact.reportedAt ?? fact.occurredAt.to ?? fact.occurredAt.from).slice(0, 10),
    countingSince: quantity.countingSince ?? null,
    occurredAt: fact.occurredAt,
    reportedAt: fact.reportedAt ?? null,
    recordedAt,
    sources: fact.sources,
    confidence: fact.confidence,
    equivalentOf: fact.equivalentOf ?? null,
    equivalents: [],
    standing: false,
  };
}

/** Every figure ever given in a shipment's history (its report's items, then each estimate update), equivalents included. */
function figuresOf(shipmentId: string, events: readonly StoredEvent[]): Figure[] {
  let updates = 0;
  return events.flatMap((event): Figure[] => {
    const fact = shipmentFactOf(event.data);
    if (!fact) return [];
    if (event.type === 'ShipmentReported') return fact.items.map((item, i) => figure(shipmentId, `item-${i + 1}`, item.category, item.quantity, fact, event.recordedAt));
    if (event.type === 'ShipmentEstimateUpdated' && fact.figure) {
      updates += 1;
      return [figure(shipmentId, fact.estimateId ?? `estimate-${updates}`, fact.figure.category, fact.figure.quantity, fact, event.recordedAt)];
    }
    return [];
  });
}

const idOf = (f: { shipmentId: string; estimateId: string }) => `${f.shipmentId}#${f.estimateId}`;

/**
 * A corridor's figures as charts, one per unit of count, with one series per source (in the
 * order sources first gave a figure), each dispute on the figure it disputes (or on the claim as
 * a whole), and each equivalent on the figure it restates, not as a count of its own. Histories
 * are the standing shipments' event streams (every figure ever given); without one, the
 * corridor's standing figures stand in.
 */
export function corridorCharts(corridor: Corridor, histories: ReadonlyMap<string, readonly StoredEvent[]>): UnitChart[] {
  const standing = new Set(corridor.estimates.map(idOf));
  const all: Figure[] = corridor.shipmentIds.flatMap((id) => {
    const history = histories.get(id);
    if (history) return figuresOf(id, history);
    return corridor.estimates.filter((e) => e.shipmentId === id).map((e) => figure(id, e.estimateId, e.category, e.quantity, e, e.recordedAt, e.source));
  });
  const byId = new Map(all.map((f) => [idOf(f), f]));
  const equivalentsOf = (f: Figure) => all.filter((e) => e.equivalentOf === f.estimateId && e.shipmentId === f.shipmentId);
  const counts = all
    .filter((f) => f.equivalentOf === null)
    .map((f): Figure => ({ ...f, equivalents: equivalentsOf(f), standing: standing.has(idOf(f)) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  const units = [...new Set(counts.map((f) => f.unit))];
  const allSources = [...new Set(counts.map((f) => f.source))];
  return units.map((unit) => {
    const ofUnit = counts.filter((f) => f.unit === unit);
    const sources = [...new Set(ofUnit.map((f) => f.source))];
    const series = sources.map((source): Series => {
      const own = ofUnit.filter((f) => f.source === source);
      return { source, figures: own, countingSince: [...new Set(own.flatMap((f) => f.countingSince ?? []))], latest: own.filter((f) => f.standing) };
    });
    const disputes = corridor.disputes.flatMap((dispute): DisputeMark[] => {
      if (dispute.estimateId === null) return [{ dispute, figure: null }];
      const target = byId.get(`${dispute.shipmentId}#${dispute.estimateId}`);
      // A dispute of an equivalent sits on the figure it restates.
      const base = target?.equivalentOf ? byId.get(`${dispute.shipmentId}#${target.equivalentOf}`) : target;
      const onChart = base && ofUnit.find((f) => idOf(f) === idOf(base));
      return onChart ? [{ dispute, figure: onChart }] : [];
    });
    return { unit, sources: allSources, series, disputes };
  });
}

/** A day, month or year as the first and the last day it stands for: "2024-06" -> 2024-06-01 .. 2024-06-30. */
export function firstDay(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date.slice(0, 10);
}
export function lastDay(date: string): string {
  if (date.length >= 10) return date.slice(0, 10);
  if (date.length === 4) return `${date}-12-31`;
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
