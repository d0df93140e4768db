import type { Corridor, Dispute, Estimate, Quantity, Source, StoredEvent } from '../api/types';
import { corridorCharts, firstDay, lastDay } from './corridor-series';

const source = (publisher: string): Source[] => [{ publisher, sourceClass: 'media' }];
const stored = (version: number, type: string, data: Record<string, unknown>): StoredEvent => ({
  position: version,
  eventId: `e${version}`,
  streamId: 'shipment-kp-ru',
  streamType: 'shipment',
  version,
  schemaVersion: 1,
  type,
  data,
  metadata: { recordedBy: 'editor', correlationId: `c${version}`, causationId: null },
  recordedAt: `2026-01-01T00:00:0${version}.000Z`,
});
const containers = (value: number, countingSince: string, qualifier: Quantity['qualifier'] = 'at_least'): Quantity => ({ value, unit: 'containers', qualifier, countingSince });
const state = { name: 'U.S. Department of State', country: 'US' };
const shin = { name: 'Shin Won-sik', role: 'South Korean Minister of National Defense', country: 'KR' };
const history = [
  stored(1, 'ShipmentReported', {
    items: [{ category: 'munitions', quantity: containers(1000, '2023-09-07') }],
    occurredAt: { from: '2023-09-07', to: '2023-10-01', precision: 'range' },
    reportedAt: '2023-10-13',
    sources: source('The White House'),
    confidence: 'assessed',
  }),
  stored(2, 'ShipmentEstimateUpdated', { estimateId: 'state-1', estimatedBy: state, category: 'munitions', quantity: containers(10000, '2023-09'), occurredAt: { from: '2024-02-23', precision: 'day' }, sources: source('Yonhap'), confidence: 'confirmed' }),
  stored(3, 'ShipmentEstimateUpdated', { estimateId: 'shin-1', estimatedBy: shin, category: 'munitions', quantity: containers(6700, '2023-09', 'approx'), occurredAt: { from: '2024-02-26', precision: 'day' }, sources: source('Yonhap'), confidence: 'assessed' }),
  stored(4, 'ShipmentEstimateUpdated', {
    estimateId: 'shin-1-shells',
    equivalentOf: 'shin-1',
    estimatedBy: shin,
    category: 'artillery_shells',
    quantity: { value: 3000000, unit: '152mm artillery shells', qualifier: 'at_least', countingSince: '2023-09' },
    occurredAt: { from: '2024-02-26', precision: 'day' },
    sources: source('Yonhap'),
    confidence: 'assessed',
  }),
  stored(5, 'ShipmentEstimateUpdated', { estimatedBy: shin, category: 'munitions', quantity: containers(7000, '2023', 'approx'), occurredAt: { from: '2024-03-18', precision: 'day' }, sources: source('Sky News'), confidence: 'assessed' }),
  stored(6, 'ShipmentLegReported', { leg: {} }),
];
const dispute = (estimateId: string | null, by: string): Dispute => ({
  estimateId,
  source: by,
  claim: 'the transfer',
  counterClaim: 'none',
  quantity: null,
  disputedBy: { name: by, country: estimateId ? 'RU' : 'KP' },
  sources: source('AP'),
  confidence: 'confirmed',
  occurredAt: { from: '2023-10-17', precision: 'day' },
  shipmentId: 'kp-ru',
});
/** A figure the corridor lists as standing (its count comes from the history). */
const standing = (estimateId: string, src: string): Estimate => ({
  estimateId,
  kind: 'report',
  category: 'munitions',
  quantity: containers(1000, '2023-09-07'),
  source: src,
  estimatedBy: null,
  equivalentOf: null,
  covers: { from: '2023-09-07', to: '2023-10-13' },
  sources: source(src),
  confidence: 'assessed',
  occurredAt: { from: '2023-10-13', precision: 'day' },
  reportedAt: null,
  recordedAt: '2026-01-01T00:00:01.000Z',
  shipmentId: 'kp-ru',
  equivalents: [],
  disputedBy: [],
});
const estimates = [standing('item-1', 'The White House'), standing('state-1', 'U.S. Department of State, US'), standing('estimate-4', 'Shin Won-sik, KR')];
const disputes = [dispute('item-1', 'Dmitry Peskov'), dispute(null, 'Kim Yo Jong')];
const corridor: Corridor = {
  supplier: 'KP',
  recipient: 'RU',
  shipmentIds: ['kp-ru'],
  retractedShipmentIds: [],
  estimates,
  totals: [],
  disputes,
  period: { from: '2023-09-07', to: '2024-03-18' },
  routes: [],
  confidence: ['assessed'],
  counts: { shipments: 1, retractedShipments: 0, estimates: estimates.length, disputes: disputes.length, routes: 0 },
  truncated: false,
};

