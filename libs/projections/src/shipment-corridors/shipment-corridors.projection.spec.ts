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

  it('never adds figures that count from different dates, and leaves retracted reports out', () => {
    expect(corridors(log)[0]).toMatchObject({
      shipmentIds: ['kp-ru-1', 'kp-ru-2'],
      retractedShipmentIds: ['kp-ru-3'],
      totals: [
        { unit: 'containers', countingSince: null, value: 500, qualifier: 'approx', shipmentIds: ['kp-ru-2'] },
        { unit: 'containers', countingSince: '2023-09-07', value: 2000, qualifier: 'at_least', shipmentIds: ['kp-ru-1'] },
      ],
      period: { from: '2023-09-07', to: '2023-10-20' },
    });
  });

  it('gives the same corridors when events are redelivered or streams arrive in another order', () => {
    const byStream = (ids: string[]) => ids.flatMap((id) => log.filter((e) => e.streamId === id));
    expect(corridors([...log, ...log])).toEqual(corridors(log));
    expect(corridors(byStream(['shipment-kp-ru-3', 'shipment-kp-ru-2', 'shipment-kp-ru-1']))).toEqual(corridors(log));
  });
});
