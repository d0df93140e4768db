import type { StoredEvent } from '@policy-ledger/contracts';
import { dprkShipment, storedEvents } from '@policy-ledger/testing';
import { foldDocuments, present } from '../projection';
import { shipmentDocuments } from './shipment-corridors.projection';
import { assembleCorridors } from './shipment-corridors.view';

const korea = { publisher: 'South Korean intelligence (NIS)', sourceClass: 'intelligence_disclosure' as const };
const fact = (from: string) => ({ occurredAt: { from, precision: 'day' as const }, sources: [korea], confidence: 'assessed' as const });
const second = {
  ...dprkShipment,
  items: [{ category: 'artillery_shells', quantity: { value: 500, unit: 'containers', qualifier: 'approx' as const } }],
  occurredAt: { from: '2023-10-02', to: '2023-10-20', precision: 'range' as const },
};
const log = storedEvents({
  'shipment-kp-ru-1': {
    streamType: 'shipment',
    events: [
      { type: 'ShipmentReported', data: dprkShipment },
      { type: 'ShipmentEstimateUpdated', data: { category: 'military_equipment_and_munitions', quantity: { value: 2000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' }, ...fact('2023-11-01') } },
      { type: 'ShipmentClaimDisputed', data: { claim: 'the transfer', counterClaim: 'no arms went to Russia', disputedBy: { country: 'RU' }, ...fact('2023-10-14') } },
    ],
  },
  'shipment-kp-ru-2': { streamType: 'shipment', events: [{ type: 'ShipmentReported', data: second }] },
  'shipment-kp-ru-3': {
    streamType: 'shipment',
    events: [
      { type: 'ShipmentReported', data: { ...dprkShipment, occurredAt: { from: '2023-08-01', precision: 'month' as const } } },
      { type: 'ShipmentReportRetracted', data: { reason: 'a duplicate of kp-ru-1', ...fact('2023-10-20') } },
    ],
  },
});

function corridors(events: readonly StoredEvent[]) {
  return assembleCorridors(present(foldDocuments(shipmentDocuments, events)));
}

describe('shipment corridors projection', () => {
  it('shows the article corridor: at least 1,000 containers, 7 Sep - 1 Oct, Najin -> Dunay by sea then rail', () => {
    const [corridor] = corridors(log.slice(0, 1));
    expect(corridor).toMatchObject({
      supplier: 'KP',
      recipient: 'RU',
      totals: [{ unit: 'containers', value: 1000, qualifier: 'at_least', countingSince: '2023-09-07' }],
      period: { from: '2023-09-07', to: '2023-10-01' },
    });
    expect(corridor?.routes[0]?.map((leg) => [leg.mode, leg.from.name, leg.to.name])).toEqual([
      ['sea', 'Najin', 'Dunay'],
      ['rail', 'Dunay', 'ammunition depot near Ukraine'],
    ]);
  });

  it('keeps each source latest figure side by side, and disputes next to them', () => {
    const [corridor] = corridors(log);
    const figures = corridor?.estimates.filter((e) => e.shipmentId === 'kp-ru-1').map((e) => [e.source, e.quantity.value]);
    expect(figures).toEqual([
      ['The White House', 1000],
      ['South Korean intelligence (NIS)', 2000],
    ]);
    expect(corridor?.disputes).toEqual([expect.objectContaining({ shipmentId: 'kp-ru-1', counterClaim: 'no arms went to Russia', disputedBy: { country: 'RU' } })]);
  });

  it('never adds figures that count from different dates or come from different sources, and leaves retracted reports out', () => {
    // The issue changed this answer: the NIS figure (2,000) no longer silently replaces the White
    // House's (1,000) in one total; each source's total is labelled, and the period runs to the
    // date of the latest standing figure (1 Nov), not the first report's end.
    expect(corridors(log)[0]).toMatchObject({
      shipmentIds: ['kp-ru-1', 'kp-ru-2'],
      retractedShipmentIds: ['kp-ru-3'],
      totals: [
        { label: 'latest of The White House', unit: 'containers', countingSince: null, value: 500, qualifier: 'approx', shipmentIds: ['kp-ru-2'] },
        { label: 'latest of South Korean intelligence (NIS)', unit: 'containers', countingSince: '2023-09-07', value: 2000, qualifier: 'at_least', shipmentIds: ['kp-ru-1'] },
        { label: 'latest of The White House', unit: 'containers', countingSince: '2023-09-07', value: 1000, qualifier: 'at_least', shipmentIds: ['kp-ru-1'] },
      ],
      period: { from: '2023-09-07', to: '2023-11-01' },
    });
  });

  describe('an estimate history with sources that disagree, another counting start, equivalents and a dispute', () => {
    const stateDept = { publisher: 'Yonhap', sourceClass: 'media' as const };
    const shin = { name: 'Shin Won-sik', country: 'KR', role: 'South Korean Minister of National Defense' };
    const on = (from: string, precision: 'day' | 'month' = 'day') => ({ occurredAt: { from, precision }, sources: [stateDept], confidence: 'assessed' as const });
    const containers = (value: number, qualifier: 'at_least' | 'approx', countingSince?: string) => ({ value, unit: 'containers', qualifier, ...(countingSince ? { countingSince } : {}) });
    const history = storedEvents({
      'shipment-kp-ru-1': {
        streamType: 'shipment',
        events: [
          { type: 'ShipmentReported', data: dprkShipment },
          { type: 'ShipmentClaimDisputed', data: { claim: 'the transfer', counterClaim: 'they report this all the time, without providing any proof', disputes: 'item-1', disputedBy: { name: 'Dmitry Peskov', country: 'RU' }, ...on('2023-10-17') } },
          { type: 'ShipmentEstimateUpdated', data: { estimateId: 'us-state-2024-02', category: 'munitions', quantity: containers(10000, 'at_least', '2023-09'), estimatedBy: { name: 'U.S. Department of State', country: 'US' }, ...on('2024-02-23') } },
          { type: 'ShipmentEstimateUpdated', data: { estimateId: 'shin-2024-02', category: 'munitions', quantity: containers(6700, 'approx', '2023-09'), estimatedBy: shin, ...on('2024-02-26') } },
          { type: 'ShipmentEstimateUpdated', data: { estimateId: 'shin-2024-02-152mm', category: 'artillery_shells', quantity: { value: 3000000, unit: '152mm shells', qualifier: 'at_least' }, estimatedBy: shin, equivalentOf: 'shin-2024-02', ...on('2024-02-26') } },
          { type: 'ShipmentEstimateUpdated', data: { estimateId: 'dia-2024-08', category: 'munitions', quantity: containers(13000, 'at_least', '2022'), estimatedBy: { name: 'South Korean Defense Intelligence Agency', country: 'KR' }, ...on('2024-08-27') } },
          { type: 'ShipmentEstimateUpdated', data: { category: 'munitions', quantity: { ...containers(10000, 'at_least'), through: '2024-06' }, estimatedBy: shin, ...on('2024-06-01', 'month') } },
        ],
      },
    });
    const corridorAt = (n: number) => corridors(history.slice(0, n))[0];

    it('shows each source side by side with its own total, no silent pick, and the dispute linked to the figure it disputes', () => {
      const corridor = corridorAt(4);
      expect(corridor?.estimates.map((e) => [e.estimateId, e.source, e.quantity.value, e.covers])).toEqual([
        ['item-1', 'The White House', 1000, { from: '2023-09-07', to: '2023-10-01' }],
        ['us-state-2024-02', 'U.S. Department of State, US', 10000, { from: '2023-09', to: '2024-02-23' }],
        ['shin-2024-02', 'Shin Won-sik, KR', 6700, { from: '2023-09', to: '2024-02-26' }],
      ]);
      expect(corridor?.totals.map((t) => [t.label, t.countingSince, t.value, t.qualifier])).toEqual([
        ['latest of Shin Won-sik, KR', '2023-09', 6700, 'approx'],
        ['latest of U.S. Department of State, US', '2023-09', 10000, 'at_least'],
        ['latest of The White House', '2023-09-07', 1000, 'at_least'],
      ]);
      expect(corridor?.estimates[0]?.disputedBy).toEqual([expect.objectContaining({ disputedBy: { name: 'Dmitry Peskov', country: 'RU' }, source: 'Yonhap' })]);
      expect(corridor?.disputes).toEqual([expect.objectContaining({ estimateId: 'item-1' })]);
    });

    it('links an equivalent to the figure it converts and never adds it to a total; it stands while that figure stands', () => {
      const corridor = corridorAt(5);
      expect(corridor?.estimates.find((e) => e.estimateId === 'shin-2024-02')?.equivalents).toEqual(['shin-2024-02-152mm']);
      expect(corridor?.estimates.find((e) => e.estimateId === 'shin-2024-02-152mm')).toMatchObject({ equivalentOf: 'shin-2024-02', quantity: { unit: '152mm shells' } });
      expect(corridor?.totals.map((t) => t.unit)).toEqual(['containers', 'containers', 'containers']);
      // Shin's June figure replaces his own February one, and its equivalent goes with it.
      expect(corridorAt(7)?.estimates.map((e) => e.estimateId)).toEqual(['item-1', 'us-state-2024-02', 'estimate-5', 'dia-2024-08']);
    });

    it('keeps a figure counted from another start (since 2022) in a total of its own; the period spans every standing figure', () => {
      const corridor = corridorAt(7);
      expect(corridor?.totals.map((t) => [t.label, t.countingSince, t.value])).toEqual([
        ['latest of Shin Won-sik, KR', null, 10000],
        ['latest of South Korean Defense Intelligence Agency, KR', '2022', 13000],
        ['latest of U.S. Department of State, US', '2023-09', 10000],
        ['latest of The White House', '2023-09-07', 1000],
      ]);
      expect(corridor?.period).toEqual({ from: '2022', to: '2024-08-27' });
      expect(corridorAt(6)?.period).toEqual({ from: '2022', to: '2024-08-27' });
    });
  });

  it('gives the same corridors when events are redelivered or streams arrive in another order', () => {
    const byStream = (ids: string[]) => ids.flatMap((id) => log.filter((e) => e.streamId === id));
    expect(corridors([...log, ...log])).toEqual(corridors(log));
    expect(corridors(byStream(['shipment-kp-ru-3', 'shipment-kp-ru-2', 'shipment-kp-ru-1']))).toEqual(corridors(log));
  });
});
