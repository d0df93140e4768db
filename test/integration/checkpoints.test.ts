import type { StoredEvent } from '@policy-ledger/contracts';
import { advanceCheckpoint, applyBatch, applyOrPark, projectionPosition, type Projection, registerProjection } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { event, shipmentReported } from '../support/events';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

/** A projection that counts what it applies, to see each event applied once. */
const counter: Projection = {
  name: 'test-counter',
  handles: ['ShipmentReported'],
  tables: ['counted'],
  async apply(tx, events) {
    for (const e of events) await tx.query('INSERT INTO counted (position) VALUES ($1)', [e.position]);
  },
};

const threat = { by: { country: 'KP' }, against: { country: 'US' }, what: 'a nuclear response', occurredAt: { from: '2023-10-12', precision: 'day' }, sources: [{ publisher: 'KCNA', sourceClass: 'official_statement' }], confidence: 'confirmed' };

describe('projection checkpoints on PostgreSQL', () => {
  let ledger: Ledger;
  /** The stored events, by position: shipments on streams of their own at 1-5 and 7-11, a threat (not handled) at 6. */
  const at = new Map<number, StoredEvent>();
  beforeAll(async () => {
    ledger = await openTestLedger('checkpoints');
    await ledger.db.query('CREATE TABLE counted (position bigint NOT NULL)');
    await registerProjection(ledger.db, counter.name);
    for (let position = 1; position <= 11; position++) {
      if (position === 6) await ledger.store.append('development-6', 'development', 0, [event('ThreatIssued', threat)]);
      else await ledger.store.append(`shipment-${position}`, 'shipment', 0, [shipmentReported()]);
    }
    for (const stored of await ledger.store.readAll(0, 100)) at.set(stored.position, stored);
  });
  afterAll(async () => dropTestLedger(ledger));

  const apply = (position: number) => applyOrPark(ledger.db, counter, at.get(position) as StoredEvent);

  it('applies a redelivered event once and reaches a position only when all before it are applied', async () => {
    const reached: number[] = [];
    for (const position of [3, 1, 3, 1, 2, 5, 4, 2]) {
      await apply(position);
      reached.push(await projectionPosition(ledger.db, counter.name));
    }
    expect(reached).toEqual([0, 1, 1, 1, 3, 3, 5, 5]);
    const { rows } = await ledger.db.query<{ position: number }>('SELECT position FROM counted ORDER BY position');
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('advances over events it does not handle', async () => {
    await apply(6);
    expect(await projectionPosition(ledger.db, counter.name)).toBe(6);
  });

  it('keeps its position consistent when events are applied concurrently', async () => {
    await Promise.all([9, 7, 8, 11, 10].map(apply));
    expect(await projectionPosition(ledger.db, counter.name)).toBe(11);
  });

  it('applies an event of a stream new to it once, though delivered to several appliers at once', async () => {
    const { position } = await ledger.store.append('shipment-12', 'shipment', 0, [shipmentReported(), shipmentReported('BY')]);
    const events = (await ledger.store.readAll(position - 2, 10)).filter((stored) => stored.streamId === 'shipment-12');
    expect(events.map((stored) => stored.version)).toEqual([1, 2]);
    // One batch of both events, given to four appliers at once (a redelivery during a rebalance).
    await Promise.all(Array.from({ length: 4 }, () => applyBatch(ledger.db, counter, events)));
    await advanceCheckpoint(ledger.db, counter.name);
    const { rows } = await ledger.db.query<{ position: number }>('SELECT position FROM counted WHERE position > $1 ORDER BY position', [position - 2]);
    expect(rows.map((r) => r.position)).toEqual([position - 1, position]);
    expect(await projectionPosition(ledger.db, counter.name)).toBe(position);
  });
});
