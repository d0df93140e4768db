import { decodeEvent, type StoredEvent } from '@policy-ledger/contracts';
import { applyOrPark, projectionPosition, type Projection, registerProjection } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment } from '@policy-ledger/testing';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

/** A projection that counts what it applies, to see each event applied once. */
const counter: Projection = {
  name: 'test-counter',
  handles: ['ShipmentReported'],
  tables: ['counted'],
  async apply(tx, events) {
    for (const event of events) await tx.query('INSERT INTO counted (position) VALUES ($1)', [event.position]);
  },
};

const threat = { by: { country: 'KP' }, against: { country: 'US' }, what: 'a nuclear response', occurredAt: { from: '2023-10-12', precision: 'day' }, sources: [{ publisher: 'KCNA', sourceClass: 'official_statement' }], confidence: 'confirmed' };

/** An event at a global position, on a stream of its own: the shipment the counter handles, or a threat it does not. */
const at = (position: number, type: 'ShipmentReported' | 'ThreatIssued' = 'ShipmentReported'): StoredEvent =>
  decodeEvent({
    position,
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId: `${type === 'ShipmentReported' ? 'shipment' : 'development'}-${position}`,
    streamType: type === 'ShipmentReported' ? 'shipment' : 'development',
    version: 1,
    type,
    schemaVersion: 1,
    data: type === 'ShipmentReported' ? dprkShipment : threat,
    metadata: { recordedBy: 't', correlationId: 't', causationId: null },
    recordedAt: new Date().toISOString(),
  });

describe('projection checkpoints on PostgreSQL', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger('checkpoints');
    await ledger.db.query('CREATE TABLE counted (position bigint NOT NULL)');
    await registerProjection(ledger.db, counter.name);
  });
  afterAll(async () => dropTestLedger(ledger));

  it('applies a redelivered event once and reaches a position only when all before it are applied', async () => {
    const reached: number[] = [];
    for (const position of [3, 1, 3, 1, 2, 5, 4, 2]) {
      await applyOrPark(ledger.db, counter, at(position));
      reached.push(await projectionPosition(ledger.db, counter.name));
    }
    expect(reached).toEqual([0, 1, 1, 1, 3, 3, 5, 5]);
    const { rows } = await ledger.db.query<{ position: number }>('SELECT position FROM counted ORDER BY position');
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('advances over events it does not handle', async () => {
    await applyOrPark(ledger.db, counter, at(6, 'ThreatIssued'));
    expect(await projectionPosition(ledger.db, counter.name)).toBe(6);
  });

  it('keeps its position consistent when events are applied concurrently', async () => {
    await Promise.all([9, 7, 8, 11, 10].map((p) => applyOrPark(ledger.db, counter, at(p))));
    expect(await projectionPosition(ledger.db, counter.name)).toBe(11);
  });
});
