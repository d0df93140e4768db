import { dprkShipment } from '../../../../test/support/article';
import { storedEvents } from '../../../../test/support/stored-events';
import { evolveShipment, type ShipmentRow } from './shipment-corridors.projection';
import { assembleCorridors } from './shipment-corridors.view';

const second = {
  ...dprkShipment,
  items: [{ category: 'artillery_shells', quantity: { value: 500, unit: 'containers', qualifier: 'approx' as const } }],
  occurredAt: { from: '2023-10-02', to: '2023-10-20', precision: 'range' as const },
};
const log = storedEvents({
  'shipment-kp-ru-1': { streamType: 'shipment', events: [{ type: 'ShipmentReported', data: dprkShipment }] },
  'shipment-kp-ru-2': { streamType: 'shipment', events: [{ type: 'ShipmentReported', data: second }] },
});

function corridors(events: typeof log) {
  const rows = new Map<string, ShipmentRow | null>();
  for (const event of events) rows.set(event.streamId, evolveShipment(rows.get(event.streamId) ?? null, event));
  return assembleCorridors([...rows.values()].filter((row): row is ShipmentRow => row !== null));
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

  it('adds shipments of one corridor by unit, and an approximate figure makes the total approximate', () => {
    expect(corridors(log)[0]).toMatchObject({
      shipmentIds: ['kp-ru-1', 'kp-ru-2'],
      totals: [{ unit: 'containers', value: 1500, qualifier: 'approx' }],
      period: { from: '2023-09-07', to: '2023-10-20' },
    });
  });

  it('gives the same corridors when events are redelivered or streams arrive in another order', () => {
    expect(corridors([...log, ...log])).toEqual(corridors(log));
    expect(corridors([...log].reverse())).toEqual(corridors(log));
  });
});
