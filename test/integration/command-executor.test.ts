import { shipmentCommands } from '@policy-ledger/domain';
import { VersionConflictError } from '@policy-ledger/event-store';
import type { Ledger } from '@policy-ledger/runtime';
import { dprkShipment } from '@policy-ledger/testing';
import { dropTestLedger, openTestLedger } from '../support/test-ledger';

const metadata = { recordedBy: 'test', correlationId: 'test', causationId: null };
const fact = { occurredAt: dprkShipment.occurredAt, sources: dprkShipment.sources, confidence: dprkShipment.confidence };
const leg = (n: number) => ({
  type: 'ReportShipmentLeg' as const,
  data: { leg: { mode: 'rail' as const, from: { name: `stop ${n}`, country: 'RU' }, to: { name: `stop ${n + 1}`, country: 'RU' } }, ...fact },
});

describe('the command executor on PostgreSQL', () => {
  let ledger: Ledger;
  let other: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger('executor');
    other = await openTestLedger('executor', { reopen: true });
    await ledger.commands.execute(shipmentCommands, 'hot', { type: 'ReportShipment', data: dprkShipment }, { metadata });
  });
  afterAll(async () => {
    await other.close();
    await dropTestLedger(ledger);
  });

  it('lets 50 concurrent unpinned commands on one stream all succeed, in order, each once', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.commands.execute(shipmentCommands, 'hot', leg(i), { metadata })));
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const { events } = await ledger.store.readStream('shipment-hot');
    expect(events).toHaveLength(51);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('still answers a pinned command whose version moved with a conflict, and stores nothing', async () => {
    const { version } = await ledger.store.readStream('shipment-hot');
    await expect(ledger.commands.execute(shipmentCommands, 'hot', leg(99), { metadata, expectedVersion: version - 1 })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await ledger.store.readStream('shipment-hot')).version).toBe(version);
    await expect(ledger.commands.execute(shipmentCommands, 'hot', leg(99), { metadata, expectedVersion: version })).resolves.toMatchObject({ version: version + 1 });
  });

  it('decides again when another process wrote to the stream since this one cached it', async () => {
    const before = (await ledger.store.readStream('shipment-hot')).version;
    // `ledger` has the stream cached at `before`; `other` appends behind its back.
    await other.commands.execute(shipmentCommands, 'hot', leg(100), { metadata });
    await other.commands.execute(shipmentCommands, 'hot', { type: 'RetractShipmentReport', data: { reason: 'a test', ...fact } }, { metadata });
    // Decided on the cached state it would pass; decided again on the new state it is refused.
    await expect(ledger.commands.execute(shipmentCommands, 'hot', leg(101), { metadata })).rejects.toMatchObject({ code: 'shipment.retracted' });
    expect((await ledger.store.readStream('shipment-hot')).version).toBe(before + 2);
  });
});
