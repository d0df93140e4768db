import type { Corridor, StoredEvent } from '../api/types';
import { corridorCharts } from './corridor-series';

const source = (publisher: string) => [{ publisher }];
const stored = (version: number, type: string, data: Record<string, unknown>): StoredEvent => ({
  position: version,
  eventId: `e${version}`,
  streamId: 'shipment-kp-ru',
  streamType: 'shipment',
  version,
  type,
  data,
  metadata: {},
  recordedAt: `2026-01-01T00:00:0${version}.000Z`,
});
const containers = (value: number, countingSince: string) => ({ value, unit: 'containers', qualifier: 'at_least', countingSince });
const history = [
  stored(1, 'ShipmentReported', {
    items: [{ category: 'munitions', quantity: containers(1000, '2023-09-07') }],
    occurredAt: { from: '2023-09-07', to: '2023-10-01', precision: 'range' },
    reportedAt: '2023-10-13',
    sources: source('The White House'),
    confidence: 'assessed',
  }),
  stored(2, 'ShipmentEstimateUpdated', { category: 'munitions', quantity: containers(1500, '2023-08-20'), occurredAt: { from: '2023-10-20', precision: 'day' }, sources: source('Reuters'), confidence: 'alleged' }),
  stored(3, 'ShipmentEstimateUpdated', { category: 'munitions', quantity: containers(2000, '2023-09-07'), occurredAt: { from: '2023-11-02', precision: 'day' }, sources: source('The White House'), confidence: 'assessed' }),
  stored(4, 'ShipmentLegReported', { leg: {} }),
];
const dispute = { claim: 'the transfer', counterClaim: 'none', quantity: null, disputedBy: { country: 'RU' }, sources: source('Kremlin'), confidence: 'confirmed', occurredAt: { from: '2023-10-14', precision: 'day' }, shipmentId: 'kp-ru' };
const corridor = { shipmentIds: ['kp-ru'], estimates: [], disputes: [dispute] } as unknown as Corridor;

describe('the figures of a corridor as charts', () => {
  it('draws one series per source over the dates the figures were given, each with where its counting starts', () => {
    const [chart, ...others] = corridorCharts(corridor, new Map([['kp-ru', history]]));
    expect(others).toEqual([]);
    expect(chart?.unit).toBe('containers');
    expect(chart?.series.map((s) => [s.source, s.figures.map((f) => `${f.date} ${f.value}`), s.countingSince])).toEqual([
      ['The White House', ['2023-10-13 1000', '2023-11-02 2000'], ['2023-09-07']],
      ['Reuters', ['2023-10-20 1500'], ['2023-08-20']],
    ]);
  });

  it('puts a dispute of the whole claim on the latest figure given by its date', () => {
    const [chart] = corridorCharts(corridor, new Map([['kp-ru', history]]));
    expect(chart?.disputes.map((d) => [d.figure.source, d.figure.value])).toEqual([['The White House', 1000]]);
    const ofTwoThousand = { ...corridor, disputes: [{ ...dispute, quantity: containers(2000, '2023-09-07') }] };
    expect(corridorCharts(ofTwoThousand, new Map([['kp-ru', history]]))[0]?.disputes.map((d) => d.figure.value)).toEqual([2000]);
  });

  it("falls back to the corridor's latest figure per source without a history", () => {
    const estimate = { category: 'munitions', quantity: containers(1000, '2023-09-07'), source: 'The White House', sources: source('The White House'), confidence: 'assessed', occurredAt: { from: '2023-09-07', precision: 'day' }, reportedAt: null, recordedAt: 'x', shipmentId: 'kp-ru' };
    const [chart] = corridorCharts({ ...corridor, estimates: [estimate] }, new Map());
    expect(chart?.series.map((s) => [s.source, s.figures.length])).toEqual([['The White House', 1]]);
  });
});
