import type { StoredEvent } from '@policy-ledger/event-store';
import { applyOnce, projectionPosition, type Projection, registerProjection } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

/** A projection that counts what it applies, to see each event applied once. */
const counter: Projection = {
  name: 'test-counter',
  handles: ['Counted'],
  tables: ['counted'],
  async apply(tx, event) {
    await tx.query('INSERT INTO counted (position) VALUES ($1)', [event.position]);
  },
};

const at = (position: number, type = 'Counted'): StoredEvent => ({
  position,
  eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  streamId: `s-${position}`,
  streamType: 's',
  version: 1,
  type,
  schemaVersion: 1,
  data: {},
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
      await applyOnce(ledger.db, counter, at(position));
      reached.push(await projectionPosition(ledger.db, counter.name));
    }
    expect(reached).toEqual([0, 1, 1, 1, 3, 3, 5, 5]);
    const { rows } = await ledger.db.query<{ position: number }>('SELECT position FROM counted ORDER BY position');
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('advances over events it does not handle', async () => {
    await applyOnce(ledger.db, counter, at(6, 'SomethingElse'));
    expect(await projectionPosition(ledger.db, counter.name)).toBe(6);
  });

  it('keeps its position consistent when events are applied concurrently', async () => {
    await Promise.all([9, 7, 8, 11, 10].map((p) => applyOnce(ledger.db, counter, at(p))));
    expect(await projectionPosition(ledger.db, counter.name)).toBe(11);
  });
});
