import { readNegotiationsBoard, readProjectionStatuses, waitForPosition } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment, ukraineAidRequest } from '@policy-ledger/testing';
import { event } from '../support/events';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

const REQUESTS = 1500;
const SHIPMENTS = 500;

describe('a projector whose events Kafka no longer holds', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger('projector_heal', { env: { PROJECTOR_HEAL_AFTER_MS: '1000' } });
  });
  afterAll(async () => dropTestLedger(ledger));

  it('catches up from the event store, then goes on with the topic', async () => {
    // Published long ago, and gone from Kafka since (retention): the relay marked them, the topic never had them.
    const writes = [
      ...Array.from({ length: REQUESTS }, (_, i) => ({ streamId: `aid-request-lost-${i}`, streamType: 'aid-request', expectedVersion: 0, events: [event('AidRequested', ukraineAidRequest)] })),
      ...Array.from({ length: SHIPMENTS }, (_, i) => ({ streamId: `shipment-lost-${i}`, streamType: 'shipment', expectedVersion: 0, events: [event('ShipmentReported', dprkShipment)] })),
    ];
    for (let i = 0; i < writes.length; i += 500) await ledger.store.appendMany(writes.slice(i, i + 500));
    await ledger.db.query(`UPDATE outbox SET published_at = now() - interval '1 hour'`);
    const lost = await ledger.log.head();

    ledger.startRelay();
    await ledger.startProjector();
    for (const name of ['negotiations-board', 'shipment-corridors', 'timeline']) expect(await waitForPosition(ledger.db, name, lost, 30_000)).toBeGreaterThanOrEqual(lost);
    const board = await readNegotiationsBoard(ledger.db);
    expect(board.unbundledAidRequests).toHaveLength(REQUESTS);

    // New events come through Kafka again.
    const { position } = await ledger.store.append('aid-request-after', 'aid-request', 0, [event('AidRequested', ukraineAidRequest)]);
    expect(await waitForPosition(ledger.db, 'negotiations-board', position, 15_000)).toBeGreaterThanOrEqual(position);
    const { projections } = await readProjectionStatuses(ledger.db, ['negotiations-board']);
    expect(projections[0]).toMatchObject({ state: 'live', position });
  }, 60_000);
});