describe('the figures of a corridor as charts', () => {
  it('draws one series per source as the corridor names it, each with the starts it counted from, in the order it used them', () => {
    const [chart, ...others] = corridorCharts(corridor, new Map([['kp-ru', history]]));
    expect(others).toEqual([]);
    expect(chart?.unit).toBe('containers');
    expect(chart?.series.map((s) => [s.source, s.figures.map((f) => `${f.estimateId} ${f.date} ${f.value}`), s.countingSince, s.latest.map((f) => f.estimateId)])).toEqual([
      ['The White House', ['item-1 2023-10-13 1000'], ['2023-09-07'], ['item-1']],
      ['U.S. Department of State, US', ['state-1 2024-02-23 10000'], ['2023-09'], ['state-1']],
      ['Shin Won-sik, KR', ['shin-1 2024-02-26 6700', 'estimate-4 2024-03-18 7000'], ['2023-09', '2023'], ['estimate-4']],
    ]);
  });

  it('shows an equivalent with the figure it restates, never as a count or a chart of its own', () => {
    const [chart] = corridorCharts(corridor, new Map([['kp-ru', history]]));
    const shinFeb = chart?.series[2]?.figures[0];
    expect(shinFeb?.equivalents.map((e) => `${e.value} ${e.unit}`)).toEqual(['3000000 152mm artillery shells']);
  });

  it('puts a dispute on the figure it names, and a dispute of the whole claim on no figure', () => {
    const [chart] = corridorCharts(corridor, new Map([['kp-ru', history]]));
    expect(chart?.disputes.map((d) => [d.dispute.disputedBy.name, d.figure ? `${d.figure.source} ${d.figure.value}` : null])).toEqual([
      ['Dmitry Peskov', 'The White House 1000'],
      ['Kim Yo Jong', null],
    ]);
  });

  it("falls back to the corridor's standing figures without a history", () => {
    const estimate = {
      estimateId: 'item-1',
      kind: 'report',
      category: 'munitions',
      quantity: containers(1000, '2023-09-07'),
      source: 'The White House',
      estimatedBy: null,
      equivalentOf: null,
      covers: { from: '2023-09-07', to: '2023-10-01' },
      sources: source('The White House'),
      confidence: 'assessed',
      occurredAt: { from: '2023-09-07', precision: 'day' },
      reportedAt: null,
      recordedAt: 'x',
      shipmentId: 'kp-ru',
      equivalents: [],
      disputedBy: [],
    } satisfies Estimate;
    const [chart] = corridorCharts({ ...corridor, estimates: [estimate] }, new Map());
    expect(chart?.series.map((s) => [s.source, s.figures.length, s.latest.length])).toEqual([['The White House', 1, 1]]);
  });

  it('reads a start known to the day, the month or the year as the days it stands for', () => {
    expect([firstDay('2022'), lastDay('2022'), firstDay('2024-02'), lastDay('2024-02'), lastDay('2023-09-07')]).toEqual(['2022-01-01', '2022-12-31', '2024-02-01', '2024-02-29', '2023-09-07']);
  });
});
